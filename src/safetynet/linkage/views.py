"""Linkage pages (勾稽比對): lists, runs, the review queue, un-merging a record."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safetynet.agencies.http import Request
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_list
from safetynet.core.conflict import StaleEdit
from safetynet.core.conflict import page as conflict_page
from safetynet.core.errors import ServiceError
from safetynet.core.nav import NavItem, WorkItem
from safetynet.jobs.queue import worker_alive
from safetynet.linkage import access, policy
from safetynet.linkage.files import read_rows
from safetynet.linkage.forms import (
    MappingForm,
    ReviewPairForm,
    UnmergeForm,
    UploadForm,
    guess_mapping,
)
from safetynet.linkage.models import LinkRun, SourceSystem
from safetynet.linkage.services import (
    linkrun_create,
    record_unlink,
    review_decide,
    upload_import,
)
from safetynet.linkage.tasks import enqueue_run
from safetynet.linkage.uploads import pending_dir

PAGE_SIZE = 50


def menu(p: Principal) -> list[NavItem]:
    return [NavItem(gettext_lazy("Linkage"), reverse("linkage:home"))] if policy.can_link(p) else []


def worklist(p: Principal) -> list[WorkItem]:
    if not policy.can_link(p):
        return []
    return [WorkItem(gettext_lazy("Linkage pairs to review"), access.review_queue(p).count(),
                     reverse("linkage:reviews"))]  # fmt: skip


def _linkage_staff(request: Request) -> Principal:
    principal = request.principal
    if not policy.can_link(principal):
        raise Http404
    return principal


def _home(request: Request, principal: Principal, form: UploadForm | None = None) -> HttpResponse:
    systems = SourceSystem.objects.annotate(
        n=Count("records", distinct=True), last=Max("uploads__uploaded_at")
    ).order_by("code")
    runs = LinkRun.objects.select_related("started_by").order_by("-created_at")[:10]
    return render(
        request,
        "linkage/home.html",
        {
            "systems": systems,
            "runs": runs,
            "pending": access.review_queue(principal).count(),
            "form": form or UploadForm(),
            "busy": LinkRun.objects.filter(active=True).first(),
            "worker_alive": worker_alive(),
        },
    )


@login_required
def linkage_home(request: Request) -> HttpResponse:
    return _home(request, _linkage_staff(request))


def _import(
    request: Request, principal: Principal, source: SourceSystem, name: str, data: bytes,
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
def linkage_upload(request: Request) -> HttpResponse:
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
        return redirect("linkage:home")
    token = hashlib.sha256(data).hexdigest() + Path(name).suffix.lower()
    folder = pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / token).write_bytes(data)
    mapping = MappingForm(
        headers=headers,
        initial={"token": token, "filename": name, "source": source.pk,
                 **guess_mapping(headers, saved)},
    )  # fmt: skip
    return render(request, "linkage/mapping.html", {"form": mapping, "source": source})


@login_required
@require_POST
def linkage_map(request: Request) -> HttpResponse:
    """Step 2: which header is which column; saved for the system's next files."""
    principal = _linkage_staff(request)
    token = request.POST.get("token", "")
    path = pending_dir() / Path(token).name
    if not token or not path.is_file():
        messages.error(request, _("The uploaded file is gone; upload it again."))
        return redirect("linkage:home")
    data = path.read_bytes()
    headers, _rows = read_rows(data, path.name)
    form = MappingForm(request.POST, headers=headers)
    if not form.is_valid():
        return render(request, "linkage/mapping.html", {"form": form})
    source = form.cleaned_data["source"]
    if _import(request, principal, source, form.cleaned_data["filename"], data, form.mapping()):
        path.unlink(missing_ok=True)
        return redirect("linkage:home")
    return render(request, "linkage/mapping.html", {"form": form, "source": source})


@login_required
@require_POST
def linkage_run_start(request: Request) -> HttpResponse:
    principal = _linkage_staff(request)
    try:
        run = linkrun_create(principal=principal)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("linkage:home")
    transaction.on_commit(lambda: enqueue_run(run.pk))
    return redirect("linkage:run", run_id=run.pk)


@login_required
def linkage_run(request: Request, run_id: int) -> HttpResponse:
    run = access.access_link_run(request.principal, run_id)
    template = "linkage/_run_status.html" if request.htmx else "linkage/run.html"
    return render(request, template, {"run": run})


@login_required
def linkage_reviews(request: Request) -> HttpResponse:
    principal = _linkage_staff(request)
    page = Paginator(access.review_queue(principal), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(actor=principal, object_type="linkpair", ids=[p.pk for p in page])
    return render(request, "linkage/reviews.html", {"page": page})


@login_required
def linkage_review(request: Request, pair_id: int) -> HttpResponse:
    principal = _linkage_staff(request)
    pair = access.access_review_pair(principal, pair_id)
    form = ReviewPairForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_decide(principal=principal, pair_id=pair.pk,
                          same_person=form.cleaned_data["same_person"],
                          note=form.cleaned_data["note"])  # fmt: skip
        except StaleEdit as error:
            return conflict_page(request, error, back=reverse("linkage:reviews"))
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision recorded; later runs will follow it."))
            following = access.review_queue(principal).first()
            return (
                redirect("linkage:review", pair_id=following.pk)
                if following
                else redirect("linkage:reviews")
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
        "linkage/review.html",
        {"pair": pair, "form": form, "evidence": evidence, "other_person": other_person},
    )


@login_required
@require_POST
def record_unmerge(request: Request, record_id: int) -> HttpResponse:
    principal = _linkage_staff(request)
    record = access.access_external_record(principal, record_id)
    form = UnmergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the record is not this person."))
        if record.person_id is None:
            return redirect("linkage:home")
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
