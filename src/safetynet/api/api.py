"""REST API v1: the reporter channel for partner systems, the queue, decisions and dispatches.

Handlers parse, check access, call a service and render; validation is the web forms'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Header, NinjaAPI, Query, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from safetynet.agencies.models import ApiClient, Staff
from safetynet.agencies.principal import Principal
from safetynet.agencies.services import token_hash
from safetynet.api import schemas
from safetynet.api.idempotency import run_once
from safetynet.audit.services import audit_list
from safetynet.core import reference
from safetynet.core.errors import ServiceError
from safetynet.intake import selectors
from safetynet.intake.access import access_dispatch, access_report, can_see_reporter
from safetynet.intake.drafts import ReportDraft
from safetynet.intake.forms import DecisionForm, ReportToValidate, people_forms
from safetynet.intake.models import Report, ReportPerson
from safetynet.intake.services import (
    decision_record,
    dispatch_accept,
    dispatch_return,
    report_create,
)

PAGE_SIZE = 50


class TokenAuth(HttpBearer):
    """Partner systems send `Authorization: Bearer <token>`."""

    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        digest = token_hash(token)
        client = reference.cached(
            f"api-client:{digest}",
            lambda: (
                ApiClient.objects.select_related("unit")
                .filter(token_hash=digest, active=True)
                .first()
            ),
        )
        return Principal.of_client(client) if client else None


api = NinjaAPI(
    title="SafetyNet API",
    version="1",
    description="Intake desk API: file reports, read the screening queue, decide, dispatch.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-v1",
)


def _principal(request: HttpRequest) -> Principal:
    auth = request.auth  # type: ignore[attr-defined]
    return auth if isinstance(auth, Principal) else Principal.of_user(auth)


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, exc: ServiceError) -> Any:
    status = 409 if exc.conflict else 403 if exc.code == "forbidden" else 422
    return api.create_response(
        request,
        {"code": exc.code, "message": exc.message, "errors": exc.field_errors},
        status=status,
    )


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> Any:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = ".".join(str(part) for part in error.get("loc", ())[1:]) or "body"
        errors.setdefault(location, []).append(str(error.get("msg", "")))
    return api.create_response(
        request,
        {
            "code": "invalid",
            "message": _("The request is not in the expected shape."),
            "errors": errors,
        },
        status=422,
    )


def _form_errors(form: Any, prefix: str = "") -> dict[str, list[str]]:
    return {
        (prefix + (field if field != "__all__" else "")) or "__all__": [str(m) for m in messages]
        for field, messages in form.errors.items()
    }


def _invalid(errors: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
    message = _("Please correct the fields named in errors.")
    return 422, {"code": "invalid", "message": message, "errors": errors}


_JSON = DjangoJSONEncoder()


def _json_time(moment: dt.datetime) -> str:
    """A time as the API writes every time (milliseconds, "Z" for UTC), also in answers it
    builds itself."""
    return str(_JSON.default(moment))


def _report_out(
    principal: Principal, report: Report, people: Iterable[ReportPerson] | None = None
) -> dict[str, Any]:
    reporter = None
    if can_see_reporter(principal, report):
        reporter = {
            "reporter_type": report.reporter_type,
            "name": report.reporter_name,
            "phone": report.reporter_phone,
            "organisation": report.reporter_organisation,
        }
    return {
        "id": report.pk,
        "number": report.number,
        "status": report.status,
        "channel": report.channel,
        "received_at": _json_time(report.received_at),
        "grading_deadline": _json_time(report.grading_deadline),
        "district": report.district.code,
        "concerns": report.concerns,
        "vulnerable_areas": report.vulnerable_areas,
        "urgency": report.urgency,
        "is_re_report": report.is_re_report,
        "reporter": reporter,
        "narrative": report.narrative,
        "persons": [
            {
                "role": p.role,
                "name": p.name,
                "id_number": p.id_number,
                "birth_date": p.birth_date.isoformat() if p.birth_date else None,
                "match_status": p.match_status,
                "candidates": p.candidates,
                "person_id": p.person_id,
                "is_re_report": p.is_re_report,
            }
            for p in (report.people.order_by("pk") if people is None else people)
        ],
    }


ERRORS: dict[int, type[schemas.Error]] = {
    400: schemas.Error, 403: schemas.Error, 404: schemas.Error, 409: schemas.Error, 422: schemas.Error,
}  # fmt: skip


@api.post("/reports", response={201: schemas.ReportOut, **ERRORS}, summary="File a report")
def create_report(
    request: HttpRequest,
    payload: schemas.ReportIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # type: ignore[type-arg]
) -> Any:
    principal = _principal(request)
    body = payload.dict()

    def handler() -> tuple[int, Any]:
        data = dict(body)
        form = ReportToValidate(data)
        person_forms, people_errors = people_forms(data.pop("persons"))
        if not form.is_valid() or people_errors or not all(f.is_valid() for f in person_forms):
            errors = _form_errors(form)
            for i, person_form in enumerate(person_forms):
                errors.update(_form_errors(person_form, prefix=f"persons[{i}]."))
            if people_errors:
                errors["persons"] = people_errors
            return _invalid(errors)
        draft = ReportDraft.from_cleaned(form.cleaned_data, [f.cleaned_data for f in person_forms])
        report, people = report_create(principal=principal, draft=draft)
        return 201, _report_out(principal, report, people)

    status, answer = run_once(
        principal=principal, key=idempotency_key, payload=body, handler=handler
    )
    # The answer is built here (or replayed) in the documented shape, which the tests check
    # against schemas.ReportOut; validating it again on every call cost more than the insert.
    return JsonResponse(
        answer,
        status=status,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


@api.get(
    "/reports/{report_id}", response={200: schemas.ReportOut, **ERRORS}, summary="Read a report"
)
def read_report(request: HttpRequest, report_id: int) -> Any:
    principal = _principal(request)
    try:
        report = access_report(principal, report_id)
    except Http404:
        return Status(404, {"code": "not_found", "message": _("No such report.")})
    return Status(200, _report_out(principal, report))


@api.get("/queue", response={200: schemas.QueuePage, **ERRORS}, summary="The screening queue")
def screening_queue(
    request: HttpRequest,
    district: str = Query("", description="District code"),  # type: ignore[type-arg]
    channel: str = "",
    concern: str = "",
    page: int = 1,
) -> Any:
    principal = _principal(request)
    if not principal.at_desk:
        return Status(404, {"code": "not_found", "message": _("No such resource.")})
    district_id = selectors.district_id_for_code(district) if district else None
    if district and district_id is None:
        return Status(*_invalid({"district": [_("Unknown district code.")]}))
    filters = selectors.QueueFilters(
        district=district_id, channel=channel[:10], concern=concern[:20]
    )
    paginator = Paginator(selectors.report_queue(principal, filters), PAGE_SIZE)
    current = paginator.get_page(page)
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
                "is_re_report": report.is_re_report,
                "status": report.status,
            }
        )
    audit_list(principal=principal, object_type="report", ids=[i["id"] for i in items])
    return Status(
        200,
        {
            "count": paginator.count,
            "page": current.number,
            "pages": paginator.num_pages,
            "items": items,
        },
    )


@api.post(
    "/reports/{report_id}/decision", response={201: schemas.DecisionOut, **ERRORS}, summary="Screen"
)
def record_decision(
    request: HttpRequest,
    report_id: int,
    payload: schemas.DecisionIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # type: ignore[type-arg]
) -> Any:
    principal = _principal(request)
    if not principal.at_desk:
        return Status(404, {"code": "not_found", "message": _("No such report.")})
    try:
        report = access_report(principal, report_id, write=True)
    except Http404:
        return Status(404, {"code": "not_found", "message": _("No such report.")})
    body = payload.dict()

    def handler() -> tuple[int, Any]:
        data = {k: v for k, v in body.items() if v not in (None, "", [])}
        data["tipvda_items"] = [str(i) for i in body["tipvda_items"]]
        form = DecisionForm(data)
        if not form.is_valid():
            return _invalid(_form_errors(form))
        decision = decision_record(principal=principal, report_id=report.pk, draft=form.draft())
        dispatch = decision.dispatch_set.select_related("unit").first()
        return 201, {
            "id": decision.pk,
            "report_id": report.pk,
            "outcome": decision.outcome,
            "route_key": decision.route_key,
            "review_status": decision.review_status,
            "tipvda_score": decision.tipvda_score,
            "dispatch_id": dispatch.pk if dispatch else None,
            "dispatched_to": dispatch.unit.code if dispatch else None,
        }

    return Status(
        *run_once(
            principal=principal, key=idempotency_key, payload=[report_id, body], handler=handler
        )
    )


@api.post(
    "/dispatches/{dispatch_id}/accept", response={200: schemas.CaseOut, **ERRORS}, summary="Accept"
)
def accept_dispatch(request: HttpRequest, dispatch_id: int, payload: schemas.AcceptIn) -> Any:
    principal = _principal(request)
    try:
        dispatch = access_dispatch(principal, dispatch_id)
    except Http404:
        return Status(404, {"code": "not_found", "message": _("No such dispatch.")})
    worker = Staff.objects.filter(pk=payload.worker_id).first()
    if worker is None:
        return Status(*_invalid({"worker_id": [_("No such worker.")]}))
    case = dispatch_accept(principal=principal, dispatch_id=dispatch.pk, worker=worker)
    return Status(
        200,
        {
            "id": case.pk,
            "number": case.number,
            "service": case.service,
            "lead_unit": case.lead_unit.code,
            "worker_id": case.worker_id,
            "status": case.status,
        },
    )


@api.post(
    "/dispatches/{dispatch_id}/return",
    response={200: schemas.DispatchOut, **ERRORS},
    summary="Return",
)
def return_dispatch(request: HttpRequest, dispatch_id: int, payload: schemas.ReturnIn) -> Any:
    principal = _principal(request)
    try:
        dispatch = access_dispatch(principal, dispatch_id)
    except Http404:
        return Status(404, {"code": "not_found", "message": _("No such dispatch.")})
    returned = dispatch_return(principal=principal, dispatch_id=dispatch.pk, reason=payload.reason)
    return Status(
        200,
        {
            "id": returned.pk,
            "report_id": returned.report_id,
            "unit": returned.unit.code,
            "status": returned.status,
            "return_reason": returned.return_reason,
        },
    )
