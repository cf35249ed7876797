"""The one way to fetch a report or dispatch by id: scoped, audited, 404 when not yours."""

from __future__ import annotations

from django.http import Http404

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.intake.models import Dispatch, Report
from safetynet.intake.selectors import report_list_visible_to


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
