"""Shipping a rule table's first version from a data migration (historical models)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps.registry import Apps
from django.utils import timezone


def seed(
    apps: Apps,
    kind: str,
    *,
    effective_from: dt.date,
    content: Any,
    source: str = "",
    unsourced: bool = False,
    note: str = "隨平台提供的預設值。",
) -> None:
    """Publish version 1 of `kind` unless the table has versions already."""
    version = apps.get_model("rules", "RuleVersion")
    if version.objects.filter(kind=kind).exists():
        return
    now = timezone.now()
    version.objects.create(
        kind=kind, number=1, effective_from=effective_from, content=content, source=source,
        unsourced=unsourced, note=note, status="published", created_at=now, decided_at=now,
    )  # fmt: skip


# For data migrations that grant a new capability: a new published version of the capability
# table (same effective date as the latest, so it is in force for the same days), unless the
# latest version already grants the capability (a fresh install ships it in version 1).

Rows = list[dict[str, Any]]


def grant(apps: Apps, capability: str, change: Callable[[Rows], Rows], note: str) -> None:
    version = apps.get_model("rules", "RuleVersion")
    latest = (
        version.objects.filter(kind="agencies.capabilities", status="published")
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is None or any(capability in r["capabilities"] for r in latest.content):
        return
    number = version.objects.filter(kind="agencies.capabilities").order_by("-number").first().number
    version.objects.create(
        kind="agencies.capabilities", number=number + 1, effective_from=latest.effective_from,
        content=change(list(latest.content)), source=latest.source, unsourced=latest.unsourced,
        note=note, status="published", created_at=latest.created_at, decided_at=latest.decided_at,
    )  # fmt: skip


def add_to(position: tuple[str, str], capability: str) -> Callable[[Rows], Rows]:
    def change(rows: Rows) -> Rows:
        return [{**r, "capabilities": [*r["capabilities"], capability]}
                if (r["unit_kind"], r["role"]) == position else r for r in rows]  # fmt: skip

    return change
