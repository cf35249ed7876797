"""Writing to the audit trail (always inside the caller's transaction)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from safetynet.audit.models import AuditEvent
from safetynet.core.actor import Actor
from safetynet.core.rows import insert_rows


def audit_record(
    *,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """One row: who did what to which object. `detail` holds identifiers only (the ids of what
    else the page or answer showed), never names, ID numbers or narrative."""
    event = AuditEvent(
        actor_id=actor.user_id,
        actor_client_id=actor.client_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        reason=reason,
        detail=detail or {},
    )
    insert_rows([event])
    return event


def audit_list(*, actor: Actor, object_type: str, ids: Sequence[int]) -> AuditEvent:
    """A list page or list call: one row naming the ids that were shown."""
    return audit_record(
        actor=actor, action="list", object_type=object_type, detail={"ids": list(ids)}
    )


# --- refused attempts ---------------------------------------------------------------------------

# A request's refused attempts, kept by DenialMiddleware until the request is over: the services'
# transactions roll back when they refuse, and the "denied" row must survive them.
_denials: ContextVar[list[Denial] | None] = ContextVar("audit_denials", default=None)


@dataclass(frozen=True)
class Denial:
    object_type: str
    object_id: str
    # False: no such row at all (an id probed); True: it exists but is not the actor's to see.
    exists: bool
    actor: Actor | None = None


def audit_denied(
    *, object_type: str, object_id: object, exists: bool, actor: Actor | None = None
) -> None:
    """A refused attempt on one object: in a request, written when the request ends (after any
    transaction that refused it rolled back; the middleware names the request's principal);
    elsewhere written now, when the actor is known. Ids only, never content."""
    denial = Denial(object_type, str(object_id)[:40], exists, actor)
    collected = _denials.get()
    if collected is not None:
        collected.append(denial)
    elif actor is not None:
        audit_record(actor=actor, action="denied", object_type=object_type,
                     object_id=denial.object_id, detail={"exists": exists})  # fmt: skip


@contextmanager
def collecting_denials() -> Iterator[list[Denial]]:
    """Collect the refused attempts made inside (the middleware writes them afterwards)."""
    collected: list[Denial] = []
    token = _denials.set(collected)
    try:
        yield collected
    finally:
        _denials.reset(token)
