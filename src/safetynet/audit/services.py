"""Writing to the audit trail (always inside the caller's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
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
