"""How long audit rows are kept: the `audit.retention` rule table, and the purge that applies it.

The rule sits here, not in `audit`, because rule tables are a layer above the audit trail. No
law or regulation found gives the period for this platform's access log, so the shipped value
(ten years) is the platform's choice, marked "no source" (docs/security.md, "Audit").
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from safetynet.audit.chain import audit_purge
from safetynet.audit.models import AuditPurge
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

RETENTION = "audit.retention"
DEFAULT_KEEP_DAYS = 3650


class RetentionForm(forms.Form):
    keep_days = forms.IntegerField(
        label=gettext_lazy("Days audit rows are kept"), min_value=30, max_value=36_500
    )


registry.register(registry.RuleKind(
    code=RETENTION, label=gettext_lazy("Audit trail: retention"), form=RetentionForm,
    many=False,
    help=gettext_lazy("Older audit rows are removed once sealed; the seals and a signed "
                      "checkpoint of the removal stay."),
))  # fmt: skip


def keep_days(on: dt.date) -> int:
    version = in_force(RETENTION, on)
    return int(version.content["keep_days"]) if version is not None else DEFAULT_KEEP_DAYS


def purge_expired(*, now: dt.datetime | None = None) -> AuditPurge | None:
    """Remove the sealed audit rows older than the retention in force today (`safetynet audit
    purge`, not a job: on PostgreSQL only the tables' owner may, and the worker runs as the
    application's role)."""
    now = now or timezone.now()
    days = keep_days(timezone.localdate(now))
    return audit_purge(cutoff=now - dt.timedelta(days=days), keep_days=days, now=now)
