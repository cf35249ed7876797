"""Rule tables officials change (deadlines, routing, cut-offs, capabilities …), as dated versions.

A version is a whole table (or one set of parameters) in force from its effective date until a
later published version takes over: `in_force(kind, on)` answers for any day, so reports from
before a change keep their rules. A version is drafted, proposed, and published by a second
person; published versions never change. Each kind is registered by the context that reads it
(`safetynet.rules.registry`); what a rule *means* stays in that context's `domain.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed, awaiting approval")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RuleVersion(models.Model):
    kind = models.CharField(_("rule table"), max_length=60)
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    content = models.JSONField(_("content"))
    source = models.TextField(_("source"), blank=True)
    # No law, regulation or report gives this rule: the platform's own choice, said on screen.
    unsourced = models.BooleanField(_("no source"), default=False)
    note = models.TextField(_("reason for the change"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RuleStatus.choices, default=RuleStatus.DRAFT
    )
    # Incremented by every edit of a draft: an edit made on an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Null: shipped with the platform or installed with the deployment (no person).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="rule_version_number"),
        ]
        indexes = [models.Index(fields=["kind", "status", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.kind} v{self.number}"
