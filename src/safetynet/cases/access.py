"""Fetching a case by id: for those with a relation to it that shows at least the level the
page needs (cases/needtoknow.py); the same 404 for missing and for not yours; audited with
what was shown and why."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from safetynet.agencies.principal import Principal
from safetynet.audit.access import find
from safetynet.audit.services import audit_denied, audit_record
from safetynet.cases import needtoknow
from safetynet.cases.models import Case
from safetynet.cases.selectors import case_list_visible_to


def access_case_as(
    p: Principal, case_id: int, *, need: str = needtoknow.FULL
) -> needtoknow.CaseAccess:
    """The case with what the viewer may see of it: 404 below `need`. One "read" row names the
    case, the relations it was reached by (a break-the-glass grant among them) and the ids of
    what the page shows with it: members from the summary level, reports at the full level."""
    case = find(case_list_visible_to(p), case_id, object_type="case", actor=p)
    access = needtoknow.case_access(p, case)
    if not needtoknow.at_least(access.level, need):
        # Seen in lists, but not to the level this page needs: a refused attempt all the same.
        audit_denied(object_type="case", object_id=case.pk, exists=True, actor=p)
        raise Http404
    detail: dict[str, Any] = {
        "level": access.level,
        "via": sorted(access.relations),
        "members": sorted(case.members.values_list("person_id", flat=True)),
    }
    if access.full:
        # values_list(flat=True) without a field is the pk too: an equivalent mutant.
        detail["reports"] = sorted(case.reports.values_list("pk", flat=True))  # pragma: no mutate
    if access.breakglass is not None:
        detail["breakglass"] = access.breakglass.pk
    audit_record(actor=p, action="read", object_type="case", object_id=case.pk, detail=detail)
    return access


def access_case(p: Principal, case_id: int) -> Case:
    """The whole case (its page at the full level, its sub-pages that show content)."""
    return access_case_as(p, case_id).case
