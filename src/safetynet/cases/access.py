"""Fetching a case by id: the lead unit and the desk; 404 for everyone else; audited."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases.models import Case


def case_list_visible_to(principal: Principal) -> QuerySet[Case]:
    cases = Case.objects.select_related("lead_unit", "worker")
    if principal.at_desk:
        return cases
    if principal.staff is None:
        return cases.none()
    return cases.filter(lead_unit=principal.staff.unit)


def access_case(principal: Principal, case_id: int, *, write: bool = False) -> Case:
    case = case_list_visible_to(principal).filter(pk=case_id).first()
    if case is None:
        raise Http404
    audit_record(
        principal=principal,
        action="write" if write else "read",
        object_type="case",
        object_id=case.pk,
    )
    return case
