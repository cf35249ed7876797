"""The rule tables' pages: what is in force, its history, drafting a change, proposing it, and a
second person's decision. Every step is a service (`rules.services`), audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from safetynet.audit.access import fetch
from safetynet.core.actor import Actor
from safetynet.core.conflict import StaleEdit
from safetynet.core.conflict import page as conflict_page
from safetynet.core.errors import ServiceError
from safetynet.core.nav import NavItem, WorkItem
from safetynet.rules import policy, registry, services
from safetynet.rules.forms import DecisionForm, VersionForm, content_form, content_of, row_key
from safetynet.rules.models import RuleStatus, RuleVersion
from safetynet.rules.selectors import history, in_force, versions_awaiting


def menu(p: Actor) -> list[NavItem]:
    return (
        [NavItem(gettext_lazy("Rule tables"), reverse("rules:home"))] if policy.can_read(p) else []
    )


def worklist(p: Actor) -> list[WorkItem]:
    if not p.has(policy.APPROVE):
        return []
    waiting = versions_awaiting().exclude(proposed_by_id=p.user_id)
    return [WorkItem(gettext_lazy("Rule changes awaiting your approval"), waiting.count(),
                     reverse("rules:home"))]  # fmt: skip


def _reader(request: HttpRequest) -> Actor:
    actor: Actor = request.principal  # type: ignore[attr-defined]
    if not policy.can_read(actor):
        raise Http404
    return actor


def _kind(code: str) -> registry.RuleKind:
    kind = registry.get(code)
    if kind is None:
        raise Http404
    return kind


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _reader(request)
    today = timezone.localdate()
    kinds = [
        (kind, in_force(kind.code, today), versions_awaiting(kind.code).count())
        for kind in registry.all_kinds()
    ]
    return render(request, "rules/home.html", {"kinds": kinds})


@login_required
def kind_detail(request: HttpRequest, kind: str) -> HttpResponse:
    p = _reader(request)
    rule_kind = _kind(kind)
    current = in_force(kind, timezone.localdate())
    return render(
        request,
        "rules/kind.html",
        {
            "kind": rule_kind,
            "current": current,
            "table": _table(
                rule_kind, current.content if current else ([] if rule_kind.many else {})
            ),
            "versions": history(kind),
            "can_draft": policy.can_draft(p),
        },
    )


@login_required
@require_POST
def draft_new(request: HttpRequest, kind: str) -> HttpResponse:
    p = _reader(request)
    _kind(kind)
    try:
        version = services.rule_draft(actor=p, kind=kind)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("rules:kind", kind=kind)
    return redirect("rules:version", version_id=version.pk)


def _table(kind: registry.RuleKind, content: Any, against: Any = None) -> dict[str, Any]:
    """The content as a table with labels for every code; with `against`, rows marked as new
    or removed compared with it."""
    form = kind.form()
    columns = [(name, field.label) for name, field in form.fields.items()]
    rows_in = list(content) if kind.many else [content]
    old = (
        {row_key(r) for r in (against if kind.many else [against])} if against is not None else None
    )
    rows = []
    for row in rows_in:
        cells = [_cell(form, name, row.get(name)) for name, _label_text in columns]
        rows.append({"cells": cells, "new": old is not None and row_key(row) not in old})
    removed = []
    if old is not None:
        mine = {row_key(r) for r in rows_in}
        for row in against if kind.many else [against]:
            if row_key(row) not in mine:
                removed.append([_cell(form, n, row.get(n)) for n, _l in columns])
    return {"columns": [label for _n, label in columns], "rows": rows, "removed": removed}


def _cell(form: Any, name: str, value: Any) -> str:
    if name == "source" and not value:
        return _("no source")
    return _label(form.fields[name], value)


def _label(field: Any, value: Any) -> str:
    """A cell as people read it: a choice's label, never its code."""
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(k): str(v) for k, v in choices}
        if isinstance(value, list):
            return "、".join(labels.get(str(v), str(v)) for v in value) or "—"
        return labels.get(str(value), str(value)) if value not in (None, "") else "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "—" if value in (None, "") else str(value)


def _version(p: Actor, version_id: int) -> RuleVersion:
    visible = RuleVersion.objects.all() if policy.can_read(p) else RuleVersion.objects.none()
    return fetch(p, visible.select_related("created_by", "proposed_by", "decided_by"),
                 version_id, object_type="rule")  # fmt: skip


@login_required
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    p = _reader(request)
    version = _version(p, version_id)
    kind = _kind(version.kind)
    editing = policy.can_edit(p, version)
    header = content = None
    if editing:
        data = request.POST if request.method == "POST" else None
        header = VersionForm(data, initial={
            "revision": version.revision, "effective_from": version.effective_from,
            "source": version.source, "unsourced": version.unsourced, "note": version.note,
        })  # fmt: skip
        content = content_form(kind, version.content, data)
        if data is not None and header.is_valid() and content.is_valid():
            try:
                saved = _save(request, p, version, kind, header, content)
            except StaleEdit as error:
                return conflict_page(request, error, back=request.path)
            if saved:
                return redirect("rules:version", version_id=version.pk)
    current = in_force(version.kind, timezone.localdate())
    return render(
        request,
        "rules/version.html",
        {
            "version": version,
            "kind": kind,
            "table": _table(kind, version.content,
                            current.content if current and current.pk != version.pk else None),
            "header": header,
            "content": content,
            "can_edit": editing,
            "can_decide": policy.can_decide(p, version),
            "can_withdraw": _may_withdraw(p, version),
            "decision": DecisionForm(),
        },
    )  # fmt: skip


def _save(
    request: HttpRequest, p: Actor, version: RuleVersion, kind: registry.RuleKind,
    header: VersionForm, content: Any,
) -> bool:  # fmt: skip
    data = header.cleaned_data
    try:
        services.rule_draft_update(
            actor=p, version_id=version.pk, revision=data["revision"],
            effective_from=data["effective_from"], content=content_of(kind, content),
            source=data["source"], unsourced=data["unsourced"], note=data["note"],
        )  # fmt: skip
    except StaleEdit:
        raise
    except ServiceError as error:
        messages.error(request, error.message)
        for field, errors in error.field_errors.items():
            for message in errors:
                header.add_error(field if field in header.fields else None, message)
        return False
    messages.success(request, _("Draft saved."))
    return True


def _may_withdraw(p: Actor, version: RuleVersion) -> bool:
    if version.status in (RuleStatus.DRAFT, RuleStatus.PROPOSED):
        return policy.can_draft(p)
    return (
        version.status == RuleStatus.PUBLISHED
        and p.has(policy.APPROVE)
        and version.effective_from > timezone.localdate()
    )


@login_required
@require_POST
def version_act(request: HttpRequest, version_id: int, action: str) -> HttpResponse:
    """Propose, approve, send back or withdraw."""
    p = _reader(request)
    note = DecisionForm(request.POST)
    text = note.cleaned_data["note"] if note.is_valid() else ""
    try:
        if action == "propose":
            services.rule_propose(actor=p, version_id=version_id,
                                  revision=int(request.POST.get("revision", "0") or 0))  # fmt: skip
            messages.success(request, _("Proposed: another approver decides on it."))
        elif action in ("approve", "send-back"):
            services.rule_decide(actor=p, version_id=version_id, approve=action == "approve",
                                 note=text)  # fmt: skip
            messages.success(request, _("Decision recorded."))
        elif action == "withdraw":
            services.rule_withdraw(actor=p, version_id=version_id, note=text)
            messages.success(request, _("Withdrawn."))
        else:
            raise Http404
    except StaleEdit as error:
        return conflict_page(request, error, back=reverse("rules:version", args=[version_id]))
    except ServiceError as error:
        if error.code == "not_found":
            raise Http404 from error
        messages.error(request, error.message)
        for errors in error.field_errors.values():
            for message in errors:
                messages.error(request, message)
    except ValueError:
        messages.error(request, _("Reload the page and try again."))
    return redirect("rules:version", version_id=version_id)
