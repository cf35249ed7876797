"""Idempotency keys: a retry gets the first answer again; the key with another body is refused.

Used by the API's writes (the `Idempotency-Key` header) and the web's report form (a key in the
page), so a double submit or a retried call files once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.api.models import IdempotencyRecord
from safetynet.audit.services import audit_record
from safetynet.core.actor import Actor
from safetynet.core.errors import ServiceError
from safetynet.core.rows import insert_rows
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

MAX_KEY_LENGTH = 200
RETENTION = "api.idempotency"


class RetentionForm(forms.Form):
    keep_hours = forms.IntegerField(
        label=gettext_lazy("Hours an idempotency key is remembered"), min_value=1, max_value=24 * 90
    )


registry.register(registry.RuleKind(
    code=RETENTION, label=gettext_lazy("Idempotency keys: retention"), form=RetentionForm,
    many=False,
))  # fmt: skip


@dataclass(frozen=True)
class Done:
    """What a first request did: its status, its answer, and what to remember (ids only)."""

    status: int
    body: Any
    result: dict[str, Any]


def _owner(actor: Actor) -> str:
    if actor.client_id is not None:
        return f"client:{actor.client_id}"
    assert actor.user_id is not None
    return f"user:{actor.user_id}"


def _hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def run_once(
    *,
    actor: Actor,
    key: str,
    payload: Any,
    perform: Callable[[], Done],
    replay: Callable[[dict[str, Any]], tuple[int, Any]],
) -> tuple[int, Any]:
    """Perform once per key; a retry (or a race's loser) is answered by `replay` from what was
    remembered. A failed first attempt remembers nothing, so a corrected retry may succeed."""
    if not key:
        raise ServiceError("idempotency_key_required", _("Send an Idempotency-Key header."))
    if len(key) > MAX_KEY_LENGTH:
        raise ServiceError("idempotency_key_too_long", _("The Idempotency-Key is too long."))
    owner = _owner(actor)
    request_hash = _hash(payload)
    # Insert-first: a key is new far more often than it is retried, so what was done is
    # remembered in the action's own transaction and the unique (owner, key) settles a retry or
    # a race: the later request's writes roll back and it replays. A retry whose action now
    # fails (the report is already screened, say) replays too.
    try:
        with transaction.atomic():
            done = perform()
            insert_rows([IdempotencyRecord(principal_key=owner, key=key, request_hash=request_hash,
                                           status_code=done.status, result=done.result)])  # fmt: skip
    except Exception:
        record = IdempotencyRecord.objects.filter(principal_key=owner, key=key).first()
        if record is None:
            raise
        if record.request_hash != request_hash:
            raise ServiceError(
                "idempotency_key_reused",
                _("This Idempotency-Key was used with a different request."),
            ) from None
        answer = replay(record.result)
        # A replayed answer shows what the first one did: audited as a replay, naming the ids.
        audit_record(actor=actor, action="replay", object_type="idempotency", object_id=record.pk,
                     detail={"ids": record.result})  # fmt: skip
        return answer
    return done.status, done.body


def keep_hours(on: dt.date) -> int:
    version = in_force(RETENTION, on)
    return int(version.content["keep_hours"]) if version is not None else 24


def idempotency_prune(*, now: dt.datetime | None = None) -> int:
    """Forget keys older than the retention period; how many were forgotten."""
    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(hours=keep_hours(timezone.localdate(moment)))
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
