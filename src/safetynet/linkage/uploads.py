"""Lists waiting for their column mapping: kept in the data directory only until they are
imported or the retention (the `linkage.uploads` rule table) runs out; a periodic job prunes."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from safetynet.rules import registry
from safetynet.rules.selectors import in_force

RETENTION = "linkage.uploads"


class RetentionForm(forms.Form):
    keep_hours = forms.IntegerField(
        label=gettext_lazy("Hours a list waiting for its column mapping is kept"),
        min_value=1,
        max_value=24 * 7,
    )


registry.register(registry.RuleKind(
    code=RETENTION, label=gettext_lazy("Uploaded lists: retention"), form=RetentionForm,
    many=False,
))  # fmt: skip


def pending_dir() -> Path:
    return Path(settings.VAR_DIR) / "linkage-uploads"


def keep_hours(on: dt.date) -> int:
    version = in_force(RETENTION, on)
    return int(version.content["keep_hours"]) if version is not None else 24


def pending_prune(*, now: float | None = None) -> int:
    """Remove waiting lists older than the retention; how many were removed."""
    folder = pending_dir()
    if not folder.is_dir():
        return 0
    cutoff = (now or time.time()) - keep_hours(timezone.localdate()) * 3600
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
