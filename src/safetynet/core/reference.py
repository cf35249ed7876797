"""Slowly changing reference rows (districts, deadline rules, API clients), cached per process.

Every report filed reads the same few rows: the district by its code, the grading deadline in
force, the partner system behind a token. They change a few times a year, by an administrator,
so each process keeps what it read for `settings.REFERENCE_TTL` seconds (environment
`SAFETYNET_REFERENCE_TTL`, default 30). Saving or deleting one of the watched models empties the
cache in the process that made the change, at once and again when its transaction commits;
other processes see the change within the TTL. See docs/decisions.md.

The values are kept as they are, not copied (Django's local-memory cache pickles each value in
and out, which cost about as much CPU as one of a report's inserts): treat what `cached` returns
as read-only. Nothing that was not found is kept, so the keys stay as few as the rows (a caller
trying random tokens adds none).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

# key -> (monotonic time it expires, value). An entry is replaced by a new tuple, never edited,
# and each dict operation is atomic, so the threads of one process need no lock.
_kept: dict[str, tuple[float, Any]] = {}
_clock = time.monotonic


def cached(key: str, load: Callable[[], T]) -> T:
    """The value under `key`, loaded (and kept for the TTL) on a miss. `None` is not kept."""
    now = _clock()
    entry = _kept.get(key)
    if entry is not None and entry[0] > now:
        return cast(T, entry[1])
    loaded = load()
    if loaded is not None:
        _kept[key] = (now + settings.REFERENCE_TTL, loaded)
    return loaded


def forget() -> None:
    _kept.clear()


def _changed(**_: Any) -> None:
    forget()
    transaction.on_commit(forget)


def watch(*watched: type[models.Model]) -> None:
    """Forget everything when a row of these models is saved or deleted (call from ready())."""
    for model in watched:
        post_save.connect(_changed, sender=model, dispatch_uid=f"reference-{model._meta.label}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"reference-del-{model._meta.label}"
        )
