"""The shell's pages: home (a worklist composed from the contexts), the person page, and the
pages for what is not found."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from safetynet.agencies import policy as agency_policy
from safetynet.agencies.http import Request
from safetynet.agencies.principal import Principal
from safetynet.cases import views as cases
from safetynet.core.nav import NavItem, WorkItem
from safetynet.intake import views as intake
from safetynet.jobs.queue import last_beat, worker_alive
from safetynet.linkage import views as linkage
from safetynet.linkage.forms import UnmergeForm
from safetynet.linkage.policy import can_link
from safetynet.oversight import views as oversight
from safetynet.people import disclosure
from safetynet.rules import views as rules
from safetynet.web.persons import access_person


def menu(p: Principal) -> list[NavItem]:
    items = [NavItem(gettext_lazy("Home"), reverse("home"))]
    for context in (intake, cases, linkage, rules, oversight):
        items += context.menu(p)
    if p.has(disclosure.APPROVE) and p.staff is not None:
        items.append(NavItem(gettext_lazy("Confidential addresses"), reverse("address-requests")))
    if agency_policy.can_administer(p):
        items.append(NavItem(gettext_lazy("Administration"), reverse("admin:index")))
    return items


def worklist(p: Principal) -> list[WorkItem]:
    return [
        item
        for context in (intake, cases, linkage, rules, oversight)
        for item in context.worklist(p)
    ]


@login_required
def home(request: Request) -> HttpResponse:
    p = request.principal
    return render(request, "web/home.html", {"work": worklist(p), "places": menu(p)[1:]})


@login_required
def person_detail(request: Request, person_id: int) -> HttpResponse:
    p = request.principal
    shown = access_person(p, person_id)
    return render(
        request,
        "web/person.html",
        {
            "person": shown.person,
            "homes": shown.homes,
            "entries": shown.entries,
            "cases": shown.cases,
            "systems": shown.systems,
            "housemates": shown.housemates,
            "can_link": can_link(p),
            "may_ask_address": p.has(disclosure.REQUEST),
            "unmerge": UnmergeForm(),
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    """For the operator's monitor: the database answers, and whether a background worker ran
    its heartbeat in the last minutes (no login; nothing about cases or people)."""
    beat = last_beat()
    alive = worker_alive()
    return JsonResponse(
        {"database": "ok", "worker": "alive" if alive else "stopped",
         "last_beat": beat.isoformat() if beat else None},
        status=200,
    )  # fmt: skip


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


# When even the page layout cannot be drawn (the database is down, say): still in Chinese first.
BARE_500 = (
    '<!doctype html><html lang="zh-Hant"><meta charset="utf-8"><title>系統錯誤 · SafetyNet</title>'
    "<h1>系統發生錯誤</h1><p>已記錄此錯誤，請稍後再試；如持續發生，請聯絡系統管理者。</p>"
    '<p lang="en">Something went wrong on our side. Please try again later.</p>'
    '<p><a href="/">回到首頁 · Home</a></p></html>'
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's error page, in its layout with navigation where it can be drawn."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the page for errors must not raise another
        return HttpResponse(BARE_500, status=500)
