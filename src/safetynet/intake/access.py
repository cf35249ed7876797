"""The one way to fetch a report or dispatch by id: scoped, audited, 404 when not yours."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases.access import case_list_visible_to
from safetynet.cases.models import CaseMember
from safetynet.intake.models import Dispatch, Report, ReportPerson
from safetynet.intake.selectors import report_list_visible_to
from safetynet.people.models import Person


def access_report(
    principal: Principal, report_id: int, *, write: bool = False, reason: str = ""
) -> Report:
    """Missing and forbidden look the same (404); every granted read is audited."""
    report = report_list_visible_to(principal).filter(pk=report_id).first()
    if report is None:
        raise Http404
    audit_record(
        principal=principal,
        action="write" if write else "read",
        object_type="report",
        object_id=report.pk,
        reason=reason,
    )
    return report


def access_dispatch(principal: Principal, dispatch_id: int) -> Dispatch:
    """A dispatch is the receiving unit's (and the desk's)."""
    dispatch = (
        Dispatch.objects.select_related("report", "unit", "decision").filter(pk=dispatch_id).first()
    )
    if dispatch is None:
        raise Http404
    mine = principal.staff is not None and principal.staff.unit_id == dispatch.unit_id
    if not (mine or principal.at_desk):
        raise Http404
    audit_record(principal=principal, action="read", object_type="dispatch", object_id=dispatch.pk)
    return dispatch


def can_see_reporter(principal: Principal, report: Report) -> bool:
    """Reporter identity is the desk's alone (and the filer's own)."""
    return principal.at_desk or (
        principal.user is not None and report.filed_by_id == principal.user.pk
    )


def person_list_visible_to(principal: Principal) -> QuerySet[Person]:
    """A person is the desk's, and a unit's when they are in a report sent to it or a case it
    leads; a filer's when they are in a report the filer filed."""
    persons = Person.objects.all()
    if principal.at_desk:
        return persons
    in_reports = ReportPerson.objects.filter(report__in=report_list_visible_to(principal)).values(
        "person_id"
    )
    in_cases = CaseMember.objects.filter(case__in=case_list_visible_to(principal)).values(
        "person_id"
    )
    return persons.filter(Q(pk__in=in_reports) | Q(pk__in=in_cases))


def access_person(principal: Principal, person_id: int) -> Person:
    person = person_list_visible_to(principal).filter(pk=person_id).first()
    if person is None:
        raise Http404
    audit_record(principal=principal, action="read", object_type="person", object_id=person.pk)
    return person
