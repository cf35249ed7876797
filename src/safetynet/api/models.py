"""Stored first answers to idempotent API writes."""

from __future__ import annotations

from django.db import models


class IdempotencyRecord(models.Model):
    principal_key = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["principal_key", "key"], name="idempotency_unique_key"),
        ]
