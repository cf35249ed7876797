"""Who may administer the platform's units, staff and partner systems."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from safetynet.agencies.principal import Principal
from safetynet.core.capabilities import declare

ADMINISTER = declare("admin.site", _("Administer units, staff and partner systems"))


def can_administer(p: Principal) -> bool:
    return p.has(ADMINISTER)
