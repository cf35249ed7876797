"""What a case owes and when: its legal clocks and its schedule windows, computed at read time
from the rule tables in force and the record (contacts, written reports) — never stored."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, cast

from django.db import connection
from django.db.models import Min
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise

from safetynet.cases import domain
from safetynet.cases.models import Case, CaseEvent, CaseMember, Contact, EventKind
from safetynet.cases.rules import (
    CLOCK_NAMES,
    CLOCKS,
    FACE_TO_FACE_METHODS,
    REST_DAYS,
    SCHEDULES,
    clocks_in_force,
    programme_for_route,
    rest_day_test,
    schedule_rows,
    schedules_in_force,
)
from safetynet.core.periods import RestDay
from safetynet.core.sql import placeholders
from safetynet.rules.selectors import in_force

T = TypeVar("T")


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


class _Rules:
    """The rule tables in force, each version read once per call of `dues` (a city's open
    cases share a few versions, but each case asked the tables anew: bench/cases)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[Any, ...], Any] = {}

    def _get(self, key: tuple[Any, ...], load: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = load()
        return cast(T, self._memo[key])

    def rest_day_test(self, on: dt.date) -> RestDay:
        return self._get(("rest", _key(REST_DAYS, on)), lambda: rest_day_test(on))

    def due(self, rule: domain.ClockRule, received: dt.date, rest: RestDay,
            compute: Callable[[], dt.datetime]) -> dt.datetime:  # fmt: skip
        """A day or month clock's end, once per received day and calendar (`rest` is this
        call's one function per calendar version)."""
        return self._get(("due", rule, received, id(rest)), compute)

    def clocks(self, programme: str, on: dt.date) -> list[domain.ClockRule]:
        return self._get(("clocks", _key(CLOCKS, on), programme),
                         lambda: clocks_in_force(programme, on))  # fmt: skip

    def windows(self, schedule: str, start: dt.date, until: dt.date) -> list[domain.Window]:
        """The windows a schedule requires from `start` (shared, never changed, by the cases
        that start the same day)."""
        key = ("windows", _key(SCHEDULES, start), _key(REST_DAYS, start), schedule, start, until)

        def load() -> list[domain.Window]:
            rows = self._get(
                ("rows", _key(SCHEDULES, start), schedule),
                lambda: schedule_rows(schedule, schedules_in_force(start)),
            )
            if not rows:
                return []
            return domain.windows(rows, start, self.rest_day_test(start), until=until)

        return self._get(key, load)


def _key(kind: str, on: dt.date) -> int | None:
    version = in_force(kind, on)
    return version.pk if version is not None else None


def _clock_rules(case: Case, rules: _Rules) -> list[domain.ClockRule]:
    if case.received_at is None or not case.programme:
        return []
    received = timezone.localdate(case.received_at)
    return [r for r in rules.clocks(case.programme, received) if r.applies(case.grade)]


def _clocks(
    case: Case,
    applying: Sequence[domain.ClockRule],
    first_face_to_face: dt.datetime | None,
    reports: Sequence[tuple[str, dt.datetime]],
    now: dt.datetime,
    rules: _Rules,
) -> list[ClockState]:
    if not applying or case.received_at is None:
        return []
    zone = timezone.get_current_timezone()
    received = timezone.localdate(case.received_at)
    rest = rules.rest_day_test(received)
    names = dict(CLOCK_NAMES)
    states = []
    for rule in applying:
        if rule.unit == "hour":
            due = domain.clock_due(rule, case.received_at, rest, zone)
        else:  # a period in days or months ends with a day: the same for one received day
            due = rules.due(rule, received, rest, partial(domain.clock_due, rule, case.received_at,
                                                          rest, zone))  # fmt: skip
        if rule.clock == "face_to_face":
            done_at = first_face_to_face
        else:
            done_at = min((at for code, at in reports if code == rule.clock), default=None)
        states.append(ClockState(rule.clock, names.get(rule.clock, rule.clock), due, done_at,
                                 domain.clock_status(due, done_at, now), rule.source))  # fmt: skip
    return states


def _planned(case: Case, today: dt.date, rules: _Rules) -> list[domain.Window]:
    if case.schedule_start is None or not case.programme:
        return []
    until = today + dt.timedelta(days=93)
    return rules.windows(case.schedule_code, case.schedule_start, until)


def dues(cases: Iterable[Case], *, now: dt.datetime | None = None) -> list[CaseDue]:
    """The clocks and windows of each case (at most three queries for all of them).

    Only what a rule can count is read: the first face-to-face contact of a case with a
    face-to-face clock, the written reports of a case with a report clock, and the contact
    days of the methods a case's windows require, as dates (its local day, computed by the
    database) rather than Contact rows."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = _Rules()
    cases = list(cases)
    applying = {c.pk: _clock_rules(c, rules) for c in cases}
    planned = {c.pk: _planned(c, today, rules) for c in cases}
    face_ids = [pk for pk, rs in applying.items() if any(r.clock == "face_to_face" for r in rs)]
    report_ids = [pk for pk, rs in applying.items() if any(r.clock != "face_to_face" for r in rs)]
    window_ids = [pk for pk, ws in planned.items() if ws]
    methods = sorted({w.method for ws in planned.values() for w in ws})
    first: dict[int, dt.datetime] = {}
    if face_ids:
        first = dict(
            Contact.objects.filter(case_id__in=face_ids, method__in=FACE_TO_FACE_METHODS)
            .order_by().values("case_id").annotate(first=Min("at")).values_list("case_id", "first")
        )  # fmt: skip
    reports: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    if report_ids:
        for case_id, code, at in (
            CaseEvent.objects.filter(case_id__in=report_ids, kind=EventKind.REPORT)
            .order_by()
            .values_list("case_id", "code", "at")
        ):
            reports[case_id].append((code, at))
    made: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    if window_ids:
        for case_id, day, method in (
            Contact.objects.filter(case_id__in=window_ids, method__in=methods)
            .order_by().values_list("case_id", TruncDate("at"), "method")
        ):  # fmt: skip
            made[case_id].append((day, method))
    # A joint visit (共訪) counts for each unit present: a contact recorded on another case of
    # the family with this case's lead unit among its joint units counts here too.
    face_set = set(face_ids)
    for case_id, at, method in _joint_contacts(sorted(face_set | set(window_ids))):
        if case_id in face_set and method in FACE_TO_FACE_METHODS:
            first[case_id] = min(first.get(case_id, at), at)
        if method in methods:
            made[case_id].append((timezone.localdate(at), method))
    return [
        CaseDue(c, _clocks(c, applying[c.pk], first.get(c.pk), reports[c.pk], now, rules),
                domain.evaluate(planned[c.pk], made[c.pk], today))
        for c in cases
    ]  # fmt: skip


def _joint_contacts(case_ids: Sequence[int]) -> list[tuple[int, dt.datetime, str]]:
    """(case id, when, method) of the joint visits recorded on another case that shares a member
    with the case and lists the case's lead unit among its joint units."""
    if not case_ids:
        return []
    joint = Contact.joint_units.through._meta.db_table
    contacts, cases = Contact._meta.db_table, Case._meta.db_table
    members = CaseMember._meta.db_table
    sql = (
        f"SELECT DISTINCT y.id, c.at, c.method, c.id FROM {joint} j "  # noqa: S608
        f"JOIN {contacts} c ON c.id = j.contact_id "
        f"JOIN {cases} y ON y.lead_unit_id = j.unit_id AND y.id <> c.case_id "
        f"JOIN {members} my ON my.case_id = y.id "
        f"JOIN {members} mc ON mc.case_id = c.case_id AND mc.person_id = my.person_id"
    )
    params: list[int] = []
    wanted = set(case_ids)
    if len(case_ids) <= 1000:  # a page's few cases; a city's list filters the (few) joint visits
        sql += f" WHERE y.id IN ({placeholders(len(case_ids))})"
        params = list(case_ids)
    rows: list[tuple[int, dt.datetime, str]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for case_id, at, method, _contact in cursor.fetchall():
            if case_id not in wanted:
                continue
            if timezone.is_naive(at):  # SQLite keeps UTC without its offset
                at = at.replace(tzinfo=dt.UTC)
            rows.append((case_id, at, method))
    return rows


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
