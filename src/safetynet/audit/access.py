"""The one shape of every access helper: fetch one row by id through the viewer's visibility
queryset, optionally locked; the same 404 for missing and for not yours; the read audited in
the function that returns the row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from safetynet.audit.services import audit_record
from safetynet.core.actor import Actor

M = TypeVar("M", bound=Model)


def fetch(
    actor: Actor,
    visible: QuerySet[M],
    pk: int,
    *,
    object_type: str,
    lock: bool = False,
    audit: bool = True,
    detail: Callable[[M], dict[str, Any]] | None = None,
    reason: str = "",
) -> M:
    """The row `pk` of `visible`, or Http404. With `lock`, the row is locked for the caller's
    transaction (a service about to change it). With `audit` (the default) one "read" row names
    it and, through `detail`, the ids of everything else the caller will show with it; a service
    that fetches to change passes `audit=False` and writes its own row for the action."""
    rows = visible.filter(pk=pk)
    if lock:
        rows = rows.select_for_update(of=("self",))
    row = rows.first()
    if row is None:
        raise Http404
    if audit:
        audit_record(
            actor=actor,
            action="read",
            object_type=object_type,
            object_id=row.pk,
            reason=reason,
            detail=detail(row) if detail else None,
        )
    return row
