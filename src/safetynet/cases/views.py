"""Case pages: the cases a unit leads (or the desk reads), and one case with its family."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from safetynet.agencies.http import Request
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_list
from safetynet.cases import policy
from safetynet.cases.access import access_case
from safetynet.cases.models import CaseStatus
from safetynet.cases.selectors import case_list_visible_to
from safetynet.core.nav import NavItem, WorkItem

PAGE_SIZE = 50


def menu(p: Principal) -> list[NavItem]:
    if policy.works_cases(p) or p.has(policy.READ_ALL):
        return [NavItem(gettext_lazy("Cases"), reverse("cases:cases"))]
    return []


def worklist(p: Principal) -> list[WorkItem]:
    if not policy.works_cases(p):
        return []
    mine = case_list_visible_to(p).filter(status=CaseStatus.OPEN)
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


@login_required
def case_detail(request: Request, case_id: int) -> HttpResponse:
    case = access_case(request.principal, case_id)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "members": case.members.select_related("person").order_by("pk"),
            "reports": case.reports.order_by("-received_at"),
        },
    )
