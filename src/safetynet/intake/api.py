"""The intake desk's API: partner systems file reports; the desk reads the queue and screens;
units accept or return what they are sent. Handlers parse (the schemas), call a service, and
answer in the caller's view; access and every rule are the services' and the access helpers'."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from ninja import Field, Header, Query, Router, Schema, Status

from safetynet.agencies.http import Request
from safetynet.agencies.principal import Principal
from safetynet.api.errors import ERRORS
from safetynet.api.idempotency import Done, run_once
from safetynet.api.types import OneOf
from safetynet.audit.access import fetch
from safetynet.audit.services import audit_list
from safetynet.intake import policy, schemas, selectors
from safetynet.intake.access import ReportShown, access_report
from safetynet.intake.models import Concern, Report, ReportPerson, ScreeningDecision
from safetynet.intake.policy import ReportView
from safetynet.intake.services import (
    decision_record,
    dispatch_accept,
    dispatch_return,
    report_create,
)

router = Router(tags=["intake"])
PAGE_SIZE = 50
IdempotencyKey = Annotated[
    str, Header(alias="Idempotency-Key", min_length=1, max_length=200, description="Required")
]
_JSON = DjangoJSONEncoder()


def _json_time(moment: dt.datetime) -> str:
    """A time as the API writes every time (milliseconds, "Z" for UTC), also in answers it
    builds itself."""
    return str(_JSON.default(moment))


def _person(entry: ReportPerson, view: ReportView) -> dict[str, Any]:
    """One person as filed; what the index made of them only for the desk and the unit."""
    unit_or_desk = view is not ReportView.FILER
    desk = view is ReportView.DESK
    return {
        "role": entry.role,
        "name": entry.name,
        "id_number": entry.id_number,
        "birth_date": entry.birth_date.isoformat() if entry.birth_date else None,
        "match_status": entry.match_status if unit_or_desk else None,
        "person_id": entry.person_id if unit_or_desk else None,
        "candidates": entry.candidates if desk else None,
        "is_re_report": entry.is_re_report if desk else None,
    }


def report_out(
    p: Principal, report: Report, view: ReportView, people: Iterable[ReportPerson]
) -> dict[str, Any]:
    """A report as this viewer may know it (see `intake.policy.ReportView`)."""
    reporter = None
    if (view is ReportView.DESK and policy.can_see_reporter(p, report)) or view is ReportView.FILER:
        reporter = {
            "reporter_type": report.reporter_type,
            "name": report.reporter_name,
            "phone": report.reporter_phone,
            "organisation": report.reporter_organisation,
        }
    knows_history = view is ReportView.DESK or (
        view is ReportView.UNIT and policy.knows_protection_history(p)
    )
    return {
        "id": report.pk,
        "number": report.number,
        "progress": report.progress.value,
        "status": report.status if view is not ReportView.FILER else None,
        "view": view.value,
        "channel": report.channel,
        "received_at": _json_time(report.received_at),
        "grading_deadline": _json_time(report.grading_deadline),
        "district": report.district.code,
        "concerns": report.concerns,
        "vulnerable_areas": report.vulnerable_areas,
        "urgency": report.urgency,
        "is_re_report": report.is_re_report if knows_history else None,
        "reporter": reporter,
        "narrative": report.narrative,
        "persons": [_person(e, view) for e in people],
    }


def _shown_out(p: Principal, shown: ReportShown) -> dict[str, Any]:
    return report_out(p, shown.report, shown.view, shown.people)


def _json(status: int, body: Any) -> JsonResponse:
    return JsonResponse(body, status=status, content_type="application/json; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})  # fmt: skip


@router.post("/reports", response={201: schemas.ReportOut, **ERRORS}, summary="File a report")
def create_report(
    request: Request, payload: schemas.ReportIn, idempotency_key: IdempotencyKey
) -> Any:
    p = request.principal
    draft = payload.draft()

    def perform() -> Done:
        report, people = report_create(principal=p, draft=draft)
        view = policy.report_view(p, report, dispatched_here=False, in_our_case=False)
        assert view is not None
        return Done(201, report_out(p, report, view, people), {"report": report.pk})

    def replay(result: dict[str, Any]) -> tuple[int, Any]:
        return 201, _shown_out(p, access_report(p, int(result["report"])))

    # The answer is built here (or replayed) in the documented shape, which the tests check
    # against schemas.ReportOut; validating it again on every call cost more than the insert.
    return _json(*run_once(actor=p, key=idempotency_key, payload=payload.dict(),
                           perform=perform, replay=replay))  # fmt: skip


@router.get(
    "/reports/{report_id}", response={200: schemas.ReportOut, **ERRORS}, summary="Read a report"
)
def read_report(request: Request, report_id: int) -> Any:
    p = request.principal
    return Status(200, _shown_out(p, access_report(p, report_id)))


class QueueQuery(Schema):
    district: Annotated[str, OneOf(("", *schemas.DISTRICTS), "District code")] = ""
    channel: Annotated[str, OneOf(("", *schemas.CHANNELS), "Channel code")] = ""
    concern: Concern | None = None
    page: int = Field(1, ge=1, le=100_000)


@router.get("/queue", response={200: schemas.QueuePage, **ERRORS}, summary="The screening queue")
def screening_queue(request: Request, filters: Query[QueueQuery]) -> Any:
    p = request.principal
    if not policy.can_screen(p):
        raise Http404
    wanted = selectors.QueueFilters(
        district=filters.district,
        channel=filters.channel,
        concern=filters.concern.value if filters.concern else "",
    )
    paginator = Paginator(selectors.report_queue(p, wanted), PAGE_SIZE)
    current = paginator.get_page(filters.page)
    items = []
    for report in current:
        clock = selectors.clock_for(report)
        items.append(
            {
                "id": report.pk,
                "number": report.number,
                "received_at": report.received_at,
                "grading_deadline": report.grading_deadline,
                "hours_left": round(clock.hours_left, 2),
                "overdue": clock.overdue,
                "district": report.district.code,
                "channel": report.channel,
                "concerns": report.concerns,
                "urgency": report.urgency,
                "is_re_report": report.is_re_report,
                "status": report.status,
            }
        )
    audit_list(actor=p, object_type="report", ids=[i["id"] for i in items])
    return Status(
        200,
        {"count": paginator.count, "page": current.number, "pages": paginator.num_pages,
         "items": items},
    )  # fmt: skip


def _decision_out(decision: ScreeningDecision) -> dict[str, Any]:
    dispatch = decision.dispatch_set.select_related("unit").first()
    return {
        "id": decision.pk,
        "report_id": decision.report_id,
        "outcome": decision.outcome,
        "route_key": decision.route_key,
        "review_status": decision.review_status,
        "tipvda_score": decision.tipvda_score,
        "dispatch_id": dispatch.pk if dispatch else None,
        "dispatched_to": dispatch.unit.code if dispatch else None,
    }


@router.post(
    "/reports/{report_id}/decision",
    response={201: schemas.DecisionOut, **ERRORS},
    summary="Screen a report",
)
def record_decision(
    request: Request, report_id: int, payload: schemas.DecisionIn, idempotency_key: IdempotencyKey
) -> Any:
    p = request.principal
    draft = payload.draft()

    def perform() -> Done:
        decision = decision_record(principal=p, report_id=report_id, draft=draft)
        return Done(201, _decision_out(decision), {"decision": decision.pk})

    def replay(result: dict[str, Any]) -> tuple[int, Any]:
        visible = ScreeningDecision.objects.filter(report__in=selectors.report_list_visible_to(p))
        decision = fetch(p, visible, int(result["decision"]), object_type="decision")
        return 201, _decision_out(decision)

    return Status(*run_once(actor=p, key=idempotency_key, payload=[report_id, payload.dict()],
                            perform=perform, replay=replay))  # fmt: skip


@router.post(
    "/dispatches/{dispatch_id}/accept",
    response={200: schemas.CaseOut, **ERRORS},
    summary="Accept a dispatch (idempotent: again with the same worker returns the case)",
)
def accept_dispatch(request: Request, dispatch_id: int, payload: schemas.AcceptIn) -> Any:
    case = dispatch_accept(
        principal=request.principal, dispatch_id=dispatch_id, worker_id=payload.worker_id
    )
    return Status(200, {
        "id": case.pk,
        "number": case.number,
        "service": case.service,
        "lead_unit": case.lead_unit.code,
        "worker_id": case.worker_id,
        "status": case.status,
    })  # fmt: skip


@router.post(
    "/dispatches/{dispatch_id}/return",
    response={200: schemas.DispatchOut, **ERRORS},
    summary="Return a dispatch to the desk (idempotent)",
)
def return_dispatch(request: Request, dispatch_id: int, payload: schemas.ReturnIn) -> Any:
    returned = dispatch_return(
        principal=request.principal, dispatch_id=dispatch_id, reason=payload.reason
    )
    return Status(200, {
        "id": returned.pk,
        "report_id": returned.report_id,
        "unit": returned.unit.code,
        "status": returned.status,
        "return_reason": returned.return_reason,
    })  # fmt: skip
