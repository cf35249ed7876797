"""Pages. Each view parses, checks access, calls a service or selector, and renders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.models import Role
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_list
from safetynet.cases.access import access_case, case_list_visible_to
from safetynet.core.errors import ServiceError
from safetynet.core.roc import DateParseError, parse_date
from safetynet.geo.selectors import city_districts
from safetynet.intake import selectors
from safetynet.intake.access import access_dispatch, access_report, can_see_reporter
from safetynet.intake.drafts import ReportDraft
from safetynet.intake.forms import (
    AcceptForm,
    DecisionForm,
    ReportForm,
    ReportPersonFormSet,
    ReturnForm,
    ReviewForm,
)
from safetynet.intake.services import (
    decision_record,
    decision_review,
    dispatch_accept,
    dispatch_return,
    report_create,
)
from safetynet.web import charts

PAGE_SIZE = 50


def _principal(request: HttpRequest) -> Principal:
    principal = Principal.of_user(request.user)
    request.principal = principal  # type: ignore[attr-defined]
    return principal


def _show_error(request: HttpRequest, form: Any, error: ServiceError) -> None:
    messages.error(request, error.message)
    for field, errors in error.field_errors.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    if principal.at_desk:
        return redirect("queue")
    if principal.role == Role.ADMINISTRATOR:
        return redirect("admin:index")
    if principal.role in (Role.PROGRAMME_ANALYST, Role.AUDITOR):
        return redirect("dashboard")
    if principal.role in (Role.POLICE_OFFICER, Role.SCHOOL_COUNSELLOR) or principal.staff is None:
        return redirect("report-new")
    return redirect("inbox")


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    form = ReportForm(request.POST or None)
    persons = ReportPersonFormSet(request.POST or None, prefix="persons")
    if request.method == "POST" and form.is_valid() and persons.is_valid():
        draft = ReportDraft.from_cleaned(
            form.cleaned_data, [p.cleaned_data for p in persons.forms if p.has_changed()]
        )
        report, _people = report_create(principal=principal, draft=draft)
        messages.success(request, _("Report %(number)s received.") % {"number": report.number})
        return redirect("report-detail", report_id=report.pk)
    if request.method == "POST":
        messages.error(request, _("The report was not saved: please correct the marked fields."))
    return render(request, "web/report_new.html", {"form": form, "persons": persons})


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    principal = _principal(request)
    report = access_report(principal, report_id)
    context = {
        "report": report,
        "show_reporter": can_see_reporter(principal, report),
        "history": selectors.report_history(report) if principal.at_desk else None,
        "decisions": report.decisions.select_related("decided_by", "service_group", "merge_case"),
        "dispatches": report.dispatches.select_related("unit", "case"),
        "clock": selectors.clock_for(report),
    }
    return render(request, "web/report_detail.html", context)


@login_required
def report_decide(request: HttpRequest, report_id: int) -> HttpResponse:
    principal = _principal(request)
    if not principal.at_desk:
        raise Http404
    report = access_report(principal, report_id, write=request.method == "POST")
    form = DecisionForm(request.POST or None, merge_cases=selectors.open_cases_of(report))
    if request.method == "POST" and form.is_valid():
        try:
            decision_record(principal=principal, report_id=report.pk, draft=form.draft())
        except ServiceError as error:
            _show_error(request, form, error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("queue")
    suggestions = selectors.route_suggestions(report)
    return render(
        request,
        "web/report_decide.html",
        {
            "report": report,
            "form": form,
            "suggestions": suggestions,
            "clock": selectors.clock_for(report),
            "history_rows": selectors.report_history(report),
        },
    )


def _queue_filters(request: HttpRequest) -> selectors.QueueFilters:
    district = request.GET.get("district", "")
    return selectors.QueueFilters(
        district=int(district) if district.isdigit() else None,
        channel=request.GET.get("channel", "")[:10],
        concern=request.GET.get("concern", "")[:20],
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    if not principal.at_desk:
        raise Http404
    filters = _queue_filters(request)
    page = Paginator(selectors.report_queue(principal, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [(r, selectors.clock_for(r, now=now)) for r in page]
    audit_list(principal=principal, object_type="report", ids=[r.pk for r in page])
    template = "web/_queue_table.html" if request.htmx else "web/queue.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "districts": city_districts(),
            "channels": selectors.channel_choices(),
            "concerns": selectors.concern_choices(),
        },
    )


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    if not principal.is_desk_supervisor:
        raise Http404
    return render(request, "web/reviews.html", {"decisions": selectors.review_queue(principal)})


@login_required
def review(request: HttpRequest, decision_id: int) -> HttpResponse:
    principal = _principal(request)
    decision = selectors.review_queue(principal).filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    report = access_report(principal, decision.report_id, write=request.method == "POST")
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision_review(
                principal=principal,
                decision_id=decision.pk,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            _show_error(request, form, error)
        else:
            messages.success(request, _("Review recorded."))
            return redirect("reviews")
    return render(
        request, "web/review.html", {"decision": decision, "report": report, "form": form}
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    dispatches = selectors.unit_inbox(principal)
    audit_list(principal=principal, object_type="dispatch", ids=[d.pk for d in dispatches])
    return render(request, "web/inbox.html", {"dispatches": dispatches})


@login_required
def dispatch_detail(request: HttpRequest, dispatch_id: int) -> HttpResponse:
    principal = _principal(request)
    dispatch = access_dispatch(principal, dispatch_id)
    report = access_report(principal, dispatch.report_id)
    unit = dispatch.unit
    accept_form = AcceptForm(request.POST if "accept" in request.POST else None, unit=unit)
    return_form = ReturnForm(request.POST if "return" in request.POST else None)
    try:
        if "accept" in request.POST and accept_form.is_valid():
            case = dispatch_accept(
                principal=principal,
                dispatch_id=dispatch.pk,
                worker=accept_form.cleaned_data["worker"],
            )
            messages.success(
                request, _("Accepted: case %(number)s opened.") % {"number": case.number}
            )
            return redirect("case-detail", case_id=case.pk)
        if "return" in request.POST and return_form.is_valid():
            dispatch_return(
                principal=principal,
                dispatch_id=dispatch.pk,
                reason=return_form.cleaned_data["reason"],
            )
            messages.success(request, _("Returned to the intake desk."))
            return redirect("inbox")
    except ServiceError as error:
        _show_error(request, accept_form if "accept" in request.POST else return_form, error)
    return render(
        request,
        "web/dispatch.html",
        {
            "dispatch": dispatch,
            "report": report,
            "decision": dispatch.decision,
            "accept_form": accept_form,
            "return_form": return_form,
            "clock": selectors.clock_for(report),
            "show_reporter": can_see_reporter(principal, report),
        },
    )


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    page = Paginator(case_list_visible_to(principal).order_by("-opened_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_list(principal=principal, object_type="case", ids=[c.pk for c in page])
    return render(request, "web/cases.html", {"page": page})


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    principal = _principal(request)
    case = access_case(principal, case_id)
    members = case.members.select_related("person")
    return render(
        request,
        "web/case_detail.html",
        {"case": case, "members": members, "reports": case.reports.order_by("-received_at")},
    )


def _period(request: HttpRequest) -> tuple[dt.date, dt.date, list[str]]:
    today = timezone.localdate()
    errors = []
    start, end = today - dt.timedelta(days=364), today
    for name in ("start", "end"):
        text = request.GET.get(name, "")
        if not text:
            continue
        try:
            value = parse_date(text)
        except DateParseError:
            errors.append(
                _("Enter a date such as 112/04/14, 1120414, 民國112年4月14日 or 2023-04-14.")
            )
            continue
        if name == "start":
            start = value
        else:
            end = value
    if start > end:
        errors.append(_("The start of the period is after its end."))
        start, end = end, start
    return start, end, errors


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    principal = _principal(request)
    allowed = principal.at_desk or principal.role in (
        Role.PROGRAMME_ANALYST,
        Role.AUDITOR,
        Role.SUPERVISOR,
    )
    if not allowed:
        raise Http404
    start, end, errors = _period(request)
    district = request.GET.get("district", "")
    stats = selectors.desk_stats(
        start=selectors.local_midnight(start),
        end=selectors.local_midnight(end + dt.timedelta(days=1)),
        district=int(district) if district.isdigit() else None,
    )
    return render(
        request,
        "web/dashboard.html",
        {
            "stats": stats,
            "start": start,
            "end": end,
            "errors": errors,
            "district": district,
            "districts": city_districts(),
            "chart": charts.desk_chart(stats),
            "outcomes": selectors.outcome_rows(stats),
        },
    )
