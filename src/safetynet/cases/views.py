"""Case pages: the cases a unit leads (or the desk reads); one case with its clocks, schedule,
contacts, history and the steps the viewer may take; "my week" of what is due."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import ChoiceField
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safetynet.agencies.http import Request
from safetynet.agencies.models import Staff
from safetynet.agencies.principal import Principal
from safetynet.agencies.selectors import staff_holding
from safetynet.api.idempotency import Done, run_once
from safetynet.audit.services import audit_list, audit_record
from safetynet.cases import policy
from safetynet.cases.access import access_case, access_case_as
from safetynet.cases.assessments import assessment_record
from safetynet.cases.breakglass import can_open as can_breakglass
from safetynet.cases.breakglass import reviews as reviews_breakglass
from safetynet.cases.due import ClockState, dues
from safetynet.cases.families import access_family, households_of_case
from safetynet.cases.familylead import current_lead, family_lead_set
from safetynet.cases.familylead import may_set as may_set_lead
from safetynet.cases.forms import (
    AnswerForm,
    CaseReportForm,
    ContactForm,
    HandoffForm,
    PlanDecisionForm,
    PlanForm,
    ScheduleForm,
    StepForm,
)
from safetynet.cases.handoffs import (
    FIRST_ANSWERS,
    OUTCOMES,
    case_assign,
    dispute_decide,
    dispute_raise,
    disputes_open,
    handoff_answer,
    handoff_seen,
    handoff_send,
    handoffs_for_unit,
    is_escalated,
    is_late,
)
from safetynet.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseStatus,
    FamilyLead,
    Handoff,
    HandoffStatus,
    Notice,
    Plan,
    PlanStatus,
)
from safetynet.cases.needtoknow import SUMMARY, CaseAccess, case_access
from safetynet.cases.notices import unread
from safetynet.cases.plans import plan_decide, plan_submit, plan_write
from safetynet.cases.rules import instruments_in_force, programme, programmes
from safetynet.cases.selectors import case_list_visible_to
from safetynet.cases.services import (
    TRANSITIONS,
    StepDraft,
    case_record_report,
    case_set_schedule,
    case_step,
    contact_edit,
    contact_record,
)
from safetynet.cases.tracking import TRACK, track, track_update, tracked_list
from safetynet.core.conflict import StaleEdit
from safetynet.core.conflict import page as conflict_page
from safetynet.core.errors import ServiceError
from safetynet.core.nav import NavItem, WorkItem

PAGE_SIZE = 50
HORIZON = dt.timedelta(days=7)
CONTACTS_SHOWN = 30
# A unit's week lists its most urgent items first; the count says how many more there are.
ITEMS_SHOWN = 200


def menu(p: Principal) -> list[NavItem]:
    items = []
    if p.staff is not None:
        count = unread(p.staff).count()
        label = gettext_lazy("Notices")
        items.append(NavItem(f"{label} ({count})" if count else label, reverse("cases:notices")))
    if policy.works_cases(p):
        items.append(NavItem(gettext_lazy("My week"), reverse("cases:week")))
        items.append(NavItem(gettext_lazy("Referrals"), reverse("cases:handoffs")))
    if policy.works_cases(p) or p.has(policy.READ_ALL):
        items.append(NavItem(gettext_lazy("Cases"), reverse("cases:cases")))
    if p.has(policy.ARBITRATE):
        items.append(NavItem(gettext_lazy("Disputes over the lead"), reverse("cases:disputes")))
    if p.has(TRACK):
        items.append(NavItem(gettext_lazy("Tracked cases"), reverse("cases:tracked")))
    if reviews_breakglass(p):
        items.append(
            NavItem(gettext_lazy("Break-the-glass reviews"), reverse("cases:breakglass-list"))
        )
    return items


def worklist(p: Principal) -> list[WorkItem]:
    if not policy.works_cases(p):
        return []
    mine = case_list_visible_to(p).filter(status__in=OPEN_STATUSES)
    return [
        WorkItem(gettext_lazy("Open cases of your unit"), mine.count(), reverse("cases:cases")),
    ]


@login_required
def cases(request: Request) -> HttpResponse:
    p = request.principal
    if not (policy.works_cases(p) or p.has(policy.READ_ALL)):
        raise Http404
    page = Paginator(case_list_visible_to(p).order_by("-opened_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_list(actor=p, object_type="case", ids=[c.pk for c in page])
    return render(request, "cases/cases.html", {"page": page})


def _programme_names() -> dict[str, str]:
    return {p["code"]: p["name"] for p in programmes(timezone.localdate())}


def _steps(p: Principal, case: Case) -> list[dict[str, Any]]:
    allowed = []
    for t in TRANSITIONS.values():
        may = policy.can_approve(p, case) if t.approves else policy.can_work(p, case)
        if may and case.status in t.sources:
            allowed.append({"name": t.name, "label": t.label, "reason": t.needs_reason,
                            "decision": t.name == "propose_open"})  # fmt: skip
    return allowed


def _categories(case: Case) -> list[str]:
    found = programme(case.programme, timezone.localdate(case.opened_at)) or {}
    return [c for c in str(found.get("categories", "")).split(",") if c]


def _render_case(request: Request, case: Case, access: CaseAccess | None = None,
                 **forms: Any) -> HttpResponse:  # fmt: skip
    p = request.principal
    access = access or case_access(p, case)
    (due,) = dues([case])
    today = timezone.localdate()
    windows = [w for w in due.windows if w.window.start <= today + HORIZON]
    # The latest contacts first; the whole record on asking (a long case has hundreds).
    all_contacts = request.GET.get("contacts") == "all"
    contacts = case.contacts.select_related("recorded_by", "recorded_client").prefetch_related(
        "joint_units"
    )
    context = {
        "case": case,
        "access": access,
        "may_breakglass": can_breakglass(p) and not access.full,
        "programme_name": _programme_names().get(case.programme, ""),
        "members": case.members.select_related("person").order_by("pk"),
        "reports": case.reports.order_by("-received_at"),
        "clocks": due.clocks,
        "windows": windows[-12:],
        "contacts": list(contacts if all_contacts else contacts[:CONTACTS_SHOWN]),
        "contacts_total": contacts.count(),
        "all_contacts": all_contacts,
        "events": case.events.select_related("by"),
        "steps": _steps(p, case),
        "step_form": forms.get("step_form") or StepForm(initial={"version": case.version}),
        "step_errors": forms.get("step_name", ""),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "report_form": forms.get("report_form") or CaseReportForm(),
        "schedule_form": forms.get("schedule_form")
        or ScheduleForm(
            categories=_categories(case),
            initial={
                "version": case.version,
                "category": case.category,
                "schedule_start": case.schedule_start,
            },
        ),
        "may_work": policy.can_work(p, case) and case.is_open,
        "households": households_of_case(case),
        "may_assign": policy.can_approve(p, case) and case.is_open,
        "assessments": case.assessments.select_related("by"),
        "instruments": instruments_in_force(timezone.localdate())[1],
        "carriers": staff_holding(policy.CARRY, unit_id=case.lead_unit_id),
        "may_track": p.has(TRACK) and not case.tracking.filter(closed_at__isnull=True).exists(),
        "tracking": case.tracking.filter(closed_at__isnull=True).first(),
        "plan_status": case.plans.order_by("-number").values_list("status", flat=True).first(),
        "handoffs": case.handoffs.select_related("to_unit", "from_unit"),
        "handoff_form": forms.get("handoff_form") or HandoffForm(),
    }
    status = 400 if forms else 200
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request: Request, case_id: int) -> HttpResponse:
    access = access_case_as(request.principal, case_id, need=SUMMARY)
    return _render_case(request, access.case, access)


def _show(form: Any, error: ServiceError) -> None:
    for name, problems in error.field_errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)
    if not error.field_errors:
        form.add_error(None, error.message)


def _once(p: Principal, form: Any, payload: Any, perform: Any) -> None:
    run_once(actor=p, key=str(form.cleaned_data["submission"]), payload=payload,
             perform=perform, replay=lambda result: (303, result))  # fmt: skip


@require_POST
@login_required
def case_step_view(request: Request, case_id: int, step: str) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    if step not in TRANSITIONS:
        raise Http404
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        draft = StepDraft(version=data["version"], reason=data["reason"], decision=data["decision"])

        def perform() -> Done:
            done = case_step(principal=p, case_id=case.pk, step=step, draft=draft)
            return Done(303, done.pk, {"case": done.pk})

        try:
            _once(p, form, {"step": step, "draft": str(draft)}, perform)
        except StaleEdit as error:
            return conflict_page(request, error, back=reverse("cases:case-detail", args=[case.pk]))
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("Saved: %(step)s.") % {"step": TRANSITIONS[step].label})
            return redirect("cases:case-detail", case_id=case.pk)
    case.refresh_from_db()
    return _render_case(request, case, step_form=form, step_name=step)


@require_POST
@login_required
def contact_new(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        draft = form.draft()

        def perform() -> Done:
            contact = contact_record(principal=p, case_id=case.pk, draft=draft)
            return Done(303, contact.pk, {"contact": contact.pk})

        try:
            _once(p, form, str(draft), perform)
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("Contact recorded."))
            return redirect("cases:case-detail", case_id=case.pk)
    return _render_case(request, case, contact_form=form)


@require_POST
@login_required
def report_new(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    form = CaseReportForm(request.POST)
    if form.is_valid():
        clock, summary = form.cleaned_data["clock"], form.cleaned_data["summary"]

        def perform() -> Done:
            event = case_record_report(principal=p, case_id=case.pk, clock=clock, summary=summary)
            return Done(303, event.pk, {"event": event.pk})

        try:
            _once(p, form, [clock, summary], perform)
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("Report recorded."))
            return redirect("cases:case-detail", case_id=case.pk)
    return _render_case(request, case, report_form=form)


@require_POST
@login_required
def schedule_set(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    form = ScheduleForm(request.POST, categories=_categories(case))
    if form.is_valid():
        data = form.cleaned_data

        def perform() -> Done:
            done = case_set_schedule(principal=p, case_id=case.pk, version=data["version"],
                                     category=data["category"],
                                     schedule_start=data["schedule_start"])  # fmt: skip
            return Done(303, done.pk, {"case": done.pk})

        try:
            _once(
                p, form, [data["version"], data["category"], str(data["schedule_start"])], perform
            )
        except StaleEdit as error:
            return conflict_page(request, error, back=reverse("cases:case-detail", args=[case.pk]))
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("Schedule saved."))
            return redirect("cases:case-detail", case_id=case.pk)
    case.refresh_from_db()
    return _render_case(request, case, schedule_form=form)


@login_required
def week(request: Request) -> HttpResponse:
    """What is due and overdue across one's open cases; a supervisor sees the unit's, with the
    caseload of each worker against the programme's standard."""
    p = request.principal
    if not policy.works_cases(p):
        raise Http404
    team = p.has(policy.APPROVE)
    open_cases = case_list_visible_to(p).filter(status__in=OPEN_STATUSES)
    if not team:
        open_cases = open_cases.filter(worker=p.staff)
    case_rows = list(open_cases.order_by("pk"))
    today = timezone.localdate()
    names = _programme_names()
    items = []
    for due in dues(case_rows):
        for item in due.open_items(today, HORIZON):
            end = item.due if isinstance(item, ClockState) else item.window.end
            items.append({"case": due.case, "item": item, "end": str(end), "status": item.status,
                          "programme_name": names.get(due.case.programme, "")})  # fmt: skip
    items.sort(key=lambda i: (i["status"] != "overdue", i["end"]))
    total = len(items)
    items = items[:ITEMS_SHOWN]
    audit_list(actor=p, object_type="case", ids=sorted({c.pk for c in case_rows}))
    caseload = []
    if team:
        standards = {g["code"]: g["caseload"] for g in programmes(today)}
        counts = Counter((c.worker_id, c.programme) for c in case_rows)
        workers = {s.pk: s for s in Staff.objects.filter(unit_id=p.unit_id or 0)}
        for (worker_id, programme), count in sorted(counts.items(), key=lambda kv: str(kv[0])):
            standard = standards.get(programme)
            caseload.append({"worker": workers.get(worker_id or 0),
                             "programme_name": names.get(programme, "—"),
                             "count": count, "standard": standard,
                             "over": standard is not None and count > standard})  # fmt: skip
    now = timezone.now()
    waiting = [h for h in handoffs_for_unit(p.unit_id).filter(status="pending") if is_late(h, now)]
    if not team:  # a worker: those of their own cases, and those their unit must answer
        waiting = [
            h
            for h in waiting
            if h.to_unit_id == p.unit_id or (p.staff is not None and h.sent_by_id == p.staff.pk)
        ]
    awaiting: list[Case] = []
    plans_awaiting: list[Plan] = []
    if team:
        awaiting = [c for c in case_rows if c.status in (CaseStatus.OPEN_REVIEW,
                                                         CaseStatus.CLOSE_REVIEW)]  # fmt: skip
        plans_awaiting = list(Plan.objects.filter(case__in=case_rows, status=PlanStatus.SUBMITTED)
                              .select_related("case"))  # fmt: skip
    return render(request, "cases/week.html", {
        "awaiting": awaiting, "plans_awaiting": plans_awaiting,
        "items": items, "total": total, "team": team, "caseload": caseload, "today": today,
        "waiting": waiting, "escalated": {h.pk for h in waiting if is_escalated(h, now)},
    })  # fmt: skip


@login_required
def family(request: Request, household_id: int) -> HttpResponse:
    p = request.principal
    shown = access_family(p, household_id)
    lead = current_lead(household_id)
    if request.method == "POST":
        try:
            family_lead_set(principal=p, household_id=household_id,
                            unit_id=int(request.POST.get("unit") or 0),
                            note=request.POST.get("note", ""),
                            seen=int(request.POST.get("seen") or 0))  # fmt: skip
        except StaleEdit as error:
            return conflict_page(request, error, back=request.path)
        except (ServiceError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Choose a unit.")))
        else:
            messages.success(request, _("The family's lead unit is set."))
            return redirect("cases:family", household_id=household_id)
    serving = {c.case.lead_unit_id: c.case.lead_unit for c in shown.cases if c.case.is_open}
    return render(request, "cases/family.html", {
        "family": shown, "may_breakglass": can_breakglass(p), "lead": lead,
        "leads": FamilyLead.objects.filter(household_id=household_id).select_related("unit"),
        "may_set_lead": may_set_lead(p, lead) and bool(serving),
        "serving": sorted(serving.values(), key=lambda u: u.code),
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


# --- referrals, co-working, transfers --------------------------------------------------------


@require_POST
@login_required
def handoff_new(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    form = HandoffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        to_unit = data["to_unit"].pk if data["to_unit"] else None

        def perform() -> Done:
            sent = handoff_send(principal=p, case_id=case.pk, kind=data["kind"], note=data["note"],
                                to_unit_id=to_unit, to_organisation=data["to_organisation"])  # fmt: skip
            return Done(303, sent.pk, {"handoff": sent.pk})

        try:
            _once(p, form, [data["kind"], to_unit, data["to_organisation"], data["note"]], perform)
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("Sent."))
            return redirect("cases:case-detail", case_id=case.pk)
    return _render_case(request, case, handoff_form=form)


def _handoff_visible(p: Principal, handoff_id: int) -> Handoff:
    if not policy.works_cases(p):
        raise Http404
    handoff = handoffs_for_unit(p.unit_id).filter(pk=handoff_id).first()
    if handoff is None:
        raise Http404
    return handoff


@login_required
def handoffs(request: Request) -> HttpResponse:
    """The unit's referrals, co-working requests and transfers: received to answer, sent to
    follow."""
    p = request.principal
    if not policy.works_cases(p):
        raise Http404
    now = timezone.now()
    rows = list(handoffs_for_unit(p.unit_id).exclude(seen_at__isnull=False)[:200])
    received = [h for h in rows if h.to_unit_id == p.unit_id]
    sent = [h for h in rows if h.from_unit_id == p.unit_id]
    audit_list(actor=p, object_type="handoff", ids=[h.pk for h in rows])
    return render(request, "cases/handoffs.html", {
        "received": received, "sent": sent, "late": {h.pk for h in rows if is_late(h, now)},
        "escalated": {h.pk for h in rows if is_escalated(h, now)},
    })  # fmt: skip


@login_required
def handoff_detail(request: Request, handoff_id: int) -> HttpResponse:
    p = request.principal
    handoff = _handoff_visible(p, handoff_id)
    form = AnswerForm(request.POST or None, unit_id=handoff.to_unit_id,
                      initial={"version": handoff.version})  # fmt: skip
    # Only the answers that apply now (the service refuses the others whatever is sent).
    applies = FIRST_ANSWERS if handoff.status == HandoffStatus.PENDING else OUTCOMES
    status_field = form.fields["status"]
    assert isinstance(status_field, ChoiceField)
    status_field.choices = [(v, label) for v, label in HandoffStatus.choices if v in applies]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def perform() -> Done:
            done = handoff_answer(principal=p, handoff_id=handoff.pk, version=data["version"],
                                  status=data["status"], answer=data["answer"],
                                  worker_id=data["worker"].pk if data["worker"] else None)  # fmt: skip
            return Done(303, done.pk, {"handoff": done.pk})

        try:
            _once(p, form, [data["version"], data["status"], data["answer"]], perform)
        except StaleEdit as error:
            return conflict_page(request, error, back=reverse("cases:handoff", args=[handoff.pk]))
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("Answer saved."))
            return redirect("cases:handoff", handoff_id=handoff.pk)
    members = list(handoff.case.members.select_related("person").order_by("pk"))
    audit_record(actor=p, action="read", object_type="handoff", object_id=handoff.pk,
                 detail={"case": handoff.case_id,
                         "persons": sorted(m.person_id for m in members)})  # fmt: skip
    answers = (handoff.to_unit_id == p.unit_id) if handoff.to_unit_id else (
        handoff.from_unit_id == p.unit_id)  # fmt: skip
    return render(request, "cases/handoff.html", {
        "handoff": handoff, "members": members, "form": form, "may_answer": answers,
        "may_dispute": handoff.from_unit_id == p.unit_id and handoff.kind == "transfer"
        and handoff.status in ("not-accepted", "returned") and not hasattr(handoff, "dispute"),
        "may_see": handoff.from_unit_id == p.unit_id and handoff.status != "pending"
        and handoff.seen_at is None,
        "programme_name": _programme_names().get(handoff.case.programme, ""),
    }, status=400 if form.errors else 200)  # fmt: skip


@require_POST
@login_required
def handoff_seen_view(request: Request, handoff_id: int) -> HttpResponse:
    p = request.principal
    handoff = _handoff_visible(p, handoff_id)
    try:
        handoff_seen(principal=p, handoff_id=handoff.pk)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("cases:handoff", handoff_id=handoff.pk)


# --- the service plan ------------------------------------------------------------------------


def _plan_initial(plan: Plan | None) -> dict[str, Any]:
    if plan is None:
        return {}
    initial: dict[str, Any] = {"goals": plan.goals, "version": plan.version}
    for i, action in enumerate(plan.actions.all()[: PlanForm.ROWS]):
        initial |= {f"action_{i}": action.text, f"owner_{i}": action.owner_id,
                    f"review_{i}": action.review_on}  # fmt: skip
    return initial


@login_required
def plan(request: Request, case_id: int) -> HttpResponse:
    """The plan in effect, the version being written, and what the viewer may do with it."""
    p = request.principal
    # Co-working and referred units see the plan (their actions are in it): the summary level.
    case = access_case_as(p, case_id, need=SUMMARY).case
    plans = list(case.plans.select_related("written_by").prefetch_related(
        "actions__owner", "approvals__by"))  # fmt: skip
    effective = next((x for x in plans if x.status == PlanStatus.APPROVED), None)
    working = next((x for x in plans if x.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED,
                                                     PlanStatus.RETURNED)), None)  # fmt: skip
    may_write = policy.can_work(p, case) and case.is_open
    form = PlanForm(request.POST or None,
                    initial=_plan_initial(working if working is not None else effective))  # fmt: skip
    decision = PlanDecisionForm(initial={"version": working.version if working else 1})
    if request.method == "POST" and may_write and form.is_valid():
        data = form.cleaned_data
        editing = (
            working if working is not None and working.status != PlanStatus.SUBMITTED else None
        )

        def perform() -> Done:
            done = plan_write(principal=p, case_id=case.pk, goals=data["goals"],
                              actions=form.actions(), plan_id=editing.pk if editing else None,
                              version=data["version"])  # fmt: skip
            return Done(303, done.pk, {"plan": done.pk})

        try:
            _once(p, form, [data["goals"], [str(a) for a in form.actions()]], perform)
        except StaleEdit as error:
            return conflict_page(request, error, back=reverse("cases:plan", args=[case.pk]))
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("The plan is saved as a draft."))
            return redirect("cases:plan", case_id=case.pk)
    return render(request, "cases/plan.html", {
        "case": case, "plans": plans, "effective": effective, "working": working, "form": form,
        "decision": decision, "may_write": may_write and (working is None
                                                          or working.status != PlanStatus.SUBMITTED),
        "may_submit": may_write and working is not None and working.status == PlanStatus.DRAFT,
        "may_decide": policy.can_approve(p, case) and working is not None
        and working.status == PlanStatus.SUBMITTED,
    }, status=400 if form.errors else 200)  # fmt: skip


@require_POST
@login_required
def plan_step(request: Request, case_id: int, plan_id: int, step: str) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    form = PlanDecisionForm(request.POST)
    if step not in ("submit", "approve", "return") or not form.is_valid():
        raise Http404
    data = form.cleaned_data

    def perform() -> Done:
        if step == "submit":
            done = plan_submit(principal=p, plan_id=plan_id, version=data["version"])
        else:
            done = plan_decide(principal=p, plan_id=plan_id, version=data["version"],
                               approve=step == "approve", note=data["note"])  # fmt: skip
        return Done(303, done.pk, {"plan": done.pk})

    try:
        _once(p, form, [step, plan_id, data["version"], data["note"]], perform)
    except StaleEdit as error:
        return conflict_page(request, error, back=reverse("cases:plan", args=[case.pk]))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("cases:plan", case_id=case.pk)


# --- notifications ---------------------------------------------------------------------------


@login_required
def notices(request: Request) -> HttpResponse:
    p = request.principal
    if p.staff is None:
        raise Http404
    if request.method == "POST":
        unread(p.staff).update(read_at=timezone.now())
        return redirect("cases:notices")
    shown = list(Notice.objects.filter(recipient=p.staff)[:100])
    return render(request, "cases/notices.html", {"notices": shown})


@login_required
def notice_open(request: Request, notice_id: int) -> HttpResponse:
    """Follow a notice (it counts as read)."""
    p = request.principal
    notice = (
        Notice.objects.filter(pk=notice_id, recipient=p.staff or 0).first() if p.staff else None
    )
    if notice is None:
        raise Http404
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return redirect(notice.link)


# --- 列管 ------------------------------------------------------------------------------------


@login_required
def tracked(request: Request) -> HttpResponse:
    p = request.principal
    if not p.has(TRACK):
        raise Http404
    if request.method == "POST":
        try:
            due_on = dt.date.fromisoformat(request.POST.get("due_on", ""))
            version = int(request.POST.get("version", "0"))
            track_update(principal=p, tracked_id=int(request.POST.get("tracked", "0")),
                         version=version, next_step=request.POST.get("next_step", ""),
                         due_on=due_on, close_reason=request.POST.get("close_reason", ""))  # fmt: skip
        except ValueError:
            messages.error(request, _("Check the date."))
        except StaleEdit as error:
            return conflict_page(request, error, back=reverse("cases:tracked"))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("cases:tracked")
    items = list(tracked_list(p))
    audit_list(actor=p, object_type="case", ids=[t.case_id for t in items])
    today = timezone.localdate()
    return render(request, "cases/tracked.html", {
        "items": items, "today": today, "names": _programme_names(),
    })  # fmt: skip


@require_POST
@login_required
def track_case(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    try:
        track(principal=p, case_id=case.pk, reason=request.POST.get("reason", ""),
              next_step=request.POST.get("next_step", ""),
              due_on=dt.date.fromisoformat(request.POST.get("due_on", "")))  # fmt: skip
    except ValueError:
        messages.error(request, _("Check the date."))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The case is tracked."))
    return redirect("cases:case-detail", case_id=case.pk)


# --- disputes and assignment -----------------------------------------------------------------


@require_POST
@login_required
def dispute_new(request: Request, handoff_id: int) -> HttpResponse:
    p = request.principal
    handoff = _handoff_visible(p, handoff_id)
    try:
        dispute_raise(principal=p, handoff_id=handoff.pk, reason=request.POST.get("reason", ""))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The dispute went to the desk."))
    return redirect("cases:handoff", handoff_id=handoff.pk)


@login_required
def disputes(request: Request) -> HttpResponse:
    p = request.principal
    if not p.has(policy.ARBITRATE):
        raise Http404
    if request.method == "POST":
        try:
            dispute_decide(principal=p, dispute_id=int(request.POST.get("dispute", "0")),
                           lead_unit_id=int(request.POST.get("lead", "0")),
                           note=request.POST.get("note", ""))  # fmt: skip
        except ValueError:
            messages.error(request, _("Choose one of the two units."))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decided."))
        return redirect("cases:disputes")
    items = list(disputes_open(p))
    audit_list(actor=p, object_type="case", ids=[d.case_id for d in items])
    return render(request, "cases/disputes.html", {"items": items, "now": timezone.now()})


@require_POST
@login_required
def assign(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    try:
        case_assign(principal=p, case_id=case.pk, worker_id=int(request.POST.get("worker", "0")),
                    version=int(request.POST.get("version", "0")))  # fmt: skip
    except ValueError:
        messages.error(request, _("Choose a worker of this unit."))
    except StaleEdit as error:
        return conflict_page(request, error, back=reverse("cases:case-detail", args=[case.pk]))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("cases:case-detail", case_id=case.pk)


@require_POST
@login_required
def assessment_new(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = access_case(p, case_id)
    try:
        answers = [int(a) for a in request.POST.getlist("answers")]
        assessment_record(principal=p, case_id=case.pk, instrument=request.POST.get("instrument", ""),
                          answers=answers, option=request.POST.get("option", ""))  # fmt: skip
    except ValueError:
        messages.error(request, _("Answer the instrument's items by their numbers."))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Assessment recorded."))
    return redirect("cases:case-detail", case_id=case.pk)


@login_required
def contact_edit_view(request: Request, case_id: int, contact_id: int) -> HttpResponse:
    """Correct a contact: within the grace period it is replaced; later the earlier version is
    kept beside it (and shown)."""
    p = request.principal
    case = access_case(p, case_id)
    contact = case.contacts.filter(pk=contact_id).prefetch_related("joint_units").first()
    if contact is None:
        raise Http404
    initial = {"at": timezone.localtime(contact.at).strftime("%Y-%m-%dT%H:%M"),
               "method": contact.method, "target": contact.target, "place": contact.place,
               "notes": contact.notes, "joint_units": list(contact.joint_units.all())}  # fmt: skip
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft = form.draft()

        def perform() -> Done:
            done = contact_edit(principal=p, contact_id=contact.pk, draft=draft,
                                version=int(request.POST.get("version", "0")))  # fmt: skip
            return Done(303, done.pk, {"contact": done.pk})

        try:
            # The same submit twice acts once (the second is answered as the first).
            _once(p, form, [contact.pk, request.POST.get("version", ""), str(draft)], perform)
        except ValueError:
            form.add_error(None, _("Reload the page and try again."))
        except StaleEdit as error:
            return conflict_page(request, error, back=request.path)
        except ServiceError as error:
            _show(form, error)
        else:
            messages.success(request, _("Contact corrected."))
            return redirect("cases:case-detail", case_id=case.pk)
    return render(request, "cases/contact_edit.html", {
        "case": case, "contact": contact, "form": form,
        "revisions": contact.revisions.select_related("replaced_by"),
        "may_edit": policy.can_record_contact(p, case) and p.staff is not None,
    }, status=400 if form.errors else 200)  # fmt: skip
