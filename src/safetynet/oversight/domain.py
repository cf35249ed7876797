"""The anomaly rules, pure: which audit rows of one window make an alert. The service gathers
the rows and the facts (who belongs to which unit, which records relate to it); the rules
decide here, without a database.

- `caseload`: an actor read at least `outside_caseload` different cases their unit neither
  leads, co-works, led nor was referred (the desk, which reads every case by office, is left
  out);
- `unrelated`: an actor opened at least `unrelated_persons` different persons with no relation
  to their unit's cases and reports (for the desk: named in no report);
- `bulk`: at least `bulk_lists` list or search rows;
- `off_hours`: at least `off_hours_reads` reads, lists or searches outside office hours or on a
  rest day (units on duty around the clock are left out).

A count at the threshold raises the alert; one below does not."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

CASELOAD, UNRELATED, BULK, OFF_HOURS = "caseload", "unrelated", "bulk", "off_hours"
RULES = (CASELOAD, UNRELATED, BULK, OFF_HOURS)
READS = frozenset({"read"})
LISTS = frozenset({"list", "search"})
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Thresholds:
    window: dt.timedelta
    outside_caseload: int
    unrelated_persons: int
    bulk_lists: int
    off_hours_reads: int
    office_start: dt.time
    office_end: dt.time
    duty_unit_kinds: frozenset[str]


@dataclass(frozen=True)
class Row:
    """What the rules need of an audit row (never its detail)."""

    id: int
    actor_id: int
    action: str
    object_type: str
    object_id: str
    at: dt.datetime  # local time (Asia/Taipei)


@dataclass(frozen=True)
class Finding:
    rule: str
    actor_id: int
    count: int
    threshold: int
    events: tuple[int, ...]


def windows(
    start: dt.datetime, end: dt.datetime, length: dt.timedelta
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The fixed windows of `length` (counted from a fixed origin, so every run cuts the same
    windows) that overlap [start, end)."""
    first = _EPOCH + ((start - _EPOCH) // length) * length
    found = []
    while first < end:
        found.append((first, first + length))
        first += length
    return found


def off_hours(at: dt.datetime, th: Thresholds, is_rest_day: Callable[[dt.date], bool]) -> bool:
    """Outside office hours or on a rest day (`at` in local time)."""
    if is_rest_day(at.date()):
        return True
    clock = at.time()
    return clock < th.office_start or clock >= th.office_end


def by_actor(rows: Iterable[Row]) -> dict[int, list[Row]]:
    found: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        found[row.actor_id].append(row)
    return found


def opened(rows: Iterable[Row], object_type: str) -> dict[int, list[int]]:
    """The records of a kind an actor's rows opened: record id → the ids of the rows."""
    found: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row.action in READS and row.object_type == object_type and row.object_id.isdigit():
            found[int(row.object_id)].append(row.id)
    return found


def _distinct(rule: str, actor: int, records: Mapping[int, list[int]], related: set[int],
              threshold: int) -> Finding | None:  # fmt: skip
    outside = {k: v for k, v in records.items() if k not in related}
    if len(outside) < threshold:
        return None
    events = tuple(sorted(i for ids in outside.values() for i in ids))
    return Finding(rule, actor, len(outside), threshold, events)


def _counted(rule: str, actor: int, rows: list[Row], threshold: int) -> Finding | None:
    if len(rows) < threshold:
        return None
    return Finding(rule, actor, len(rows), threshold, tuple(sorted(r.id for r in rows)))


@dataclass(frozen=True)
class ActorFacts:
    """What the service found about one actor: exempt from `caseload` (reads every case by
    office), on duty around the clock, and which of the cases and persons they opened in the
    window relate to their unit."""

    reads_every_case: bool
    on_duty: bool
    related_cases: set[int]
    related_persons: set[int]


def detect(
    rows: list[Row],
    th: Thresholds,
    facts: Mapping[int, ActorFacts],
    is_rest_day: Callable[[dt.date], bool],
) -> list[Finding]:
    """Every finding of one window's rows. Actors without facts (not staff) are left out."""
    found: list[Finding | None] = []
    for actor, mine in sorted(by_actor(rows).items()):
        fact = facts.get(actor)
        if fact is None:
            continue
        if not fact.reads_every_case:
            found.append(_distinct(CASELOAD, actor, opened(mine, "case"), fact.related_cases,
                                   th.outside_caseload))  # fmt: skip
        found.append(_distinct(UNRELATED, actor, opened(mine, "person"), fact.related_persons,
                               th.unrelated_persons))  # fmt: skip
        found.append(_counted(BULK, actor, [r for r in mine if r.action in LISTS], th.bulk_lists))
        if not fact.on_duty:
            late = [
                r for r in mine if r.action in READS | LISTS and off_hours(r.at, th, is_rest_day)
            ]
            found.append(_counted(OFF_HOURS, actor, late, th.off_hours_reads))
    return [f for f in found if f is not None]


def candidates(rows: list[Row], th: Thresholds) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Per actor, the cases and the persons opened, only where there are enough of them to reach
    a threshold (the service asks the database about these only)."""
    cases: dict[int, set[int]] = {}
    persons: dict[int, set[int]] = {}
    for actor, mine in by_actor(rows).items():
        c = set(opened(mine, "case"))
        if len(c) >= th.outside_caseload:
            cases[actor] = c
        p = set(opened(mine, "person"))
        if len(p) >= th.unrelated_persons:
            persons[actor] = p
    return cases, persons
