"""Who links, and who may know what of each linked system.

Linkage staff import lists, run linkage and review pairs: they see the identifying fields of
records (what a match is decided on), never a list's content. For each system, the capability
`system.<code>.exists` lets a position see that a person has records there, and
`system.<code>.content` lets it read them; positions hold them by the capability table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.utils import DatabaseError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from safetynet.agencies.principal import Principal
from safetynet.core.capabilities import declare, declare_provider

OPERATE = declare("linkage.operate", _("Import lists, run linkage, review and undo links"))


def exists_capability(code: str) -> str:
    return f"system.{code}.exists"


def content_capability(code: str) -> str:
    return f"system.{code}.content"


def _system_capabilities() -> Iterable[tuple[str, Promise | str]]:
    from safetynet.linkage.models import SourceSystem

    try:
        systems = list(SourceSystem.objects.order_by("code").values_list("code", "name"))
    except DatabaseError:  # before the migrations ran
        return []
    out: list[tuple[str, Promise | str]] = []
    for code, name in systems:
        out.append(
            (exists_capability(code), _("%(system)s: know that records exist") % {"system": name})
        )
        out.append((content_capability(code), _("%(system)s: read the records") % {"system": name}))
    return out


declare_provider(_system_capabilities)


def can_link(p: Principal) -> bool:
    return p.has(OPERATE)


def may_know(p: Principal, code: str) -> bool:
    """That a person has records in this system (not what they say)."""
    return p.has(exists_capability(code)) or may_read(p, code)


def may_read(p: Principal, code: str) -> bool:
    return p.has(content_capability(code))
