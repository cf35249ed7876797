"""Linkage pages (勾稽比對): lists, runs, the review queue, and the person page."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_list
from safetynet.core.errors import ServiceError
from safetynet.intake.models import ReportPerson
from safetynet.intake.selectors import report_list_visible_to
from safetynet.linkage import access, runner
from safetynet.linkage.files import read_rows
from safetynet.linkage.forms import (
    MappingForm,
    ReviewPairForm,
    UnmergeForm,
    UploadForm,
    guess_mapping,
)
from safetynet.linkage.models import LinkRun, RunStatus, SourceSystem
from safetynet.linkage.services import (
    linkrun_create,
    record_unlink,
    review_decide,
    upload_import,
)
from safetynet.people.models import HouseholdMembership
from safetynet.settings import VAR_DIR
from safetynet.web.views import PAGE_SIZE, _principal

PENDING_DIR = VAR_DIR / "linkage-uploads"
PENDING_HOURS = 24


def _forget_abandoned_uploads() -> None:
    """A list waiting for its column mapping holds people's data: gone after a day unused."""
    cutoff = time.time() - PENDING_HOURS * 3600
    for path in PENDING_DIR.glob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _linkage_staff(request: HttpRequest) -> Principal:
    principal = _principal(request)
    if not access.can_link(principal):
        raise Http404
    return principal


def _home(
    request: HttpRequest, principal: Principal, form: UploadForm | None = None
) -> HttpResponse:
    systems = SourceSystem.objects.annotate(
        n=Count("records", distinct=True), last=Max("uploads__uploaded_at")
    ).order_by("code")
    runs = LinkRun.objects.select_related("started_by").order_by("-created_at")[:10]
    return render(
        request,
        "web/linkage/home.html",
        {
            "systems": systems,
            "runs": runs,
            "pending": access.review_queue(principal).count(),
            "form": form or UploadForm(),
            "busy": LinkRun.objects.filter(
                status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
            ).first(),
        },
    )


@login_required
def linkage_home(request: HttpRequest) -> HttpResponse:
    return _home(request, _linkage_staff(request))


def _import(
    request: HttpRequest, principal: Principal, source: SourceSystem, name: str, data: bytes,
    mapping: dict[str, str] | None,
) -> bool:  # fmt: skip
    try:
        upload = upload_import(principal=principal, source=source, filename=name, data=data,
                               mapping=mapping)  # fmt: skip
    except ServiceError as error:
        messages.error(request, error.message)
        return False
    messages.success(
        request,
        _("%(n)d records of %(system)s imported. Start a run to link them.")
        % {"n": upload.record_count, "system": source.name},
    )
    return True


@login_required
@require_POST
def linkage_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: the file. With a saved mapping that fits it, import at once; else ask."""
    principal = _linkage_staff(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _home(request, principal, form)
    source: SourceSystem = form.cleaned_data["source"]
    upload = form.cleaned_data["file"]
    data = upload.read()
    name = Path(upload.name).name
    try:
        headers, _rows = read_rows(data, name)
    except ServiceError as error:
        form.add_error("file", error.message)
        return _home(request, principal, form)
    saved = source.column_mapping
    if saved.get("source_id") and all(h in headers for h in saved.values()):
        _import(request, principal, source, name, data, saved)
        return redirect("linkage")
    token = hashlib.sha256(data).hexdigest() + Path(name).suffix.lower()
    PENDING_DIR.mkdir(parents=True, exist_ok=True)
    _forget_abandoned_uploads()
    (PENDING_DIR / token).write_bytes(data)
    mapping = MappingForm(
        headers=headers,
        initial={"token": token, "filename": name, "source": source.pk,
                 **guess_mapping(headers, saved)},
    )  # fmt: skip
    return render(request, "web/linkage/mapping.html", {"form": mapping, "source": source})


@login_required
@require_POST
def linkage_map(request: HttpRequest) -> HttpResponse:
    """Step 2: which header is which column; saved for the system's next files."""
    principal = _linkage_staff(request)
    token = request.POST.get("token", "")
    path = PENDING_DIR / Path(token).name
    if not token or not path.is_file():
        messages.error(request, _("The uploaded file is gone; upload it again."))
        return redirect("linkage")
    data = path.read_bytes()
    headers, _rows = read_rows(data, path.name)
    form = MappingForm(request.POST, headers=headers)
    if not form.is_valid():
        return render(request, "web/linkage/mapping.html", {"form": form})
    source = form.cleaned_data["source"]
    if _import(request, principal, source, form.cleaned_data["filename"], data, form.mapping()):
        path.unlink(missing_ok=True)
        return redirect("linkage")
    return render(request, "web/linkage/mapping.html", {"form": form, "source": source})


@login_required
@require_POST
def linkage_run_start(request: HttpRequest) -> HttpResponse:
    principal = _linkage_staff(request)
    try:
        run = linkrun_create(principal=principal)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("linkage")
    runner.start_in_background(run.pk)
    return redirect("linkage-run", run_id=run.pk)


@login_required
def linkage_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access.access_link_run(_principal(request), run_id)
    template = "web/linkage/_run_status.html" if request.htmx else "web/linkage/run.html"  # type: ignore[attr-defined]
    return render(request, template, {"run": run})


@login_required
def linkage_reviews(request: HttpRequest) -> HttpResponse:
    principal = _linkage_staff(request)
    page = Paginator(access.review_queue(principal), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(principal=principal, object_type="linkpair", ids=[p.pk for p in page])
    return render(request, "web/linkage/reviews.html", {"page": page})


@login_required
def linkage_review(request: HttpRequest, pair_id: int) -> HttpResponse:
    principal = _linkage_staff(request)
    pair = access.access_review_pair(principal, pair_id)
    form = ReviewPairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_decide(principal=principal, pair_id=pair.pk,
                          same_person=form.cleaned_data["same_person"],
                          note=form.cleaned_data["note"])  # fmt: skip
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded; later runs will follow it."))
            following = access.review_queue(principal).first()
            return (
                redirect("linkage-review", pair_id=following.pk)
                if following
                else redirect("linkage-reviews")
            )
    weights = [abs(float(e[2])) for e in pair.evidence] or [1.0]
    scale = max(weights) or 1.0
    evidence = [
        {"field": e[0], "level": e[1], "weight": float(e[2]),
         "width": round(abs(float(e[2])) / scale * 100)}
        for e in pair.evidence
    ]  # fmt: skip
    other_person = pair.other_person or (pair.other_record.person if pair.other_record else None)
    return render(
        request,
        "web/linkage/review.html",
        {"pair": pair, "form": form, "evidence": evidence, "other_person": other_person},
    )


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    principal = _principal(request)
    person = access.access_person(principal, person_id)
    homes = HouseholdMembership.objects.filter(person=person).select_related(
        "household__district", "household__village"
    )
    entries = (
        ReportPerson.objects.filter(person=person, report__in=report_list_visible_to(principal))
        .select_related("report")
        .order_by("-report__received_at")
    )
    return render(
        request,
        "web/person.html",
        {
            "person": person,
            "homes": homes,
            "entries": entries,
            "systems": access.person_systems(principal, person),
            "can_link": access.can_link(principal),
            "unmerge": UnmergeForm(),
        },
    )


@login_required
@require_POST
def record_unmerge(request: HttpRequest, record_id: int) -> HttpResponse:
    principal = _linkage_staff(request)
    record = access.access_external_record(principal, record_id)
    form = UnmergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the record is not this person."))
        if record.person_id is None:
            return redirect("linkage")
        return redirect("person-detail", person_id=record.person_id)
    seen_under = form.cleaned_data["person"]
    try:
        record_unlink(principal=principal, record_id=record.pk,
                      reason=form.cleaned_data["reason"], from_person_id=seen_under)  # fmt: skip
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "The record now stands for a person of its own; the old link is kept in its history."
            ),
        )
    return redirect("person-detail", person_id=seen_under)
