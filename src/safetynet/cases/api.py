"""Case management's API for a unit's partner system (its own case software): read the cases it
may see, post a contact (Idempotency-Key), list what is due. The same token rules as the rest of
the API; 404 for a case it may not see; every read audited."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status

from safetynet.agencies.http import Request
from safetynet.api.errors import ERRORS
from safetynet.api.idempotency import Done, run_once
from safetynet.api.types import CLEAN, MOMENT, OneOf
from safetynet.audit.services import audit_list
from safetynet.cases import policy
from safetynet.cases.access import access_case
from safetynet.cases.due import ClockState, dues
from safetynet.cases.models import OPEN_STATUSES, Case, CaseStatus, Contact
from safetynet.cases.rules import VISIT_METHOD, VISIT_TARGET
from safetynet.cases.selectors import case_list_visible_to
from safetynet.cases.services import ContactDraft, contact_record
from safetynet.core import codes

router = Router(tags=["cases"])
PAGE_SIZE = 50
IdempotencyKey = Annotated[
    str, Header(alias="Idempotency-Key", min_length=1, max_length=200, description="Required")
]
METHODS = tuple(c.code for c in codes.code_system(VISIT_METHOD))
TARGETS = tuple(c.code for c in codes.code_system(VISIT_TARGET))


class CaseSummary(Schema):
    id: int
    number: str
    programme: str
    category: str
    status: CaseStatus
    lead_unit: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None


class CasePage(Schema):
    items: list[CaseSummary]
    page: int
    pages: int
    count: int


class MemberOut(Schema):
    person_id: int
    role: str
    name: str
    birth_date: dt.date | None


class ContactOut(Schema):
    id: int
    at: dt.datetime
    method: Annotated[str, OneOf(METHODS, "twss-visit-service-method code")]
    target: Annotated[str, OneOf(TARGETS, "twss-visit-target code")]
    place: str
    notes: str


class DueOut(Schema):
    case_id: int
    what: str = Field(description="a clock (face_to_face, investigation_report, "
                                  "assessment_report) or a window: window:<method>")  # fmt: skip
    due: dt.datetime | dt.date
    status: str = Field(description="met, due or overdue")


class CaseOut(CaseSummary):
    members: list[MemberOut]
    contacts: list[ContactOut]
    due: list[DueOut]


class ContactIn(Schema):
    at: Annotated[dt.datetime, MOMENT]
    method: Annotated[str, OneOf(METHODS, "twss-visit-service-method code, e.g. B 面訪家庭")]
    target: Annotated[str, OneOf(TARGETS, "twss-visit-target code, e.g. 0 案主本人")]
    place: Annotated[str, Field(max_length=100), CLEAN] = ""
    notes: Annotated[str, Field(max_length=4000), CLEAN] = ""


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)


def _summary(case: Case) -> dict[str, Any]:
    return {"id": case.pk, "number": case.number, "programme": case.programme,
            "category": case.category, "status": case.status, "lead_unit": case.lead_unit.code,
            "opened_at": case.opened_at, "closed_at": case.closed_at}  # fmt: skip


def _due(case_id: int, items: list[Any]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if isinstance(item, ClockState):
            out.append({"case_id": case_id, "what": item.clock, "due": item.due,
                        "status": item.status})  # fmt: skip
        else:
            out.append({"case_id": case_id, "what": f"window:{item.window.method}",
                        "due": item.window.end, "status": item.status})  # fmt: skip
    return out


def _contact(c: Contact) -> dict[str, Any]:
    return {"id": c.pk, "at": c.at, "method": c.method, "target": c.target, "place": c.place,
            "notes": c.notes}  # fmt: skip


def _caller(request: Request) -> Any:
    p = request.principal
    if not (policy.reads_by_api(p) or policy.works_cases(p)):
        raise Http404
    return p


@router.get("/cases", response={200: CasePage, **ERRORS}, summary="The cases you may read")
def list_cases(request: Request, query: Query[PageQuery]) -> Any:
    p = _caller(request)
    pages = Paginator(case_list_visible_to(p).order_by("-opened_at", "-pk"), PAGE_SIZE)
    current = pages.get_page(query.page)
    audit_list(actor=p, object_type="case", ids=[c.pk for c in current])
    return {"items": [_summary(c) for c in current], "page": current.number,
            "pages": pages.num_pages, "count": pages.count}  # fmt: skip


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS}, summary="Read a case")
def read_case(request: Request, case_id: int) -> Any:
    p = _caller(request)
    case = access_case(p, case_id)
    (due,) = dues([case])
    members = case.members.select_related("person").order_by("pk")
    return {
        **_summary(case),
        "members": [{"person_id": m.person_id, "role": m.role, "name": m.person.name,
                     "birth_date": m.person.birth_date} for m in members],
        "contacts": [_contact(c) for c in case.contacts.all()[:50]],
        "due": _due(case.pk, [*due.clocks, *due.windows]),
    }  # fmt: skip


@router.post("/cases/{case_id}/contacts", response={201: ContactOut, **ERRORS},
             summary="Record a contact or visit")  # fmt: skip
def post_contact(
    request: Request, case_id: int, payload: ContactIn, idempotency_key: IdempotencyKey
) -> Any:
    p = _caller(request)
    at = payload.at if timezone.is_aware(payload.at) else timezone.make_aware(payload.at)
    draft = ContactDraft(at=at, method=payload.method, target=payload.target,
                         place=payload.place, notes=payload.notes)  # fmt: skip

    def perform() -> Done:
        contact = contact_record(principal=p, case_id=case_id, draft=draft)
        return Done(201, _contact(contact), {"contact": contact.pk})

    def replay(result: dict[str, Any]) -> tuple[int, Any]:
        contact = Contact.objects.filter(pk=result["contact"], case__in=case_list_visible_to(p))
        found = contact.first()
        if found is None:
            raise Http404
        return 201, _contact(found)

    status, body = run_once(actor=p, key=idempotency_key, payload=payload.dict(),
                            perform=perform, replay=replay)  # fmt: skip
    return Status(status, body)


@router.get("/due", response={200: list[DueOut], **ERRORS},
            summary="What is due or overdue on your open cases (next 7 days)")  # fmt: skip
def due_items(request: Request) -> Any:
    p = _caller(request)
    cases = list(case_list_visible_to(p).filter(status__in=OPEN_STATUSES)[:2000])
    today = timezone.localdate()
    out = []
    for due in dues(cases):
        out += _due(due.case.pk, due.open_items(today, dt.timedelta(days=7)))
    audit_list(actor=p, object_type="case", ids=[c.pk for c in cases])
    return out
