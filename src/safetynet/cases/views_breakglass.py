"""Break-the-glass pages: the worker's request (a typed reason), and the review list and page of
the worker's supervisors and the auditors, with every page the worker read meanwhile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.auth import recent_auth_required
from safetynet.agencies.http import Request
from safetynet.audit.services import audit_list
from safetynet.cases import breakglass
from safetynet.cases.forms import BreakGlassForm, BreakGlassReviewForm
from safetynet.cases.models import Case
from safetynet.core.conflict import StaleEdit
from safetynet.core.conflict import page as conflict_page
from safetynet.core.errors import ServiceError

PAGE_SIZE = 50


def _show(form: BreakGlassForm | BreakGlassReviewForm, error: ServiceError) -> None:
    for field, errors in error.field_errors.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, error.message)


@login_required
def breakglass_new(request: Request, case_id: int) -> HttpResponse:
    """The request: which case, for how long, and why (typed). Nothing of the case shows
    before the grant. Those whose position cannot break the glass get the 404 at once; the
    others prove themselves again (the second factor) first."""
    if not breakglass.can_open(request.principal):
        raise Http404
    return _breakglass_form(request, case_id)


@recent_auth_required
def _breakglass_form(request: Request, case_id: int) -> HttpResponse:
    p = request.principal
    case = Case.objects.filter(pk=case_id).only("pk").first()
    if case is None:
        raise Http404
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Not through run_once: the service is idempotent itself (the worker's grant on the case
        # while it lasts), and a refusal's audit row must not roll back with it.
        try:
            breakglass.breakglass_open(principal=p, case_id=case.pk,
                                       reason=form.cleaned_data["reason"])  # fmt: skip
        except ServiceError as error:
            _show(form, error)
        else:
            return redirect("cases:case-detail", case_id=case.pk)
    rules = breakglass.rules(timezone.localdate())
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/breakglass_new.html",
                  {"case": case, "form": form, "rules": rules}, status=status)  # fmt: skip


@login_required
def breakglass_list(request: Request) -> HttpResponse:
    p = request.principal
    if not breakglass.reviews(p):
        raise Http404
    rows = breakglass.review_list(p)
    waiting = request.GET.get("all") != "1"
    if waiting:
        rows = rows.filter(reviewed_at__isnull=True)
    page = Paginator(rows.order_by("reviewed_at", "-started_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    audit_list(actor=p, object_type="breakglass", ids=[g.pk for g in page])
    return render(request, "cases/breakglass_list.html", {"page": page, "waiting": waiting})


@login_required
def breakglass_detail(request: Request, grant_id: int) -> HttpResponse:
    p = request.principal
    grant = breakglass.access_grant(p, grant_id)
    may_review = breakglass.may_review(p, grant) and grant.reviewed_at is None
    form = BreakGlassReviewForm(request.POST or None, initial={"version": grant.version})
    if request.method == "POST":
        if not may_review:
            raise Http404
        if form.is_valid():
            try:
                breakglass.breakglass_review(
                    principal=p, grant_id=grant.pk, justified=form.cleaned_data["justified"],
                    note=form.cleaned_data["note"], version=form.cleaned_data["version"],
                )  # fmt: skip
            except StaleEdit as error:
                return conflict_page(request, error, back=request.path)
            except ServiceError as error:
                _show(form, error)
            else:
                messages.success(request, _("The review is recorded."))
                return redirect("cases:breakglass-detail", grant_id=grant.pk)
    seen = list(breakglass.pages_seen(grant)[:500])
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/breakglass_detail.html", {
        "grant": grant, "seen": seen, "form": form, "may_review": may_review,
    }, status=status)  # fmt: skip
