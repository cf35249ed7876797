"""The intake desk's pages. Each view parses, fetches through an access helper, calls a
service, and renders; who may do what is `intake.policy`'s, every rule the services'."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safetynet.agencies.http import Request
from safetynet.agencies.models import Unit
from safetynet.agencies.principal import Principal
from safetynet.agencies.selectors import staff_holding
from safetynet.api.idempotency import Done, run_once
from safetynet.audit.services import audit_list
from safetynet.cases import policy as case_policy
from safetynet.cases.due import route_clocks
from safetynet.cases.models import Case
from safetynet.core.conflict import StaleEdit
from safetynet.core.conflict import page as conflict_page
from safetynet.core.errors import ServiceError
from safetynet.core.nav import NavItem, WorkItem
from safetynet.geo.selectors import city_district
from safetynet.intake import charts, domain, policy, rules, selectors
from safetynet.intake.access import access_dispatch, access_report
from safetynet.intake.domain import MAX_PERSONS
from safetynet.intake.forms import (
    AcceptForm,
    DecisionForm,
    PeriodForm,
    QueueFilterForm,
    ReportForm,
    ReportPersonFormSet,
    ReturnForm,
    ReviewForm,
    person_drafts,
)
from safetynet.intake.investigations import (
    investigates,
    investigation_report,
    investigation_start,
    investigation_visit,
)
from safetynet.intake.models import (
    DispatchStatus,
    Investigation,
    Report,
    ReviewStatus,
    ServiceGroup,
)
from safetynet.intake.policy import ReportView
from safetynet.intake.services import (
    decision_record,
    decision_review,
    dispatch_accept,
    dispatch_return,
    report_create,
)

PAGE_SIZE = 50


def menu(p: Principal) -> list[NavItem]:
    items = []
    if policy.can_screen(p):
        items.append(NavItem(gettext_lazy("Screening queue"), reverse("intake:queue")))
        items.append(NavItem(gettext_lazy("High-danger network meeting"),
                             reverse("intake:high-danger")))  # fmt: skip
    if policy.can_review(p):
        items.append(NavItem(gettext_lazy("Reviews"), reverse("intake:reviews")))
    if policy.works_for_unit(p):
        items.append(NavItem(gettext_lazy("Unit inbox"), reverse("intake:inbox")))
    if policy.can_file(p):
        items.append(NavItem(gettext_lazy("File a report"), reverse("intake:report-new")))
        items.append(NavItem(gettext_lazy("My reports"), reverse("intake:mine")))
    if policy.can_see_dashboard(p):
        items.append(NavItem(gettext_lazy("Dashboard"), reverse("intake:dashboard")))
    return items


def worklist(p: Principal) -> list[WorkItem]:
    items = []
    now = timezone.now()
    if policy.can_screen(p):
        waiting = selectors.report_queue(p, selectors.QueueFilters())
        items.append(WorkItem(gettext_lazy("Reports awaiting screening"), waiting.count(),
                              reverse("intake:queue"),
                              urgent=waiting.filter(grading_deadline__lt=now).count(),
                              hint=gettext_lazy("overdue")))  # fmt: skip
    if policy.can_review(p):
        items.append(WorkItem(gettext_lazy("No-case decisions to review"),
                              selectors.review_queue(p).count(), reverse("intake:reviews")))  # fmt: skip
    if policy.works_for_unit(p):
        items.append(WorkItem(gettext_lazy("Dispatches waiting for your unit"),
                              selectors.unit_inbox(p).count(), reverse("intake:inbox")))  # fmt: skip
    if policy.can_file(p) and not policy.can_screen(p):
        filed = selectors.reports_filed_by(p)
        items.append(WorkItem(gettext_lazy("Reports you filed"), filed.count(),
                              reverse("intake:mine")))  # fmt: skip
    return items


def _show_error(request: Request, forms: list[Any], error: ServiceError) -> None:
    """A service's refusal on the page: its message, and each field's error at its field."""
    messages.error(request, error.message)
    for field, errors in error.field_errors.items():
        target = next((f for f in forms if field in f.fields), None)
        for message in errors:
            if target is not None:
                target.add_error(field, message)
            elif forms:
                forms[0].add_error(None, message)


@login_required
def report_new(request: Request) -> HttpResponse:
    p = request.principal
    if not policy.can_file(p):
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, initial={"submission": uuid.uuid4(), **_filer_initial(p)})
    persons = ReportPersonFormSet(data, prefix="persons")
    if data is not None and "add_person" in data:
        persons = _with_one_more_row(data)
    elif data is not None and form.is_valid() and persons.is_valid():
        draft = form.draft(person_drafts(persons))
        try:
            _status, report_id = run_once(
                actor=p,
                key=str(form.cleaned_data["submission"]),
                payload=str(draft),
                perform=lambda: _file(p, draft),
                replay=lambda result: (303, result["report"]),
            )
        except ServiceError as error:
            _show_error(request, [form, *persons.forms], error)
            if "persons" in error.field_errors:
                persons._non_form_errors = persons.error_class(error.field_errors["persons"])  # type: ignore[attr-defined]
        else:
            messages.success(request, _("Report %(number)s received.") % {
                "number": f"R{report_id:08d}"})  # fmt: skip
            return redirect("intake:report-detail", report_id=report_id)
    elif data is not None:
        messages.error(request, _("The report was not saved: please correct the marked fields."))
    return render(request, "intake/report_new.html", {"form": form, "persons": persons})


def _file(p: Principal, draft: Any) -> Done:
    report, _people = report_create(principal=p, draft=draft)
    return Done(303, report.pk, {"report": report.pk})


def _filer_initial(p: Principal) -> dict[str, Any]:
    """The reporter fields as far as the account knows them (a person may change them)."""
    if p.staff is None:
        return {}
    return {
        "reporter_name": p.staff.display_name,
        "reporter_organisation": p.staff.unit.name,
        **domain.filer_defaults(role=p.staff.role, unit_kind=p.staff.unit.kind),
    }


def _with_one_more_row(data: Any) -> Any:
    """The person rows as typed, plus a blank one (no JavaScript needed)."""
    more = data.copy()
    try:
        total = int(more.get("persons-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    more["persons-TOTAL_FORMS"] = str(max(1, min(total + 1, MAX_PERSONS)))
    formset = ReportPersonFormSet(more, prefix="persons")
    formset.is_valid()
    return formset


@login_required
def report_detail(request: Request, report_id: int) -> HttpResponse:
    p = request.principal
    shown = access_report(p, report_id, with_history=policy.can_screen(p))
    report = shown.report
    context: dict[str, Any] = {
        "report": report,
        "shown": shown,
        "view": shown.view.value,
        "show_reporter": policy.can_see_reporter(p, report),
        "show_re_report": shown.view is ReportView.DESK
        or (shown.view is ReportView.UNIT and policy.knows_protection_history(p)),
        "can_screen": policy.can_screen(p) and report.in_queue,
        "clock": selectors.clock_for(report),
    }
    if shown.view is ReportView.DESK:
        context["decisions"] = report.decisions.select_related(
            "decided_by__staff", "reviewed_by__staff", "service_group", "merge_case"
        )
        context["dispatches"] = report.dispatches.select_related("unit", "case")
    elif shown.view is ReportView.UNIT:
        context["dispatches"] = report.dispatches.filter(unit_id=p.unit_id or 0).select_related(
            "unit", "case"
        )
    return render(request, "intake/report_detail.html", context)


def _offer_choices(
    form: DecisionForm, open_cases: list[Case], report: Report | None = None
) -> DecisionForm:
    """The lists the page offers (the form parses the chosen value either way)."""
    on = timezone.localdate(report.received_at) if report is not None else timezone.localdate()
    form.offer(
        factors=[
            (f["code"], f["label"] + (" (" + str(_("high")) + ")" if f["grade"] == "high" else ""))
            for f in rules.factors(on)
        ],
        services=[(g.code, g.name) for g in ServiceGroup.objects.filter(active=True)],
        merge_cases=[(c.pk, selectors.merge_choice_label(c)) for c in open_cases],
        units=[(u.code, u.name) for u in Unit.objects.order_by("code")],
    )
    return form


@login_required
def report_decide(request: Request, report_id: int) -> HttpResponse:
    p = request.principal
    if not policy.can_screen(p):
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(principal=p, report_id=report_id, draft=form.draft())
        except StaleEdit as error:
            return conflict_page(request, error, back=reverse("intake:queue"))
        except ServiceError as error:
            if error.code == "not_found":
                raise Http404 from error
            _show_error(request, [form], error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("intake:queue")
    shown = access_report(p, report_id, with_history=True, with_open_cases=True)
    report = shown.report
    open_cases = shown.open_cases
    return render(
        request,
        "intake/report_decide.html",
        {
            "report": report,
            "shown": shown,
            "open_cases": open_cases,
            "form": _offer_choices(form, open_cases, report),
            "suggestions": selectors.route_suggestions(report),
            "clock": selectors.clock_for(report),
            "show_reporter": policy.can_see_reporter(p, report),
            "send_backs": report.decisions.filter(
                review_status=ReviewStatus.REJECTED
            ).select_related("reviewed_by__staff"),
            "returns": report.dispatches.filter(status=DispatchStatus.RETURNED).select_related(
                "unit"
            ),
            "investigation": getattr(report, "investigation", None),
            "may_investigate": investigates(report)
            and report.in_queue
            and not hasattr(report, "investigation"),
            "investigators": staff_holding(policy.SCREEN, unit_id=p.unit_id or 0),
        },
    )


@require_POST
@login_required
def investigate(request: Request, report_id: int) -> HttpResponse:
    p = request.principal
    try:
        item = investigation_start(principal=p, report_id=report_id,
                                   investigator_id=int(request.POST.get("investigator", "0")))  # fmt: skip
    except ValueError:
        messages.error(request, _("Choose an investigator of the centre."))
    except ServiceError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("The investigation is assigned."))
        return redirect("intake:investigation", investigation_id=item.pk)
    return redirect("intake:report-decide", report_id=report_id)


@login_required
def investigation(request: Request, investigation_id: int) -> HttpResponse:
    """The investigator's page: the report, the visit, the investigation report."""
    p = request.principal
    if not policy.can_screen(p):
        raise Http404
    item = (
        Investigation.objects.filter(
            pk=investigation_id, report__in=selectors.report_list_visible_to(p)
        )
        .select_related("report", "investigator")
        .first()
    )
    if item is None:
        raise Http404
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", "0"))
            if "findings" in request.POST:
                investigation_report(principal=p, investigation_id=item.pk, version=version,
                                     findings=request.POST["findings"])  # fmt: skip
                messages.success(
                    request, _("The investigation report is in the queue for its decision.")
                )
                return redirect("intake:queue")
            visited = dt.datetime.fromisoformat(request.POST.get("visited_at", ""))
            investigation_visit(principal=p, investigation_id=item.pk, version=version,
                                visited_at=timezone.make_aware(visited) if timezone.is_naive(visited)
                                else visited, note=request.POST.get("note", ""))  # fmt: skip
            messages.success(request, _("Saved."))
        except ValueError:
            messages.error(request, _("Check the date."))
        except StaleEdit as error:
            return conflict_page(request, error, back=request.path)
        except ServiceError as error:
            messages.error(request, error.message)
        return redirect("intake:investigation", investigation_id=item.pk)
    shown = access_report(p, item.report_id, shows={"investigation": item.pk})
    return render(request, "intake/investigation.html", {
        "item": item, "shown": shown, "report": shown.report,
        "is_investigator": p.staff is not None and p.staff.pk == item.investigator_id,
    })  # fmt: skip


@login_required
def queue(request: Request) -> HttpResponse:
    p = request.principal
    if not policy.can_screen(p):
        raise Http404
    filters = QueueFilterForm(request.GET or None)
    wanted = selectors.QueueFilters(**filters.cleaned_data) if filters.is_valid() else (
        selectors.QueueFilters())  # fmt: skip
    page = Paginator(selectors.report_queue(p, wanted), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [(r, selectors.clock_for(r, now=now)) for r in page]
    audit_list(actor=p, object_type="report", ids=[r.pk for r in page])
    template = "intake/_queue_table.html" if request.htmx else "intake/queue.html"
    return render(request, template, {"page": page, "rows": rows, "filters": filters})


@login_required
def reviews(request: Request) -> HttpResponse:
    p = request.principal
    if not policy.can_review(p):
        raise Http404
    decisions = list(selectors.review_queue(p))
    audit_list(actor=p, object_type="report", ids=[d.report_id for d in decisions])
    return render(request, "intake/reviews.html", {"decisions": decisions})


@login_required
def review(request: Request, decision_id: int) -> HttpResponse:
    p = request.principal
    decision = selectors.review_queue(p).filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision_review(principal=p, decision_id=decision.pk,
                            approve=form.cleaned_data["approve"], note=form.cleaned_data["note"])  # fmt: skip
        except ServiceError as error:
            _show_error(request, [form], error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("intake:reviews")
    shown = access_report(p, decision.report_id, shows={"decision": decision.pk})
    return render(request, "intake/review.html",
                  {"decision": decision, "report": shown.report, "shown": shown, "form": form,
                   "show_reporter": policy.can_see_reporter(p, shown.report)})  # fmt: skip


@login_required
def inbox(request: Request) -> HttpResponse:
    p = request.principal
    if not policy.works_for_unit(p):
        raise Http404
    dispatches = list(selectors.unit_inbox(p))
    audit_list(actor=p, object_type="dispatch", ids=[d.pk for d in dispatches])
    return render(request, "intake/inbox.html", {"dispatches": dispatches})


def _workers(unit_id: int) -> list[tuple[int, str]]:
    return [(s.pk, s.display_name) for s in staff_holding(case_policy.CARRY, unit_id=unit_id)]


@login_required
def dispatch_detail(request: Request, dispatch_id: int) -> HttpResponse:
    p = request.principal
    accept_form = return_form = None
    if request.method == "POST":
        unit_id = p.unit_id or 0
        accept_form = AcceptForm(request.POST if "accept" in request.POST else None,
                                 workers=_workers(unit_id))  # fmt: skip
        return_form = ReturnForm(request.POST if "return" in request.POST else None)
        try:
            if "accept" in request.POST and accept_form.is_valid():
                case = dispatch_accept(principal=p, dispatch_id=dispatch_id,
                                       worker_id=accept_form.cleaned_data["worker"])  # fmt: skip
                messages.success(request, _("Accepted: case %(number)s opened.") % {
                    "number": case.number})  # fmt: skip
                return redirect("cases:case-detail", case_id=case.pk)
            if "return" in request.POST and return_form.is_valid():
                dispatch_return(principal=p, dispatch_id=dispatch_id,
                                reason=return_form.cleaned_data["reason"])  # fmt: skip
                messages.success(request, _("Returned to the intake desk."))
                return redirect("intake:inbox")
        except ServiceError as error:
            if error.code == "not_found":
                raise Http404 from error
            _show_error(request, [accept_form if "accept" in request.POST else return_form], error)
    dispatch = access_dispatch(p, dispatch_id)
    report = dispatch.report
    decision = dispatch.decision
    return render(
        request,
        "intake/dispatch.html",
        {
            "dispatch": dispatch,
            "report": report,
            "decision": decision,
            "people": list(report.people.order_by("pk")),
            "can_answer": policy.can_answer(p, unit_id=dispatch.unit_id),
            "accept_form": accept_form or AcceptForm(workers=_workers(dispatch.unit_id)),
            "return_form": return_form or ReturnForm(),
            # The receiving unit's own legal clocks (e.g. child protection grade 1: face to face
            # within 24 h), from the programme rules; the desk's grading clock is not the unit's.
            "unit_clocks": [
                (label, domain.Clock(due, timezone.now()))
                for label, due in route_clocks(
                    decision.route_key, decision.cp_grade, report.received_at
                )
            ],
            "factor_labels": [
                f["label"]
                for f in rules.factors(timezone.localdate(report.received_at))
                if f["code"] in decision.factor_codes
            ],
            "tipvda_high": decision.tipvda_score is not None
            and selectors.tipvda_high_danger(decision.tipvda_score, on=decision.decided_at),
            "show_reporter": policy.can_see_reporter(p, report),
            "show_re_report": policy.can_screen(p) or policy.knows_protection_history(p),
        },
    )


@login_required
def my_reports(request: Request) -> HttpResponse:
    p = request.principal
    if not policy.can_file(p):
        raise Http404
    page = Paginator(selectors.reports_filed_by(p), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(actor=p, object_type="report", ids=[r.pk for r in page])
    rows = [(r, selectors.filer_steps(r)) for r in page]
    return render(request, "intake/mine.html", {"page": page, "rows": rows})


# plotly.js (served from the installed plotly package) adds two style elements as it loads: an
# empty one that it fills through the CSSOM, and its map library's fixed stylesheet. The
# dashboard's policy allows exactly those two by their hashes (tests/web/test_serving.py
# recomputes the second from the installed file); no other page allows any inline style.
PLOTLY_STYLES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # "" (empty)
    "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",  # .maplibregl-map{…}
]


@login_required
@csp_update({"style-src": PLOTLY_STYLES})  # type: ignore[arg-type]
def dashboard(request: Request) -> HttpResponse:
    p = request.principal
    if not policy.can_see_dashboard(p):
        raise Http404
    form = PeriodForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    district = city_district(form.cleaned_data.get("district", "")) if form.is_valid() else None
    stats = selectors.desk_stats(
        start=selectors.local_midnight(start),
        end=selectors.local_midnight(end + dt.timedelta(days=1)),
        district=district,
    )
    return render(
        request,
        "intake/dashboard.html",
        {
            "stats": stats,
            "form": form,
            "start": start,
            "end": end,
            "chart": charts.desk_chart(stats),
            "outcomes": selectors.outcome_rows(stats),
        },
    )


@login_required
def high_danger(request: Request) -> HttpResponse:
    """The month's list for the high-danger network meeting: the desk and the protection
    centre (who brings the cases)."""
    p = request.principal
    if not policy.can_see_high_danger_list(p):
        raise Http404
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{today:%Y-%m}").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
        messages.error(request, _("Choose a month."))
    decisions = selectors.high_danger_list(year, month)
    audit_list(actor=p, object_type="report", ids=[d.report_id for d in decisions])
    return render(request, "intake/high_danger.html", {
        "decisions": decisions, "month": dt.date(year, month, 1),
    })  # fmt: skip
