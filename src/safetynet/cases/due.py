"""What a case owes and when: its legal clocks and its schedule windows, computed at read time
from the rule tables in force and the record (contacts, written reports) — never stored."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise

from safetynet.cases import domain
from safetynet.cases.models import Case, CaseEvent, Contact, EventKind
from safetynet.cases.rules import (
    CLOCK_NAMES,
    FACE_TO_FACE_METHODS,
    clocks_in_force,
    programme_for_route,
    rest_day_test,
    schedule_rows,
    schedules_in_force,
)


@dataclass(frozen=True)
class ClockState:
    clock: str
    label: Promise | str
    due: dt.datetime
    done_at: dt.datetime | None
    status: domain.Status
    source: str


@dataclass(frozen=True)
class CaseDue:
    case: Case
    clocks: list[ClockState]
    windows: list[domain.WindowState]

    def open_items(
        self, today: dt.date, horizon: dt.timedelta
    ) -> list[ClockState | domain.WindowState]:
        """What is still to do: overdue, or due by the horizon (clocks not yet met — one done
        late stays overdue in the record but is no longer a to-do; windows that have begun)."""
        end = today + horizon
        items: list[ClockState | domain.WindowState] = [
            c for c in self.clocks if c.done_at is None
            and (c.status == "overdue" or timezone.localdate(c.due) <= end)
        ]  # fmt: skip
        items += [w for w in self.windows if w.status == "overdue"
                  or (w.status == "due" and w.window.start <= today and w.window.end <= end)]  # fmt: skip
        return items


def _clocks(case: Case, contacts: Sequence[Contact], reports: Sequence[CaseEvent],
            now: dt.datetime) -> list[ClockState]:  # fmt: skip
    if case.received_at is None or not case.programme:
        return []
    zone = timezone.get_current_timezone()
    received = timezone.localdate(case.received_at)
    rest = rest_day_test(received)
    names = dict(CLOCK_NAMES)
    states = []
    for rule in clocks_in_force(case.programme, received):
        if not rule.applies(case.grade):
            continue
        due = domain.clock_due(rule, case.received_at, rest, zone)
        if rule.clock == "face_to_face":
            done = [c.at for c in contacts if c.method in FACE_TO_FACE_METHODS]
        else:
            done = [e.at for e in reports if e.code == rule.clock]
        done_at = min(done, default=None)
        states.append(ClockState(rule.clock, names.get(rule.clock, rule.clock), due, done_at,
                                 domain.clock_status(due, done_at, now), rule.source))  # fmt: skip
    return states


def _windows(case: Case, contacts: Sequence[Contact], today: dt.date) -> list[domain.WindowState]:
    if case.schedule_start is None or not case.programme:
        return []
    rows = schedule_rows(case.schedule_code, schedules_in_force(case.schedule_start))
    if not rows:
        return []
    until = today + dt.timedelta(days=93)
    planned = domain.windows(rows, case.schedule_start, rest_day_test(case.schedule_start),
                             until=until)  # fmt: skip
    made = [(timezone.localdate(c.at), c.method) for c in contacts]
    return domain.evaluate(planned, made, today)


def dues(cases: Iterable[Case], *, now: dt.datetime | None = None) -> list[CaseDue]:
    """The clocks and windows of each case (two queries for all of them)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cases = list(cases)
    ids = [c.pk for c in cases]
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(case_id__in=ids).only("case_id", "at", "method"):
        contacts[contact.case_id].append(contact)
    reports: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in CaseEvent.objects.filter(case_id__in=ids, kind=EventKind.REPORT).only(
        "case_id", "code", "at"
    ):
        reports[event.case_id].append(event)
    return [
        CaseDue(c, _clocks(c, contacts[c.pk], reports[c.pk], now),
                _windows(c, contacts[c.pk], today))
        for c in cases
    ]  # fmt: skip


def route_clocks(
    route: str, grade: int | None, received_at: dt.datetime
) -> list[tuple[Promise | str, dt.datetime]]:
    """The legal clocks a dispatch starts for the unit that takes it (before any case exists):
    the programme its route opens, its clocks for the grade, each with when it runs out."""
    received = timezone.localdate(received_at)
    found = programme_for_route(route, received)
    if found is None:
        return []
    names = dict(CLOCK_NAMES)
    rest = rest_day_test(received)
    zone = timezone.get_current_timezone()
    return sorted(
        ((names.get(r.clock, r.clock), domain.clock_due(r, received_at, rest, zone))
         for r in clocks_in_force(found["code"], received) if r.applies(grade)),
        key=lambda pair: pair[1],
    )  # fmt: skip
