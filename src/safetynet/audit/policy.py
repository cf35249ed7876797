"""Who may read the audit trail."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from safetynet.core.capabilities import declare

READ = declare("audit.read", _("Read the audit trail"))
