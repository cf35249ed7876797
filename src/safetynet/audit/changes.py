"""Who last changed a record, and when, as the audit trail says: for the stored side of a stale
edit (`core.conflict`) on records that keep no "changed by" of their own."""

from __future__ import annotations

import datetime as dt

from safetynet.audit.models import AuditEvent

# Actions that read rather than change.
READS = ("read", "list", "search", "export")


def last_write(
    object_type: str, object_id: object, *, detail: dict[str, object] | None = None
) -> tuple[str, dt.datetime | None]:
    """(display name, time) of the newest audited write on the object (and, with `detail`, whose
    detail holds those ids), or ("", None)."""
    rows = AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).exclude(
        action__in=READS
    )
    for key, value in (detail or {}).items():
        rows = rows.filter(**{f"detail__{key}": value})
    event = rows.select_related("actor", "actor_client").order_by("-at", "-pk").first()
    if event is None:
        return "", None
    if event.actor is not None:
        staff = getattr(event.actor, "staff", None)
        return (staff.display_name if staff is not None else event.actor.get_username()), event.at
    return (event.actor_client.name if event.actor_client else ""), event.at
