"""The auditor's pages: who viewed a person, a case or a report; the access alerts and each
alert with the rows that raised it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.http import Request
from safetynet.agencies.models import Staff
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_list, audit_record
from safetynet.core.errors import ServiceError
from safetynet.core.nav import NavItem, WorkItem
from safetynet.oversight import access, policy, selectors, services
from safetynet.oversight.forms import AlertHandleForm, LookupForm
from safetynet.oversight.models import AlertStatus
from safetynet.oversight.selectors import MODELS

PAGE_SIZE = 50
TITLES = {
    policy.PERSON: gettext_lazy("Who viewed this person"),
    policy.CASE: gettext_lazy("Who viewed this case"),
    policy.REPORT: gettext_lazy("Who viewed this report"),
}


def menu(p: Principal) -> list[NavItem]:
    items = []
    if policy.looks_up(p):
        items.append(NavItem(gettext_lazy("Who viewed a record"), reverse("oversight:lookup")))
    if policy.reads_alerts(p):
        items.append(NavItem(gettext_lazy("Access alerts"), reverse("oversight:alerts")))
    return items


def worklist(p: Principal) -> list[WorkItem]:
    if not policy.reads_alerts(p):
        return []
    waiting = access.alerts_visible_to(p).filter(status=AlertStatus.OPEN).count()
    return [WorkItem(gettext_lazy("Access alerts waiting"), waiting, reverse("oversight:alerts"),
                     urgent=waiting)]  # fmt: skip


def _page_number(request: Request) -> int:
    text = request.GET.get("page", "1")
    return int(text) if text.isdigit() else 1


@login_required
def who_viewed(request: Request, kind: str, pk: int) -> HttpResponse:
    p = request.principal
    shown = access.access_who_viewed(p, kind, pk, page=_page_number(request))
    record = MODELS[kind].objects.get(pk=pk)
    return render(request, "oversight/who_viewed.html", {
        "kind": kind, "record": record, "title": TITLES[kind], "shown": shown,
    })  # fmt: skip


@login_required
def lookup(request: Request) -> HttpResponse:
    """Find a record by the number people quote, then its readers (a 404-free answer: "no
    record you may ask about" whether it is missing or not the viewer's)."""
    p = request.principal
    if not policy.looks_up(p):
        raise Http404
    form = LookupForm(request.GET or None)
    if request.GET and form.is_valid():
        kind, text = form.cleaned_data["kind"], form.cleaned_data["text"]
        pk = selectors.find_record(kind, text)
        audit_record(actor=p, action="search", object_type=kind,
                     detail={"ids": [pk] if pk is not None else []})  # fmt: skip
        if pk is not None and policy.can_see_who_viewed(p, selectors.target_of(kind, pk)):
            return redirect("oversight:who-viewed", kind=kind, pk=pk)
        form.add_error("text", _("No such record that you may ask about."))
    return render(request, "oversight/lookup.html", {"form": form})


@login_required
def alerts(request: Request) -> HttpResponse:
    p = request.principal
    if not policy.reads_alerts(p):
        raise Http404
    rows = access.alerts_visible_to(p)
    waiting = request.GET.get("all") != "1"
    if waiting:
        rows = rows.exclude(status=AlertStatus.CLOSED)
    page = Paginator(rows.order_by("-raised_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_list(actor=p, object_type="alert", ids=[a.pk for a in page])
    who = {s.user_id: s for s in Staff.objects.filter(
        user_id__in=[a.actor_id for a in page]).select_related("unit")}  # fmt: skip
    return render(request, "oversight/alerts.html", {
        "page": page, "waiting": waiting, "rows": [(a, who.get(a.actor_id)) for a in page],
    })  # fmt: skip


@login_required
def alert_detail(request: Request, alert_id: int) -> HttpResponse:
    p = request.principal
    alert = access.access_alert(p, alert_id)
    form = AlertHandleForm(request.POST or None, initial={"version": alert.version})
    status = 200
    conflict = ""
    if request.method == "POST":
        if alert.status == AlertStatus.CLOSED:
            status = 409
            form.add_error(None, _("The alert is closed already."))
        elif form.is_valid():
            try:
                services.alert_handle(
                    principal=p, alert_id=alert.pk, status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"], version=form.cleaned_data["version"],
                )  # fmt: skip
            except ServiceError as error:
                for field, errors in error.field_errors.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
                if not error.field_errors:
                    form.add_error(None, error.message)
                status = 409 if error.conflict else 400
                if error.code == "stale":
                    # Both versions on the page: the alert as it is now, and what was sent.
                    form = AlertHandleForm(initial={**form.cleaned_data, "version": alert.version})
                    conflict = error.message
            else:
                messages.success(request, _("Saved."))
                return redirect("oversight:alert", alert_id=alert.pk)
        else:
            status = 400
    actor = Staff.objects.filter(user_id=alert.actor_id).select_related("unit").first()
    events = list(alert.events.order_by("at", "pk")[:500])
    return render(request, "oversight/alert.html", {
        "alert": alert, "actor": actor, "events": events, "form": form,
        "open": alert.status != AlertStatus.CLOSED, "conflict": conflict,
    }, status=status)  # fmt: skip
