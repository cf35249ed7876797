"""Access alerts (稽核異常警示): what the anomaly rules found in the audit trail, with the rows
that made them, until a supervisor or an auditor acknowledges or closes them with a note."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safetynet.agencies.models import Staff, Unit
from safetynet.audit.models import AuditEvent


class AlertRule(models.TextChoices):
    CASELOAD = "caseload", _("Many cases read outside the unit's cases")
    UNRELATED = "unrelated", _("Look-ups of persons with no relation to the unit")
    BULK = "bulk", _("Many lists and searches")
    OFF_HOURS = "off_hours", _("Reads outside office hours")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Waiting")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")


class Alert(models.Model):
    """One rule reached by one person in one window (the same window never raises twice)."""

    rule = models.CharField(max_length=20, choices=AlertRule.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The actor's unit when it was raised: its supervisors handle it.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, related_name="+")
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    count = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField()
    # The `oversight.anomalies` version the thresholds came from (0: the shipped defaults).
    rule_version = models.PositiveIntegerField(default=0)
    events = models.ManyToManyField(AuditEvent, related_name="+")
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=15, choices=AlertStatus.choices,
                              default=AlertStatus.OPEN)  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    handled_by = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")  # fmt: skip
    handled_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "actor", "window_start"], name="alert_once"),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["status"])]


class SweepMark(models.Model):
    """Up to when the periodic sweep has looked at the audit trail."""

    name = models.CharField(max_length=40, unique=True)
    until = models.DateTimeField()
