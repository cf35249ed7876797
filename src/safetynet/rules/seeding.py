"""Shipping a rule table's first version from a data migration (historical models)."""

from __future__ import annotations

import datetime as dt
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
