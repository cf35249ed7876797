"""Who may look anyone up in the person index."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from safetynet.core.capabilities import declare

READ_ALL = declare("person.read_all", _("Look up anyone in the person index"))
