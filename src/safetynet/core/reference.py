"""Slowly changing reference rows (districts, deadline rules, API clients), cached per process.

Every report filed reads the same few rows: the district by its code, the grading deadline in
force, the partner system behind a token. They change a few times a year, by an administrator,
so each process keeps what it read for `SAFETYNET_REFERENCE_TTL` seconds (default 30) in
Django's `reference` cache. Saving or deleting one of the watched models empties that cache in
the process that made the change, at once and again when its transaction commits; other
processes see the change within the TTL. Point the `reference` alias at a shared cache (Redis,
Memcached) to make the change visible everywhere at once. See docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

ALIAS = "reference"
T = TypeVar("T")
_MISSING = object()


def cached(key: str, load: Callable[[], T]) -> T:
    """The value under `key`, loaded (and kept for the TTL) on a miss. `None` is not kept."""
    cache = caches[ALIAS]
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return cast(T, value)
    loaded = load()
    if loaded is not None:
        cache.set(key, loaded)
    return loaded


def forget() -> None:
    caches[ALIAS].clear()


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
