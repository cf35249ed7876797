"""Service plans (處遇計畫): written by the lead unit, submitted, approved by its supervisor(s)
— as many different approvers as the programme's `plan_approvals` — before they take effect.
A new version starts as a draft beside the one in effect, which it replaces once approved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.models import Unit
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases import conflicts, policy
from safetynet.cases.models import Case, NoticeKind, Plan, PlanAction, PlanApproval, PlanStatus
from safetynet.cases.notices import notify, unit_staff
from safetynet.cases.rules import plan_approvals
from safetynet.cases.selectors import case_list_visible_to
from safetynet.cases.services import _case_for_change, _check_open, _refuse_text
from safetynet.core.conflict import Fields, Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.core.text import is_clean

MAX_ACTIONS = 20


@dataclass(frozen=True)
class ActionDraft:
    text: str
    owner_id: int
    review_on: dt.date


def _check_actions(actions: Sequence[ActionDraft], today: dt.date) -> None:
    errors: list[str] = []
    if not actions:
        errors.append(_("A plan needs at least one action."))
    if len(actions) > MAX_ACTIONS:
        errors.append(_("At most %(n)d actions.") % {"n": MAX_ACTIONS})
    known = set(
        Unit.objects.filter(pk__in=[a.owner_id for a in actions]).values_list("pk", flat=True)
    )
    for a in actions:
        if not a.text.strip() or len(a.text) > 200 or not is_clean(a.text):
            errors.append(_("Each action needs a short text."))
        if a.owner_id not in known:
            errors.append(_("Choose units from the list."))
        if not today - dt.timedelta(days=31) <= a.review_on <= today + dt.timedelta(days=731):
            errors.append(_("A review date is within two years."))
    if errors:
        raise ServiceError("invalid", _("The plan was not saved: check the marked fields."),
                           field_errors={"actions": sorted(set(errors))})  # fmt: skip


def _plan_for_change(p: Principal, plan_id: int) -> Plan:
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .filter(pk=plan_id, case__in=case_list_visible_to(p))
        .select_related("case")
        .first()
    )
    if plan is None:
        raise ServiceError("not_found", _("No such plan."))
    return plan


def _stale(plan: Plan, version: int, submitted: Fields = ()) -> None:
    if plan.version != version:
        raise StaleEdit(_("Someone changed this plan after you opened it: compare and apply "
                          "yours again."), stored=conflicts.plan_side(plan),
                        submitted=Side(version, submitted))  # fmt: skip


def plan_write(
    *,
    principal: Principal,
    case_id: int,
    goals: str,
    actions: Sequence[ActionDraft],
    plan_id: int | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> Plan:
    """A new draft (from nothing, or beside the plan in effect), or an edit of a draft or a
    returned version."""
    now = at or timezone.now()
    _refuse_text("goals", goals, required=True)
    _check_actions(actions, timezone.localdate(now))
    with transaction.atomic():
        case = _case_for_change(principal, case_id)
        if not policy.can_work(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit works this case."))
        _check_open(case)
        assert principal.staff is not None
        if plan_id is None:
            if case.plans.filter(status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED,
                                             PlanStatus.RETURNED]).exists():  # fmt: skip
                raise ServiceError("draft_exists", _("A version of the plan is being written: "
                                                     "edit it."), conflict=True)  # fmt: skip
            number = (case.plans.aggregate(n=Max("number"))["n"] or 0) + 1
            plan = Plan.objects.create(case=case, number=number, goals=goals.strip(),
                                       written_by=principal.staff, written_at=now)  # fmt: skip
        else:
            plan = _plan_for_change(principal, plan_id)
            if plan.case_id != case.pk:
                raise ServiceError("not_found", _("No such plan."))
            _stale(plan, version or 0, [(conflicts.GOALS, goals)])
            if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
                raise ServiceError("wrong_status", _("Only a draft or a returned plan is edited."),
                                   conflict=True)  # fmt: skip
            plan.goals, plan.status, plan.written_at = goals.strip(), PlanStatus.DRAFT, now
            plan.version += 1
            plan.save()
            plan.actions.all().delete()
        PlanAction.objects.bulk_create([PlanAction(plan=plan, text=a.text.strip(),
                                                   owner_id=a.owner_id, review_on=a.review_on)
                                        for a in actions])  # fmt: skip
        audit_record(actor=principal, action="plan.write", object_type="case", object_id=case.pk,
                     detail={"plan": plan.pk})  # fmt: skip
        return plan


def plan_submit(
    *, principal: Principal, plan_id: int, version: int, at: dt.datetime | None = None
) -> Plan:
    with transaction.atomic():
        plan = _plan_for_change(principal, plan_id)
        if not policy.can_work(principal, plan.case):
            raise ServiceError("forbidden", _("Only the lead unit works this case."))
        _stale(plan, version)
        if plan.status != PlanStatus.DRAFT:
            raise ServiceError("wrong_status", _("Only a draft is submitted."), conflict=True)
        plan.status, plan.submitted_at = PlanStatus.SUBMITTED, at or timezone.now()
        plan.version += 1
        plan.save(update_fields=["status", "submitted_at", "version"])
        notify(unit_staff(policy.APPROVE, plan.case.lead_unit_id), NoticeKind.APPROVAL,
               key=f"plan:{plan.pk}:{plan.version}", link=f"/cases/{plan.case_id}/plan/")  # fmt: skip
        audit_record(actor=principal, action="plan.submit", object_type="case",
                     object_id=plan.case_id, detail={"plan": plan.pk})  # fmt: skip
        return plan


def plan_decide(
    *, principal: Principal, plan_id: int, version: int, approve: bool, note: str = "",
    at: dt.datetime | None = None,
) -> Plan:  # fmt: skip
    """One approval step (a different supervisor each step), or a return with a reason."""
    now = at or timezone.now()
    _refuse_text("note", note, required=not approve)
    with transaction.atomic():
        plan = _plan_for_change(principal, plan_id)
        case: Case = plan.case
        if not policy.can_approve(principal, case):
            raise ServiceError(
                "forbidden", _("Only the supervisor of the lead unit approves this.")
            )
        _stale(plan, version)
        if plan.status != PlanStatus.SUBMITTED:
            raise ServiceError(
                "wrong_status", _("Only a submitted plan is approved."), conflict=True
            )
        assert principal.staff is not None
        # The approvals of this submission (a returned and resubmitted version starts again;
        # earlier rounds stay in its history).
        steps = list(plan.approvals.filter(approved=True, at__gte=plan.submitted_at))
        if any(s.by_id == principal.staff.pk for s in steps):
            raise ServiceError("same_approver", _("Each approval step needs another supervisor."),
                               conflict=True)  # fmt: skip
        PlanApproval.objects.create(plan=plan, step=len(steps) + 1, approved=approve,
                                    note=note.strip(), by=principal.staff, at=now)  # fmt: skip
        if not approve:
            plan.status = PlanStatus.RETURNED
        elif len(steps) + 1 >= plan_approvals(case.programme, timezone.localdate(now)):
            case.plans.filter(status=PlanStatus.APPROVED).update(status=PlanStatus.REPLACED)
            plan.status, plan.effective_at = PlanStatus.APPROVED, now
        plan.version += 1
        plan.save(update_fields=["status", "effective_at", "version"])
        audit_record(actor=principal, action="plan.approve" if approve else "plan.return",
                     object_type="case", object_id=case.pk, detail={"plan": plan.pk})  # fmt: skip
        return plan
