"""The audit trail: who read or wrote what, when and why. Rows are only ever added."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    actor_client = models.ForeignKey(
        "agencies.ApiClient", on_delete=models.PROTECT, null=True, blank=True
    )
    action = models.CharField(max_length=20)
    object_type = models.CharField(max_length=30)
    object_id = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    # Identifiers only (ids of objects shown); never names, ID numbers or narrative.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]
        ordering = ["-at"]


class AuditSeal(models.Model):
    """A link of the hash chain (docs/security.md, "Audit"). The sealing job writes one for the
    rows committed since the last: which ids it covers (`ids`, ranges), their digest
    (`rows_hash`, over every row's canonical content in id order) and `hash` = H(`previous` ||
    everything else here). Rows write nothing to it: intake never waits for the chain."""

    number = models.PositiveBigIntegerField(unique=True)
    sealed_at = models.DateTimeField()
    # [[first, last], ...] ascending: the ids this seal covers.
    ids = models.JSONField()
    count = models.PositiveIntegerField()
    # Rows covered by this seal and every seal before it (what a checkpoint states).
    total = models.PositiveBigIntegerField()
    # The highest id the chain has covered so far.
    high = models.BigIntegerField()
    # Ids below `high` not seen yet (a transaction still open, or rolled back):
    # [[first, last, since], ...]; the next seals take them when they appear.
    pending = models.JSONField(default=list)
    # Ids given up on by this seal (missing longer than AUDIT_SEAL_WAIT_MINUTES): a row that
    # appears there later is outside the chain.
    abandoned = models.JSONField(default=list)
    # Each covered row's digest, the first 16 hex digits, in id order: says which row changed.
    digests = models.TextField()
    newest_at = models.DateTimeField(null=True)
    rows_hash = models.CharField(max_length=64)
    previous = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["number"]


class AuditPurge(models.Model):
    """Rows removed at the end of their retention: every row of seals up to `through_seal`.
    The seals stay, so the chain still verifies; verify no longer expects those rows."""

    at = models.DateTimeField()
    through_seal = models.PositiveBigIntegerField()
    rows = models.PositiveBigIntegerField()
    # Rows older than this were due (the retention rule in force that day).
    cutoff = models.DateTimeField()
    keep_days = models.PositiveIntegerField()

    class Meta:
        ordering = ["at"]
