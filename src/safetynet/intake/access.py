"""Fetching a report or a dispatch by id: through the viewer's visibility, the same 404 for
missing and not yours, and one audit row naming everything the page or answer shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from safetynet.agencies.principal import Principal
from safetynet.audit.access import fetch, find
from safetynet.audit.services import audit_record
from safetynet.cases.models import Case
from safetynet.intake import policy
from safetynet.intake.models import Dispatch, Report, ReportPerson
from safetynet.intake.policy import ReportView
from safetynet.intake.selectors import (
    WITH_UNIT,
    PersonHistory,
    history_ids,
    merge_choices,
    report_history,
    report_list_visible_to,
    view_of,
)


@dataclass(frozen=True)
class ReportShown:
    report: Report
    view: ReportView
    people: list[ReportPerson]  # as filed; what the index made of them is not the filer's
    history: list[PersonHistory] | None  # the desk's: everyone's earlier reports and cases
    open_cases: list[Case] = field(default_factory=list)  # the decision page's merge choices


def access_report(
    p: Principal,
    report_id: int,
    *,
    with_history: bool = False,
    with_open_cases: bool = False,
    shows: dict[str, int] | None = None,
) -> ReportShown:
    """A report as the viewer may see it. With `with_history` (the desk's pages), everyone's
    earlier reports and cases too; with `with_open_cases` (the decision page), the open cases a
    report may be merged into, with their members. `shows`: the ids of what else the page shows
    with it (the decision under review, the investigation). One audit row names it all."""
    report = find(report_list_visible_to(p).select_related("case"), report_id, actor=p)
    view = view_of(p, report)
    assert view is not None  # visible means it has a view (selectors mirror the policy)
    people = list(report.people.order_by("pk"))  # a filer's: as they filed them
    history = report_history(report) if with_history and view is ReportView.DESK else None
    if view is ReportView.FILER:
        detail: dict[str, object] = {"view": view.value}
    elif history is not None:
        detail = {"view": view.value, **history_ids(history)}
    else:
        detail = {
            "view": view.value,
            "persons": sorted({e.person_id for e in people if e.person_id}),
        }
    open_cases = merge_choices(report) if with_open_cases else None
    if open_cases is not None:
        # The merge choices name their members, who may not be on the report.
        detail["merge_cases"] = [c.pk for c in open_cases]
        detail["merge_members"] = sorted({m.person_id for c in open_cases
                                          for m in c.members.all()})  # fmt: skip
    detail.update(shows or {})
    audit_record(actor=p, action="read", object_type="report", object_id=report.pk, detail=detail)
    return ReportShown(report=report, view=view, people=people, history=history,
                       open_cases=open_cases or [])  # fmt: skip


def dispatch_visibility(p: Principal) -> Q:
    """The desk sees every dispatch; a unit its own while it holds them (waiting or accepted)."""
    if policy.can_screen(p):
        return Q()
    if policy.works_for_unit(p):
        return Q(unit_id=p.unit_id, status__in=WITH_UNIT)
    return Q(pk__in=[])


def dispatch_list_visible_to(p: Principal) -> QuerySet[Dispatch]:
    return Dispatch.objects.filter(dispatch_visibility(p)).select_related(
        "report", "report__district", "report__district__county", "unit", "decision",
        "decision__service_group", "decision__decided_by__staff", "case",
    )  # fmt: skip


def access_dispatch(p: Principal, dispatch_id: int) -> Dispatch:
    """A dispatch with its report, people and decision (as the receiving unit needs them)."""
    return fetch(
        p,
        dispatch_list_visible_to(p),
        dispatch_id,
        object_type="dispatch",
        detail=lambda d: {
            "report": d.report_id,
            "decision": d.decision_id,
            "persons": sorted(
                pid for pid in d.report.people.values_list("person_id", flat=True) if pid
            ),
        },
    )
