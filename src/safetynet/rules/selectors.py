"""Which version of a rule table is in force on a day; a table's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from safetynet.core import reference
from safetynet.rules.models import RuleStatus, RuleVersion


def _published(kind: str) -> list[RuleVersion]:
    """Published versions, latest effective date first (the later number first on a tie).
    Kept per process like the other reference rows; any change of a version forgets them."""
    return reference.cached(
        f"rules:{kind}",
        lambda: list(
            RuleVersion.objects.filter(kind=kind, status=RuleStatus.PUBLISHED).order_by(
                "-effective_from", "-number"
            )
        ),
    )


def in_force(kind: str, on: dt.date) -> RuleVersion | None:
    return next((v for v in _published(kind) if v.effective_from <= on), None)


def content_in_force(kind: str, on: dt.date) -> Any:
    """The content of the version in force; a table every deployment must have is an error of
    set-up when missing."""
    version = in_force(kind, on)
    if version is None:
        raise ImproperlyConfigured(f"no version of the rule table {kind} is in force on {on}")
    return version.content


def history(kind: str) -> QuerySet[RuleVersion]:
    return RuleVersion.objects.filter(kind=kind).select_related(
        "created_by", "proposed_by", "decided_by"
    )


def versions_awaiting(kind: str | None = None) -> QuerySet[RuleVersion]:
    waiting = RuleVersion.objects.filter(status=RuleStatus.PROPOSED)
    return waiting.filter(kind=kind) if kind else waiting
