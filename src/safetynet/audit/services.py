"""Writing to the audit trail (always inside the caller's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from safetynet.agencies.principal import Principal
from safetynet.audit.models import AuditEvent
from safetynet.core.rows import insert_rows


def audit_record(
    *,
    principal: Principal,
    action: str,
    object_type: str,
    object_id: object = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor=principal.user,
        actor_client=principal.client,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        reason=reason,
        detail=detail or {},
    )
    insert_rows([event])
    return event


def audit_list(*, principal: Principal, object_type: str, ids: Sequence[int]) -> AuditEvent:
    """A list page or list call: one row naming the ids that were shown."""
    return audit_record(
        principal=principal, action="list", object_type=object_type, detail={"ids": list(ids)}
    )
