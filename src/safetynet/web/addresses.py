"""Confidential addresses on the person page: asking to see one, and the second person's list
of requests to approve or refuse (people/disclosure.py has the rules)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safetynet.agencies.http import Request
from safetynet.audit.services import audit_list
from safetynet.core.errors import ServiceError
from safetynet.people import disclosure
from safetynet.web.persons import access_person


class DecideForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    approve = forms.TypedChoiceField(
        label=gettext_lazy("Your decision"),
        choices=[("yes", gettext_lazy("Show it")), ("no", gettext_lazy("Refuse"))],
        coerce=lambda v: v == "yes",
    )
    note = forms.CharField(label=gettext_lazy("Note (required when refusing)"), max_length=2000,
                           required=False)  # fmt: skip


@require_POST
@login_required
def address_request(request: Request, person_id: int, household_id: int) -> HttpResponse:
    """Ask from the person page: only for a household of a person the viewer may see."""
    p = request.principal
    shown = access_person(p, person_id)
    if household_id not in {h.membership.household_id for h in shown.homes}:
        raise Http404
    try:
        disclosure.disclosure_request(principal=p, household_id=household_id,
                                      reason=request.POST.get("reason", ""))  # fmt: skip
    except ServiceError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("Asked: a second person decides."))
    return redirect("person-detail", person_id=person_id)


@login_required
def address_requests(request: Request) -> HttpResponse:
    """The approver's list: what waits first, then what was decided."""
    p = request.principal
    if not p.has(disclosure.APPROVE) or p.staff is None:
        raise Http404
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure.disclosure_decide(principal=p, disclosure_id=data["request"],
                                         approve=data["approve"], note=data["note"],
                                         version=data["version"])  # fmt: skip
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("address-requests")
    rows = disclosure.to_decide(p).order_by("decided_at", "-requested_at")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    audit_list(actor=p, object_type="disclosure", ids=[r.pk for r in page])
    status = 400 if request.method == "POST" else 200
    return render(request, "web/address_requests.html", {"page": page}, status=status)
