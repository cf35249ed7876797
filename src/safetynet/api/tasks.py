"""The API's background job: forgetting idempotency keys past their retention."""

from __future__ import annotations

from safetynet.api.idempotency import idempotency_prune


def prune() -> int:
    return idempotency_prune()
