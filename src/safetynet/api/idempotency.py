"""Idempotency-Key handling: a retry gets the first answer; the key with another body is refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from safetynet.agencies.principal import Principal
from safetynet.api.models import IdempotencyRecord
from safetynet.core.rows import insert_rows

MAX_KEY_LENGTH = 200


def _principal_key(principal: Principal) -> str:
    if principal.client is not None:
        return f"client:{principal.client.pk}"
    assert principal.user is not None
    return f"user:{principal.user.pk}"


def _hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def run_once(
    *, principal: Principal, key: str | None, payload: Any, handler: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run `handler` once per key; store and replay its (status, body). 4xx answers are not
    stored, so a corrected retry with the same key can still succeed."""
    if not key:
        return 400, {
            "code": "idempotency_key_required",
            "message": _("Send an Idempotency-Key header."),
        }
    if len(key) > MAX_KEY_LENGTH:
        return 400, {
            "code": "idempotency_key_too_long",
            "message": _("The Idempotency-Key is too long."),
        }
    owner = _principal_key(principal)
    request_hash = _hash(payload)

    def replay(record: IdempotencyRecord) -> tuple[int, Any]:
        if record.request_hash != request_hash:
            return 422, {
                "code": "idempotency_key_reused",
                "message": _("This Idempotency-Key was used with a different request."),
            }
        return record.status_code, record.body

    # Insert-first: a key is new far more often than it is retried, so the answer is stored
    # in the handler's own transaction and the unique (principal, key) settles a retry or a
    # race: the later request's writes roll back and it replays the stored answer. A retry
    # whose handler now fails (the report is already screened, say) replays it too.
    try:
        with transaction.atomic():
            status, body = handler()
            if status >= 400:
                raise _Refused(status, body)
            stored = IdempotencyRecord(
                principal_key=owner,
                key=key,
                request_hash=request_hash,
                status_code=status,
                body=body,
            )
            insert_rows([stored])
    except Exception as error:
        record = IdempotencyRecord.objects.filter(principal_key=owner, key=key).first()
        if record is not None:
            return replay(record)
        if isinstance(error, _Refused):
            return error.status, error.body
        raise
    return status, body


class _Refused(Exception):
    """A 4xx from the handler: roll back whatever it wrote, store nothing."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
