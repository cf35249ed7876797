"""Pure intake rules: deadline clocks, routing choice, TIPVDA danger, re-report window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

TIPVDA_ITEMS = 15
TIPVDA_HIGH_DANGER = 8
RE_REPORT_WINDOW = dt.timedelta(days=365)


@dataclass(frozen=True)
class Clock:
    """Where a report stands against its deadline at a moment."""

    deadline: dt.datetime
    now: dt.datetime

    @property
    def remaining(self) -> dt.timedelta:
        return self.deadline - self.now

    @property
    def overdue(self) -> bool:
        return self.now > self.deadline

    @property
    def hours_left(self) -> float:
        return self.remaining.total_seconds() / 3600


class DatedRule(Protocol):
    @property
    def effective_from(self) -> dt.date: ...


R = TypeVar("R", bound=DatedRule)


def rule_in_force(rules: Iterable[R], on: dt.date) -> R | None:
    """The rule with the latest effective date on or before `on`."""
    current = [r for r in rules if r.effective_from <= on]
    return max(current, key=lambda r: r.effective_from, default=None)


def deadline_from(received_at: dt.datetime, hours: int) -> dt.datetime:
    return received_at + dt.timedelta(hours=hours)


@dataclass(frozen=True)
class Route:
    route_key: str
    district_id: int | None
    unit_id: int
    effective_from: dt.date


def choose_unit(
    routes: Sequence[Route], *, route_key: str, district_id: int, on: dt.date
) -> int | None:
    """The unit for a route: a district-specific rule beats a city-wide one; newest in force wins."""
    matching = [r for r in routes if r.route_key == route_key]
    for candidates in (
        [r for r in matching if r.district_id == district_id],
        [r for r in matching if r.district_id is None],
    ):
        chosen = rule_in_force(candidates, on)
        if chosen is not None:
            return chosen.unit_id
    return None


def route_key_for(outcome: str, *, protection_type: str = "", service_group: str = "") -> str:
    """The key a routing rule is written against, e.g. protection:child, service:mental_health."""
    if outcome == "protection":
        return f"protection:{protection_type}"
    if outcome == "other_service":
        return f"service:{service_group}"
    return outcome


def tipvda_score(items: Sequence[bool]) -> int:
    if len(items) != TIPVDA_ITEMS:
        raise ValueError(f"TIPVDA has {TIPVDA_ITEMS} items, got {len(items)}")
    return sum(1 for answer in items if answer)


def tipvda_high_danger(score: int) -> bool:
    return score >= TIPVDA_HIGH_DANGER


def is_re_report(received_at: dt.datetime, protection_closures: Iterable[dt.datetime]) -> bool:
    """再通報: a protection case of the person was closed within the window before this report."""
    return any(
        received_at - RE_REPORT_WINDOW <= closed <= received_at for closed in protection_closures
    )


def share(part: int, whole: int) -> float | None:
    """A percentage, or None when there is nothing to divide by."""
    return None if whole == 0 else round(100 * part / whole, 2)
