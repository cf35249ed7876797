"""What case management's rules mean (pure: no database, no Django).

Schedules: a schedule rule row says "from period `first` to period `last` (months or days from the
start), `required` contacts of `method` in every window of `every` periods". Windows follow
行政程序法 §48 (see `safetynet.core.periods`): window k of a method ends where a period of k
units from the start ends, moved off a rest day; the next window of that method begins the day
after. So the windows of one method never overlap and leave no gap inside the rows that give it,
across tier boundaries too, and a contact counts in exactly one window.

Clocks: a legal deadline counted from an event (receipt, acceptance, discharge) in hours or days;
overdue is always computed here from the rule and the record, never stored.
"""

from __future__ import annotations

import datetime as dt
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from safetynet.core.periods import RestDay, Unit, period_end

Status = Literal["met", "due", "overdue"]


@dataclass(frozen=True)
class ScheduleRow:
    schedule: str
    unit: Unit
    first: int
    last: int
    every: int
    method: str
    required: int
    source: str = ""

    @classmethod
    def from_content(cls, row: dict[str, Any]) -> ScheduleRow:
        return cls(
            schedule=row["schedule"], unit=row["unit"], first=int(row["first"]),
            last=int(row["last"]), every=int(row["every"]), method=row["method"],
            required=int(row["required"]), source=row.get("source") or "",
        )  # fmt: skip


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date
    method: str
    required: int
    # The periods (months or days from the start) the window covers, for the screen.
    first: int
    last: int

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class WindowState:
    window: Window
    done: int
    status: Status


def overlapping_rows(rows: Sequence[ScheduleRow]) -> list[tuple[ScheduleRow, ScheduleRow]]:
    """Rows of one schedule and method whose periods overlap (a rule table error)."""
    problems = []
    ordered = sorted(rows, key=lambda r: (r.schedule, r.method, r.first))
    for a, b in itertools.pairwise(ordered):
        if (a.schedule, a.method) == (b.schedule, b.method) and b.first <= a.last:
            problems.append((a, b))
    return problems


def windows(
    rows: Iterable[ScheduleRow],
    start: dt.date,
    is_rest_day: RestDay,
    *,
    until: dt.date | None = None,
) -> list[Window]:
    """Every window the rows require from `start` (those beginning on or before `until`), by
    start date then method."""
    by_method: dict[str, list[ScheduleRow]] = {}
    for row in rows:
        by_method.setdefault(row.method, []).append(row)
    result: list[Window] = []
    for method, method_rows in by_method.items():
        previous_end: dt.date | None = None
        for row in sorted(method_rows, key=lambda r: r.first):

            def end_of(periods: int, unit: Unit = row.unit) -> dt.date:
                return period_end(start, periods, unit, is_rest_day)

            for first in range(row.first, row.last + 1, row.every):
                last = min(first + row.every - 1, row.last)
                begin = start if first == 1 else end_of(first - 1) + dt.timedelta(days=1)
                if previous_end is not None and begin <= previous_end:
                    begin = previous_end + dt.timedelta(days=1)
                end = max(end_of(last), begin)
                previous_end = end
                if until is not None and begin > until:
                    break
                result.append(Window(begin, end, method, row.required, first, last))
    return sorted(result, key=lambda w: (w.start, w.method, w.end))


def evaluate(
    planned: Sequence[Window], contacts: Iterable[tuple[dt.date, str]], today: dt.date
) -> list[WindowState]:
    """How far each window is met by the contacts (date, method): met when enough were made,
    overdue when its last day has passed without, else due."""
    made: dict[str, list[dt.date]] = {}
    for day, method in contacts:
        made.setdefault(method, []).append(day)
    for days in made.values():
        days.sort()
    states = []
    for window in planned:
        days = made.get(window.method, [])
        done = bisect_right(days, window.end) - bisect_left(days, window.start)
        status: Status
        if done >= window.required:
            status = "met"
        elif today > window.end:
            status = "overdue"
        else:
            status = "due"
        states.append(WindowState(window, done, status))
    return states


# --- clocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClockRule:
    programme: str
    clock: str
    amount: int
    unit: Literal["hour", "day", "month"]
    # "" applies to every case of the programme; "1", "2": only a child-protection grade.
    grade: str = ""
    source: str = ""

    @classmethod
    def from_content(cls, row: dict[str, Any]) -> ClockRule:
        return cls(
            programme=row["programme"], clock=row["clock"], amount=int(row["amount"]),
            unit=row["unit"], grade=str(row.get("grade") or ""), source=row.get("source") or "",
        )  # fmt: skip

    def applies(self, grade: int | None) -> bool:
        return not self.grade or (grade is not None and str(grade) == self.grade)


def clock_due(
    rule: ClockRule, since: dt.datetime, is_rest_day: RestDay, zone: dt.tzinfo
) -> dt.datetime:
    """When the clock runs out: hours count from the moment (§48 I); days and months from the
    local date, to the end of the last day (§48 II–IV)."""
    if rule.unit == "hour":
        return since + dt.timedelta(hours=rule.amount)
    local = since.astimezone(zone).date()
    last = period_end(local, rule.amount, rule.unit, is_rest_day)
    return dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=zone)


def clock_status(due: dt.datetime, done_at: dt.datetime | None, now: dt.datetime) -> Status:
    if done_at is not None and done_at <= due:
        return "met"
    return "overdue" if now > due or done_at is not None else "due"


__all__ = [
    "ClockRule", "ScheduleRow", "Window", "WindowState", "clock_due", "clock_status", "evaluate",
    "overlapping_rows", "windows",
]  # fmt: skip


# --- assessment instruments ---------------------------------------------------------------


@dataclass(frozen=True)
class Instrument:
    """An assessment instrument's structure and scoring, as data (never its items' wording):
    `items` numbered questions answered yes/no, scored by counting the yes answers, with bands
    from a score (e.g. TIPVDA: 15 items, high danger from 8); or, with `options`, one choice
    among named results (e.g. the SDM safety assessment's three)."""

    code: str
    items: int = 0
    bands: tuple[tuple[str, int], ...] = ()
    options: tuple[str, ...] = ()

    @property
    def item_numbers(self) -> range:
        return range(1, self.items + 1)

    def score(self, answers: Sequence[int]) -> int:
        return len(set(answers))

    def band(self, score: int) -> str:
        reached = [name for name, start in self.bands if score >= start]
        return reached[-1] if reached else ""


def parse_bands(text: str) -> tuple[tuple[str, int], ...]:
    """ "low:0,high:8" → (("low", 0), ("high", 8)), by their starting score."""
    pairs = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, start = part.partition(":")
        pairs.append((name.strip(), int(start)))
    return tuple(sorted(pairs, key=lambda pair: pair[1]))
