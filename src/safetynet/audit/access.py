"""The one shape of every access helper: fetch one row by id through the viewer's visibility
queryset; the same 404 for missing and for not yours; the read audited in the function that
returns the row (`fetch`), or the row locked for a service that audits its action
(`fetch_for_change`). A refusal of a row that exists, or of an id that does not, leaves a
"denied" row that survives the refusing transaction's rollback (`services.audit_denied`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from safetynet.audit.services import audit_denied, audit_record
from safetynet.core.actor import Actor

M = TypeVar("M", bound=Model)


def fetch(
    actor: Actor,
    visible: QuerySet[M],
    pk: int,
    *,
    object_type: str,
    detail: Callable[[M], dict[str, Any]] | None = None,
) -> M:
    """The row `pk` of `visible`, or Http404; one "read" row names it and, through `detail`,
    the ids of everything else the caller will show with it."""
    row = visible.filter(pk=pk).first()
    if row is None:
        raise _refused(visible, pk, object_type, actor)
    audit_record(
        actor=actor,
        action="read",
        object_type=object_type,
        object_id=row.pk,
        detail=detail(row) if detail else None,
    )
    return row


def find(visible: QuerySet[M], pk: int, *, object_type: str = "", actor: Actor | None = None) -> M:
    """For an access helper that writes its read row itself, once it knows everything the page
    will show (the report page's view and history): `pk` of `visible`, or Http404."""
    row = visible.filter(pk=pk).first()
    if row is None:
        raise _refused(visible, pk, object_type, actor)
    return row


def fetch_for_change(
    visible: QuerySet[M], pk: int, *, object_type: str = "", actor: Actor | None = None
) -> M:
    """For a service about to change the row: `pk` of `visible`, locked for the caller's
    transaction, or Http404 (the same for missing and not yours). The service writes the audit
    row of its action; the read is part of it."""
    # SQLite, where mutation testing runs, ignores FOR UPDATE; the PostgreSQL suite's races
    # (tests/intake/test_services.py) are what notice a lock gone.
    row = visible.filter(pk=pk).select_for_update(of=("self",)).first()  # pragma: no mutate
    if row is None:
        raise _refused(visible, pk, object_type, actor)
    return row


def _refused(
    visible: QuerySet[M], pk: int, object_type: str, actor: Actor | None = None
) -> Http404:
    """The 404 of a refusal, after noting it: whether the row exists (not the actor's to see) or
    not (an id probed)."""
    model = visible.model
    exists = model._base_manager.filter(pk=pk).exists()
    audit_denied(object_type=object_type or model._meta.model_name or "", object_id=pk,
                 exists=exists, actor=actor)  # fmt: skip
    return Http404()
