"""Referrals (轉介), co-working (協同) and transfers of the lead (轉銜主責) between units.

A case's lead unit sends; the receiving unit answers with the ministry's handling codes
(`twss-referral-handling-status`); an organisation outside the city's staff answers by phone or
letter and the sender records it. A referral is not done until the sender has seen the outcome.
An unanswered one is flagged to both sides once its reply date passes, and to the sender's
supervisor `escalate_days` later (`cases.handoff_limits`, data). An accepted transfer moves the
lead — the case keeps its schedule, clocks, contacts and referrals, the lead's history is kept,
and the former lead reads the case for `former_lead_days`. An accepted co-working request makes
the unit a co-worker of the case (the family page shows it the case's summary)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.capabilities import capabilities_of
from safetynet.agencies.models import Staff, Unit, UnitKind
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases import conflicts, policy
from safetynet.cases.familylead import families_refresh
from safetynet.cases.models import (
    Case,
    CaseEvent,
    CaseUnit,
    Dispute,
    EventKind,
    Handoff,
    HandoffKind,
    HandoffStatus,
    NoticeKind,
)
from safetynet.cases.notices import notify, unit_staff
from safetynet.cases.rules import limits, rest_day_test
from safetynet.cases.services import MAX_TEXT, _case_for_change, _check_open, _refuse_text
from safetynet.core.conflict import Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.core.periods import period_end

H = HandoffStatus
FIRST_ANSWERS = {H.ACCEPTED, H.NOT_ACCEPTED, H.RETURNED, H.REFERRED_AGAIN, H.OTHER}
OUTCOMES = {H.COMPLETED, H.FAILED}


def handoffs_for_unit(unit_id: int | None) -> QuerySet[Handoff]:
    """What a unit sent or received."""
    if unit_id is None:
        return Handoff.objects.none()
    return Handoff.objects.filter(Q(from_unit_id=unit_id) | Q(to_unit_id=unit_id)).select_related(
        "case", "from_unit", "to_unit", "sent_by", "answered_by"
    )


def is_late(handoff: Handoff, now: dt.datetime) -> bool:
    return handoff.status == H.PENDING and now > handoff.reply_by


def is_escalated(handoff: Handoff, now: dt.datetime) -> bool:
    days = limits(timezone.localdate(handoff.sent_at))["escalate_days"]
    return is_late(handoff, now) and now > handoff.reply_by + dt.timedelta(days=days)


def handoff_send(
    *,
    principal: Principal,
    case_id: int,
    kind: str,
    note: str,
    to_unit_id: int | None = None,
    to_organisation: str = "",
    at: dt.datetime | None = None,
) -> Handoff:
    now = at or timezone.now()
    if kind not in HandoffKind.values:
        raise ServiceError("invalid", _("Choose what to send."))
    _refuse_text("note", note, required=True)
    organisation = to_organisation.strip()
    if (to_unit_id is None) == (not organisation):
        raise ServiceError("invalid", _("Choose a unit of the city, or name an organisation outside it."),
                           field_errors={"to_unit": [_("Choose one receiver.")]})  # fmt: skip
    if organisation and kind != HandoffKind.REFERRAL:
        raise ServiceError("invalid", _("Only a referral goes outside the city's units."),
                           field_errors={"to_organisation": [_("Choose a unit of the city.")]})  # fmt: skip
    if len(organisation) > 80:
        raise ServiceError("invalid", _("Check this text."),
                           field_errors={"to_organisation": [_("Check this text.")]})  # fmt: skip
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_work(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit works this case."))
        _check_open(case)
        if to_unit_id is not None:
            if not Unit.objects.filter(pk=to_unit_id).exists():
                raise ServiceError("invalid", _("Choose units from the list."),
                                   field_errors={"to_unit": [_("Choose units from the list.")]})  # fmt: skip
            if to_unit_id == case.lead_unit_id:
                raise ServiceError("invalid", _("The case is already this unit's."),
                                   field_errors={"to_unit": [_("Choose another unit.")]})  # fmt: skip
        if (
            kind == HandoffKind.TRANSFER
            and case.handoffs.filter(kind=HandoffKind.TRANSFER, status=H.PENDING).exists()
        ):
            raise ServiceError("pending_transfer", _("A transfer of this case awaits an answer."),
                               conflict=True)  # fmt: skip
        assert principal.staff is not None
        days = limits(timezone.localdate(now))["reply_days"]
        local = timezone.localdate(now)
        last = period_end(local, days, "day", rest_day_test(local))
        reply_by = timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59)))
        handoff = Handoff.objects.create(
            case=case, kind=kind, from_unit_id=case.lead_unit_id, to_unit_id=to_unit_id,
            to_organisation=organisation, note=note.strip(), sent_by=principal.staff,
            sent_at=now, reply_by=reply_by,
        )  # fmt: skip
        if to_unit_id is not None:
            notify(unit_staff(policy.WORK, to_unit_id), NoticeKind.HANDOFF_RECEIVED,
                   key=f"handoff:{handoff.pk}", link=f"/referrals/{handoff.pk}/", at=now)  # fmt: skip
        audit_record(actor=principal, action="handoff.send", object_type="case",
                     object_id=case.pk, detail={"handoff": handoff.pk, "kind": kind})  # fmt: skip
        return handoff


def _handoff_for_change(principal: Principal, handoff_id: int) -> Handoff:
    handoff = (
        handoffs_for_unit(principal.unit_id)
        .select_for_update(of=("self",))
        .filter(pk=handoff_id)
        .first()
    )
    if handoff is None or not policy.works_cases(principal):
        raise ServiceError("not_found", _("No such referral."))
    return handoff


def _check_worker(worker_id: int | None, unit: Unit, on: dt.date) -> Staff:
    worker = Staff.objects.filter(pk=worker_id or 0, unit=unit).select_related("unit").first()
    if worker is None or not policy.can_carry(capabilities_of(unit.kind, worker.role, on=on),
                                              worker_unit_id=worker.unit_id, unit_id=unit.pk):  # fmt: skip
        raise ServiceError("bad_worker", _("The assigned worker must carry cases in the receiving unit."),
                           field_errors={"worker": [_("Choose a worker of this unit.")]})  # fmt: skip
    return worker


def handoff_answer(
    *,
    principal: Principal,
    handoff_id: int,
    version: int,
    status: str,
    answer: str = "",
    worker_id: int | None = None,
    at: dt.datetime | None = None,
) -> Handoff:
    """The receiving unit answers (for an organisation outside the city, the sender records its
    answer): first accepted, not accepted, returned or referred on; an accepted referral later
    completed or failed."""
    now = at or timezone.now()
    if len(answer) > MAX_TEXT:
        _refuse_text("answer", answer, required=False)
    with transaction.atomic():
        handoff = _handoff_for_change(principal, handoff_id)
        answers_it = (handoff.to_unit_id == principal.unit_id) if handoff.to_unit_id else (
            handoff.from_unit_id == principal.unit_id)  # fmt: skip
        if not answers_it:
            raise ServiceError("forbidden", _("Only the receiving unit answers."))
        if handoff.version != version:
            raise StaleEdit(_("Someone answered meanwhile: compare and apply yours again."),
                            stored=conflicts.handoff_side(handoff),
                            submitted=Side(version, [(conflicts.STATUS, H(status).label if status in H.values else status),
                                                     (conflicts.ANSWER, answer)]))  # fmt: skip
        allowed = (FIRST_ANSWERS if handoff.status == H.PENDING else
                   OUTCOMES if handoff.status == H.ACCEPTED and handoff.kind == HandoffKind.REFERRAL
                   else set())  # fmt: skip
        if status not in allowed:
            raise ServiceError("invalid", _("This answer does not apply now."),
                               field_errors={"status": [_("Choose an answer from the list.")]})  # fmt: skip
        needs_reason = status in (H.NOT_ACCEPTED, H.RETURNED, H.REFERRED_AGAIN, H.FAILED, H.OTHER)
        _refuse_text("answer", answer, required=needs_reason)
        case = Case.objects.select_for_update().get(pk=handoff.case_id)
        if status == H.ACCEPTED and handoff.kind == HandoffKind.TRANSFER:
            _check_open(case)
            assert handoff.to_unit is not None
            worker = _check_worker(worker_id, handoff.to_unit, timezone.localdate(now))
            _move_lead(case, handoff.to_unit, worker, principal, now)
            handoff.new_worker = worker
        elif status == H.ACCEPTED and handoff.kind == HandoffKind.COWORK:
            assert handoff.to_unit_id is not None
            CaseUnit.objects.create(case=case, unit_id=handoff.to_unit_id, role=CaseUnit.COWORK,
                                    since=now)  # fmt: skip
        handoff.status, handoff.answer = status, answer.strip()
        handoff.answered_by, handoff.answered_at = principal.staff, now
        handoff.version += 1
        handoff.save()
        if handoff.to_unit_id is not None:
            notify([handoff.sent_by_id], NoticeKind.HANDOFF_ANSWERED,
                   key=f"handoff:{handoff.pk}:{status}", link=f"/referrals/{handoff.pk}/", at=now)  # fmt: skip
        audit_record(actor=principal, action="handoff.answer", object_type="case",
                     object_id=case.pk, detail={"handoff": handoff.pk, "status": status})  # fmt: skip
        return handoff


def _move_lead(
    case: Case, unit: Unit, worker: Staff | None, principal: Principal, now: dt.datetime
) -> None:
    CaseUnit.objects.filter(case=case, role=CaseUnit.LEAD, until__isnull=True).update(until=now)
    CaseUnit.objects.create(case=case, unit=unit, role=CaseUnit.LEAD, worker=worker, since=now)
    before = case.lead_unit.name
    case.lead_unit, case.worker = unit, worker
    case.version += 1
    case.save(update_fields=["lead_unit", "worker", "version"])
    CaseEvent.objects.create(case=case, kind=EventKind.LEAD, reason=f"{before} → {unit.name}",
                             by=principal.staff, at=now)  # fmt: skip
    families_refresh(case.members.values_list("person_id", flat=True), now)


def handoff_seen(
    *, principal: Principal, handoff_id: int, at: dt.datetime | None = None
) -> Handoff:
    """The sender has seen the outcome: the referral is done. Again changes nothing."""
    with transaction.atomic():
        handoff = _handoff_for_change(principal, handoff_id)
        if handoff.from_unit_id != principal.unit_id:
            raise ServiceError("forbidden", _("Only the sending unit confirms the outcome."))
        if handoff.status == H.PENDING:
            raise ServiceError("not_answered", _("There is no answer yet."), conflict=True)
        if handoff.seen_at is None:
            handoff.seen_at = at or timezone.now()
            handoff.save(update_fields=["seen_at"])
            audit_record(actor=principal, action="handoff.seen", object_type="case",
                         object_id=handoff.case_id, detail={"handoff": handoff.pk})  # fmt: skip
        return handoff


# --- disputes over the lead, and assigning the worker ----------------------------------------


def dispute_raise(
    *, principal: Principal, handoff_id: int, reason: str, at: dt.datetime | None = None
) -> Dispute:
    """The lead unit says the unit that declined its transfer should lead: the desk decides."""
    now = at or timezone.now()
    _refuse_text("reason", reason, required=True)
    with transaction.atomic():
        handoff = _handoff_for_change(principal, handoff_id)
        case = Case.objects.select_for_update().get(pk=handoff.case_id)
        if handoff.from_unit_id != principal.unit_id or not policy.can_work(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit raises a dispute."))
        if handoff.kind != HandoffKind.TRANSFER or handoff.status not in (
            H.NOT_ACCEPTED,
            H.RETURNED,
        ):
            raise ServiceError("wrong_status", _("Only a declined transfer can be disputed."),
                               conflict=True)  # fmt: skip
        _check_open(case)
        if Dispute.objects.filter(handoff=handoff).exists():
            raise ServiceError("already_disputed", _("This transfer is disputed already."),
                               conflict=True)  # fmt: skip
        assert principal.staff is not None
        local = timezone.localdate(now)
        days = limits(local)["dispute_days"]
        last = period_end(local, days, "day", rest_day_test(local))
        dispute = Dispute.objects.create(
            case=case, handoff=handoff, raised_by=principal.staff, raised_at=now,
            reason=reason.strip(),
            decide_by=timezone.make_aware(dt.datetime.combine(last, dt.time(23, 59, 59))),
        )  # fmt: skip
        arbiters = Staff.objects.filter(
            pk__in=[s for u in Unit.objects.filter(kind=UnitKind.INTAKE_DESK)
                    for s in unit_staff(policy.ARBITRATE, u.pk)]
        ).values_list("pk", flat=True)  # fmt: skip
        notify(arbiters, NoticeKind.DISPUTE, key=f"dispute:{dispute.pk}", link="/disputes/", at=now)
        audit_record(actor=principal, action="dispute.raise", object_type="case",
                     object_id=case.pk, detail={"dispute": dispute.pk})  # fmt: skip
        return dispute


def disputes_open(p: Principal) -> QuerySet[Dispute]:
    if not p.has(policy.ARBITRATE):
        return Dispute.objects.none()
    return Dispute.objects.filter(decided_at__isnull=True).select_related(
        "case", "handoff__from_unit", "handoff__to_unit", "raised_by"
    )


def dispute_decide(
    *, principal: Principal, dispute_id: int, lead_unit_id: int, note: str,
    at: dt.datetime | None = None,
) -> Dispute:  # fmt: skip
    """The desk decides which of the two units leads; the decision is recorded, and the lead
    moves when it is the other unit (whose supervisor then assigns a worker)."""
    now = at or timezone.now()
    _refuse_text("note", note, required=True)
    with transaction.atomic():
        dispute = disputes_open(principal).select_for_update(of=("self",)).filter(
            pk=dispute_id).first()  # fmt: skip
        if dispute is None:
            raise ServiceError("not_found", _("No such dispute."))
        handoff = dispute.handoff
        if lead_unit_id not in (handoff.from_unit_id, handoff.to_unit_id):
            raise ServiceError("invalid", _("Choose one of the two units."),
                               field_errors={"lead": [_("Choose one of the two units.")]})  # fmt: skip
        case = Case.objects.select_for_update().get(pk=dispute.case_id)
        if lead_unit_id != case.lead_unit_id:
            _move_lead(case, Unit.objects.get(pk=lead_unit_id), None, principal, now)
        dispute.lead_id, dispute.decided_by, dispute.decided_at = lead_unit_id, principal.staff, now
        dispute.decision_note = note.strip()
        dispute.save()
        audit_record(actor=principal, action="dispute.decide", object_type="case",
                     object_id=case.pk, detail={"dispute": dispute.pk, "lead": lead_unit_id})  # fmt: skip
        return dispute


def case_assign(
    *, principal: Principal, case_id: int, worker_id: int, version: int,
    at: dt.datetime | None = None,
) -> Case:  # fmt: skip
    """The lead unit's supervisor assigns (or reassigns) the case's worker."""
    now = at or timezone.now()
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_approve(principal, case):
            raise ServiceError(
                "forbidden", _("Only the supervisor of the lead unit approves this.")
            )
        if case.version != version:
            chosen = Staff.objects.filter(pk=worker_id).first()
            raise StaleEdit(_("Someone changed this case after you opened it: compare and apply "
                              "yours again."), stored=conflicts.case_side(case),
                            submitted=Side(version, [(conflicts.WORKER, chosen.display_name
                                                      if chosen else "")]))  # fmt: skip
        worker = _check_worker(worker_id, case.lead_unit, timezone.localdate(now))
        before = case.worker.display_name if case.worker else "—"
        case.worker = worker
        case.version += 1
        case.save(update_fields=["worker", "version"])
        CaseUnit.objects.filter(case=case, role=CaseUnit.LEAD, until__isnull=True).update(
            worker=worker)  # fmt: skip
        CaseEvent.objects.create(case=case, kind=EventKind.WORKER,
                                 reason=f"{before} → {worker.display_name}", by=principal.staff,
                                 at=now)  # fmt: skip
        audit_record(actor=principal, action="case.assign", object_type="case", object_id=case.pk)
        return case
