"""What an idempotent write did the first time: a pointer to what it made, never its answer.

A retry is answered by reading that again through the caller's access (and its audit), so the
store holds no names, narrative or reporter identity, and is pruned after a retention period
(the `api.idempotency` rule table)."""

from __future__ import annotations

from django.db import models


class IdempotencyRecord(models.Model):
    principal_key = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    # What the first request made, e.g. {"report": 12}: ids only.
    result = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal_key", "key"], name="idempotency_unique_key"),
        ]
