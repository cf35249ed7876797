"""Writes of case management. Every rule is checked here, whoever calls (page, API, task, demo):
who may act (`cases.policy`), from which status (`TRANSITIONS`), on which version (a stale edit is
refused), with which codes. Each action writes its `CaseEvent` and its audit row in one
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.models import Unit
from safetynet.agencies.principal import Principal
from safetynet.audit.access import fetch_for_change
from safetynet.audit.services import audit_record
from safetynet.cases import conflicts, policy
from safetynet.cases.familylead import families_refresh
from safetynet.cases.models import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseMember,
    CaseStatus,
    CaseUnit,
    Contact,
    ContactRevision,
    EventKind,
    NoticeKind,
    OpenDecision,
)
from safetynet.cases.notices import notify, unit_staff
from safetynet.cases.rules import (
    CLOCK_NAMES,
    VISIT_METHOD,
    VISIT_TARGET,
    programme,
    programme_for_route,
)
from safetynet.cases.selectors import case_list_visible_to
from safetynet.core import codes
from safetynet.core.conflict import Fields, Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.core.text import is_clean

# An edit of a contact within this many days replaces it; later, the earlier version is kept.
# No source gives the period: issue 10 names 7 days (unsourced, docs/cases.md).
CONTACT_GRACE = dt.timedelta(days=7)
MAX_TEXT = 4000


def case_open(
    *,
    service: str,
    lead_unit_id: int,
    worker_id: int,
    members: Iterable[tuple[int, str]],
    opened_at: dt.datetime,
    received_at: dt.datetime | None = None,
    grade: int | None = None,
) -> Case:
    """A new case in assessment (評估中), led by a unit, with its worker and members (person id,
    role). The caller (accepting a dispatch) has checked who may open it and audits the action."""
    found = programme_for_route(service, opened_at.date())
    with transaction.atomic():
        case = Case.objects.create(
            service=service, programme=found["code"] if found else "",
            lead_unit_id=lead_unit_id, worker_id=worker_id, opened_at=opened_at,
            received_at=received_at or opened_at, grade=grade,
            schedule_start=timezone.localdate(received_at or opened_at),
        )  # fmt: skip
        CaseEvent.objects.create(case=case, kind=EventKind.STATUS, status_to=case.status,
                                 at=opened_at)  # fmt: skip
        CaseUnit.objects.create(case=case, unit_id=lead_unit_id, role=CaseUnit.LEAD,
                                worker_id=worker_id, since=opened_at)  # fmt: skip
        case_add_members(case=case, members=members, at=opened_at)
        return case


def case_add_members(
    *, case: Case, members: Iterable[tuple[int, str]], at: dt.datetime | None = None
) -> list[int]:
    """Everyone not yet a member joins the case (once); their person ids. Their families' lead
    units are looked at again (the family's first open case leads it)."""
    present = set(case.members.values_list("person_id", flat=True))
    new: dict[int, str] = {}
    for person_id, role in members:
        if person_id not in present:
            new.setdefault(person_id, role)
    CaseMember.objects.bulk_create(
        [CaseMember(case=case, person_id=pid, role=role) for pid, role in new.items()],
        ignore_conflicts=True,
    )
    if new and case.status in OPEN_STATUSES:
        families_refresh(list(new), at or timezone.now())
    return list(new)


# --- the life cycle ------------------------------------------------------------------------------

S = CaseStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    # Who: the lead unit's staff who work cases, or its supervisor who approves.
    approves: bool
    label: Promise
    needs_reason: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("propose_open", (S.ASSESSMENT,), False, gettext_lazy("Propose the open decision"),
                   needs_reason=True),
        Transition("approve_open", (S.OPEN_REVIEW,), True, gettext_lazy("Approve the open decision")),
        Transition("return_open", (S.OPEN_REVIEW,), True, gettext_lazy("Return for more assessment"),
                   needs_reason=True),
        Transition("follow_up", (S.SERVICE,), False, gettext_lazy("Move to follow-up")),
        Transition("resume", (S.FOLLOW_UP,), False, gettext_lazy("Resume service")),
        Transition("request_close", (S.SERVICE, S.FOLLOW_UP), False,
                   gettext_lazy("Ask to close"), needs_reason=True),
        Transition("approve_close", (S.CLOSE_REVIEW,), True, gettext_lazy("Approve closing")),
        Transition("return_close", (S.CLOSE_REVIEW,), True, gettext_lazy("Return, keep serving"),
                   needs_reason=True),
        Transition("reopen", (S.CLOSED, S.NOT_OPENED), False, gettext_lazy("Reopen"),
                   needs_reason=True),
    ]
}  # fmt: skip


@dataclass
class StepDraft:
    """What a person sends with a step: the version they saw, a reason, an open decision."""

    version: int
    reason: str = ""
    decision: str = ""


def _refuse_text(name: str, text: str, *, required: bool) -> None:
    if required and not text.strip():
        raise ServiceError(
            "invalid", _("Give a reason."), field_errors={name: [_("Give a reason.")]}
        )
    if len(text) > MAX_TEXT or not is_clean(text):
        raise ServiceError("invalid", _("The text is too long or holds characters that cannot be "
                                        "stored."), field_errors={name: [_("Check this text.")]})  # fmt: skip


def _case_for_change(p: Principal, case_id: int) -> Case:
    try:
        return fetch_for_change(case_list_visible_to(p), case_id, actor=p)
    except Http404:
        raise ServiceError("not_found", _("No such case.")) from None


def _check_open(case: Case) -> None:
    if case.status in ENDED_STATUSES:
        raise ServiceError(
            "wrong_status", _("The case is %(status)s: reopen it first.")
            % {"status": case.get_status_display()}, conflict=True,
        )  # fmt: skip


def _check_version(case: Case, version: int, submitted: Fields = ()) -> None:
    """Refuse an edit made on another version of the case, with both versions (`core.conflict`)."""
    if case.version != version:
        raise StaleEdit(
            _("Someone changed this case after you opened it: compare and apply yours again."),
            stored=conflicts.case_side(case), submitted=Side(version, submitted),
        )  # fmt: skip


def _status_after(case: Case, step: Transition, draft: StepDraft) -> str:
    if step.name == "approve_open":
        return S.NOT_OPENED if case.open_decision == OpenDecision.NOT_OPEN else S.SERVICE
    if step.name == "return_close":
        previous = case.events.filter(kind=EventKind.STATUS, status_to=S.CLOSE_REVIEW).last()
        return previous.status_from if previous and previous.status_from else S.SERVICE
    return {
        "propose_open": S.OPEN_REVIEW, "return_open": S.ASSESSMENT, "follow_up": S.FOLLOW_UP,
        "resume": S.SERVICE, "request_close": S.CLOSE_REVIEW, "approve_close": S.CLOSED,
        "reopen": S.ASSESSMENT,
    }[step.name]  # fmt: skip


def case_step(
    *,
    principal: Principal,
    case_id: int,
    step: str,
    draft: StepDraft,
    at: dt.datetime | None = None,
) -> Case:
    """Move a case one step of its life cycle; the step's event and audit row with it."""
    transition = TRANSITIONS.get(step)
    if transition is None:
        raise ServiceError("invalid", _("No such step."))
    _refuse_text("reason", draft.reason, required=transition.needs_reason)
    if step == "propose_open" and draft.decision not in OpenDecision.values:
        raise ServiceError("invalid", _("Choose an open decision."),
                           field_errors={"decision": [_("Choose an open decision.")]})  # fmt: skip
    now = at or timezone.now()
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        allowed = (policy.can_approve if transition.approves else policy.can_work)(principal, case)
        if not allowed:
            raise ServiceError("forbidden", _("Only the supervisor of the lead unit approves this.")
                               if transition.approves else
                               _("Only the lead unit works this case."))  # fmt: skip
        _check_version(case, draft.version, [(conflicts.STEP, transition.label),
                                             (conflicts.REASON, draft.reason)])  # fmt: skip
        if case.status not in transition.sources:
            raise ServiceError("wrong_status", _("The case is %(status)s: this step does not apply.")
                               % {"status": case.get_status_display()}, conflict=True)  # fmt: skip
        before = case.status
        if step == "propose_open":
            case.open_decision = draft.decision
        case.status = _status_after(case, transition, draft)
        if case.status in (S.CLOSED, S.NOT_OPENED):
            case.closed_at = now
        elif step == "reopen":
            case.closed_at = None
            case.open_decision = ""
        case.version += 1
        case.save(update_fields=["status", "open_decision", "closed_at", "version"])
        CaseEvent.objects.create(
            case=case, kind=EventKind.RETURNED if step.startswith("return_") else EventKind.STATUS,
            status_from=before, status_to=case.status, code=case.open_decision if "open" in step else "",
            reason=draft.reason.strip(), by=principal.staff, at=now,
        )  # fmt: skip
        if step in ("propose_open", "request_close"):
            notify(unit_staff(policy.APPROVE, case.lead_unit_id), NoticeKind.APPROVAL,
                   key=f"case:{case.pk}:{case.version}", link=f"/cases/{case.pk}/", at=now)  # fmt: skip
        if (before in OPEN_STATUSES) != (case.status in OPEN_STATUSES):
            families_refresh(case.members.values_list("person_id", flat=True), now)
        audit_record(actor=principal, action=f"case.{step}", object_type="case", object_id=case.pk)
        return case


def case_close(
    *, principal: Principal, case_id: int, reason: str = "", at: dt.datetime | None = None
) -> Case:
    """A supervisor of the lead unit closes a case at once (asking and approving in one; a case
    never opened ends as not opened); closing a closed case again changes nothing."""
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_approve(principal, case):
            raise ServiceError(
                "forbidden", _("Only the supervisor of the lead unit closes a case.")
            )
        if case.status in (S.CLOSED, S.NOT_OPENED):
            return case
        reason = reason or _("Closed by the supervisor.")
        if case.status == S.OPEN_REVIEW:
            case = case_step(principal=principal, case_id=case.pk, step="return_open", at=at,
                             draft=StepDraft(case.version, reason))  # fmt: skip
        if case.status == S.ASSESSMENT:
            # Never opened: a decision not to open, approved at once.
            case = case_step(principal=principal, case_id=case.pk, step="propose_open", at=at,
                             draft=StepDraft(case.version, reason, OpenDecision.NOT_OPEN))  # fmt: skip
            return case_step(principal=principal, case_id=case.pk, step="approve_open", at=at,
                             draft=StepDraft(case.version))  # fmt: skip
        if case.status != S.CLOSE_REVIEW:
            case = case_step(principal=principal, case_id=case.pk, step="request_close", at=at,
                             draft=StepDraft(case.version, reason))  # fmt: skip
        return case_step(principal=principal, case_id=case.pk, step="approve_close", at=at,
                         draft=StepDraft(case.version))  # fmt: skip


def case_set_schedule(
    *,
    principal: Principal,
    case_id: int,
    version: int,
    category: str,
    schedule_start: dt.date,
) -> Case:
    """The programme's category (drug 1–3, mental-health class A–E …) and the day its contact
    schedule counts from (acceptance, a psychiatric discharge)."""
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_work(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit works this case."))
        _check_version(case, version, [(conflicts.CATEGORY, category),
                                       (conflicts.SCHEDULE_START, schedule_start)])  # fmt: skip
        _check_open(case)
        found = programme(case.programme, timezone.localdate(case.opened_at))
        allowed = [c for c in (found or {}).get("categories", "").split(",") if c]
        if category and category not in allowed:
            raise ServiceError("invalid", _("This programme has no such category."),
                               field_errors={"category": [_("Choose a category from the list.")]})  # fmt: skip
        opened = timezone.localdate(case.opened_at)
        if (
            not opened - dt.timedelta(days=366)
            <= schedule_start
            <= opened + dt.timedelta(days=3660)
        ):
            raise ServiceError("invalid", _("The schedule cannot start that far from the case."),
                               field_errors={"schedule_start": [_("Check the date.")]})  # fmt: skip
        case.category, case.schedule_start = category, schedule_start
        case.version += 1
        case.save(update_fields=["category", "schedule_start", "version"])
        audit_record(actor=principal, action="case.schedule", object_type="case", object_id=case.pk)
        return case


def case_record_report(
    *, principal: Principal, case_id: int, clock: str, summary: str, at: dt.datetime | None = None
) -> CaseEvent:
    """A written report (investigation, assessment) handed in: it stops its clock."""
    if clock not in dict(CLOCK_NAMES) or clock == "face_to_face":
        raise ServiceError("invalid", _("No such report."))
    _refuse_text("summary", summary, required=True)
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_work(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit works this case."))
        _check_open(case)
        event = CaseEvent.objects.create(case=case, kind=EventKind.REPORT, code=clock,
                                         reason=summary.strip(), by=principal.staff,
                                         at=at or timezone.now())  # fmt: skip
        audit_record(actor=principal, action="case.report", object_type="case", object_id=case.pk)
        return event


# --- contacts ------------------------------------------------------------------------------------


@dataclass
class ContactDraft:
    at: dt.datetime
    method: str
    target: str
    place: str = ""
    notes: str = ""
    joint_unit_ids: list[int] = field(default_factory=list)


def _check_contact(draft: ContactDraft, now: dt.datetime) -> None:
    errors: dict[str, list[str]] = {}

    def bad(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if draft.method not in {c.code for c in codes.code_system(VISIT_METHOD)}:
        bad("method", _("Choose a method from the list."))
    if draft.target not in {c.code for c in codes.code_system(VISIT_TARGET)}:
        bad("target", _("Choose with whom from the list."))
    if draft.at > now + dt.timedelta(minutes=5):
        bad("at", _("A contact cannot be in the future."))
    for name, text in (("place", draft.place), ("notes", draft.notes)):
        if len(text) > (100 if name == "place" else MAX_TEXT) or not is_clean(text):
            bad(name, _("Check this text."))
    known = set(Unit.objects.filter(pk__in=draft.joint_unit_ids).values_list("pk", flat=True))
    if set(draft.joint_unit_ids) - known:
        bad("joint_units", _("Choose units from the list."))
    if errors:
        raise ServiceError("invalid", _("The contact was not saved: check the marked fields."),
                           field_errors=errors)  # fmt: skip


def contact_record(
    *, principal: Principal, case_id: int, draft: ContactDraft, now: dt.datetime | None = None
) -> Contact:
    now = now or timezone.now()
    _check_contact(draft, now)
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_record_contact(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit records contacts on this case."))
        _check_open(case)
        contact = Contact.objects.create(
            case=case, at=draft.at, method=draft.method, target=draft.target,
            place=draft.place.strip(), notes=draft.notes.strip(), recorded_by=principal.staff,
            recorded_client=principal.client, recorded_at=now,
        )  # fmt: skip
        contact.joint_units.set(sorted(set(draft.joint_unit_ids) - {case.lead_unit_id}))
        audit_record(actor=principal, action="contact.record", object_type="case",
                     object_id=case.pk, detail={"contact": contact.pk})  # fmt: skip
        return contact


def _contact_content(contact: Contact) -> dict[str, object]:
    return {
        "at": contact.at.isoformat(), "method": contact.method, "target": contact.target,
        "place": contact.place, "notes": contact.notes,
        "joint_units": sorted(contact.joint_units.values_list("pk", flat=True)),
        "recorded_by": contact.recorded_by_id, "recorded_at": contact.recorded_at.isoformat(),
    }  # fmt: skip


def contact_edit(
    *,
    principal: Principal,
    contact_id: int,
    version: int,
    draft: ContactDraft,
    now: dt.datetime | None = None,
) -> Contact:
    """Correct a contact. After the grace period the earlier version is kept beside it."""
    now = now or timezone.now()
    _check_contact(draft, now)
    with transaction.atomic():
        contact = (
            Contact.objects.select_for_update()
            .filter(pk=contact_id, case__in=case_list_visible_to(principal))
            .select_related("case")
            .first()
        )
        if contact is None:
            raise ServiceError("not_found", _("No such contact."))
        if not policy.can_record_contact(principal, contact.case):
            raise ServiceError("forbidden", _("Only the lead unit records contacts on this case."))
        if contact.version != version:
            raise StaleEdit(
                _("Someone changed this contact after you opened it: compare and apply yours "
                  "again."),
                stored=conflicts.contact_side(contact),
                submitted=Side(version, [
                    (conflicts.WHEN, draft.at), (conflicts.METHOD, codes.display(VISIT_METHOD, draft.method)),
                    (conflicts.TARGET, codes.display(VISIT_TARGET, draft.target)),
                    (conflicts.PLACE, draft.place), (conflicts.NOTES, draft.notes),
                ]),
            )  # fmt: skip
        assert principal.staff is not None
        if now - contact.recorded_at > CONTACT_GRACE:
            ContactRevision.objects.create(contact=contact, version=contact.version,
                                           content=_contact_content(contact),
                                           replaced_by=principal.staff, replaced_at=now)  # fmt: skip
        contact.at, contact.method, contact.target = draft.at, draft.method, draft.target
        contact.place, contact.notes = draft.place.strip(), draft.notes.strip()
        contact.version += 1
        contact.save()
        contact.joint_units.set(sorted(set(draft.joint_unit_ids) - {contact.case.lead_unit_id}))
        audit_record(actor=principal, action="contact.edit", object_type="case",
                     object_id=contact.case_id, detail={"contact": contact.pk})  # fmt: skip
        return contact
