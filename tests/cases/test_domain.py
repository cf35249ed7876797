"""Case management's pure rules (schedules, §48 periods, clocks), by example and by property."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.cases import domain
from safetynet.cases.defaults import REST_DAYS, SCHEDULES
from safetynet.cases.domain import ScheduleRow
from safetynet.cases.rules import rest_day_test_from
from safetynet.core import periods

CALENDAR = rest_day_test_from(REST_DAYS)
TZ = dt.timezone(dt.timedelta(hours=8))


def rows(schedule: str) -> list[ScheduleRow]:
    return [ScheduleRow.from_content(r) for r in SCHEDULES if r["schedule"] == schedule]


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- §48 -----------------------------------------------------------------------------------


def test_the_first_day_is_not_counted_and_a_rest_day_end_moves_to_the_next_working_day() -> None:
    # 115/02/10 + 10 days = 02/20, a 補假 before a weekend: the period ends Monday 02/23.
    assert periods.period_end(d("2026-02-10"), 10, "day", CALENDAR) == d("2026-02-23")
    # A Saturday end moves to the Monday (§48 IV).
    assert periods.period_end(d("2026-03-04"), 10, "day", CALENDAR) == d("2026-03-16")
    # A working day end stays.
    assert periods.period_end(d("2026-03-02"), 10, "day", CALENDAR) == d("2026-03-12")
    # A make-up working Saturday (114/02/08) is a working day.
    assert periods.period_end(d("2025-01-29"), 10, "day", CALENDAR) == d("2025-02-08")


def test_a_month_without_the_corresponding_day_ends_on_its_last_day() -> None:
    assert periods.nominal_end(d("2027-01-31"), 1, "month") == d("2027-02-28")
    assert periods.nominal_end(d("2028-01-31"), 1, "month") == d("2028-02-29")
    assert periods.nominal_end(d("2026-08-31"), 6, "month") == d("2027-02-28")
    assert periods.add_months(d("2026-11-15"), 14) == d("2028-01-15")


def test_weekends_only_without_a_calendar() -> None:
    assert periods.period_end(d("2026-02-10"), 10, "day", periods.weekends_only) == d("2026-02-20")


# --- schedules -----------------------------------------------------------------------------


def test_drug_category_1_follows_its_three_tiers() -> None:
    planned = domain.windows(rows("drug:1"), d("2026-01-05"), CALENDAR)
    calls = [w for w in planned if w.method == "A"]
    visits = [w for w in planned if w.method == "B"]
    # Months 1–6: 2 calls a month; 7–24: 1 call a month — 24 monthly call windows.
    assert [w.required for w in calls] == [2] * 6 + [1] * 18
    # Visits: monthly in 1–6, every 2 months in 7–14, every 3 months in 15–24 (the last window,
    # month 24, is cut at the end of the tier).
    assert [(w.first, w.last) for w in visits] == [
        (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 8), (9, 10), (11, 12), (13, 14),
        (15, 17), (18, 20), (21, 23), (24, 24),
    ]  # fmt: skip
    # Month 3 ends 115/04/05, a Sunday before a 補假: it ends Tuesday 04/07.
    assert (calls[2].start, calls[2].end) == (d("2026-03-06"), d("2026-04-07"))
    assert calls[0].start == d("2026-01-05") and calls[-1].end == d("2028-01-05")


def test_drug_categories_2_and_3() -> None:
    two = domain.windows(rows("drug:2"), d("2026-03-02"), CALENDAR)
    assert [(w.first, w.last) for w in two if w.method == "A"][-5:] == [
        (15, 16),
        (17, 18),
        (19, 20),
        (21, 22),
        (23, 24),
    ]
    assert [(w.first, w.last) for w in two if w.method == "B"] == [
        (1, 2),
        (3, 4),
        (5, 6),
        (7, 9),
        (10, 12),
        (13, 14),
        (15, 17),
        (18, 20),
        (21, 23),
        (24, 24),
    ]
    three = domain.windows(rows("drug:3"), d("2026-03-02"), CALENDAR)
    assert [(w.method, w.required) for w in three] == [("A", 1)] * 6


def test_day_schedules_end_on_a_working_day() -> None:
    (visit,) = domain.windows(rows("mh_discharge"), d("2026-12-11"), CALENDAR)
    assert (visit.start, visit.end, visit.method) == (d("2026-12-11"), d("2026-12-28"), "B")
    (home,) = domain.windows(rows("vulnerable_family"), d("2026-02-10"), CALENDAR)
    assert home.end == d("2026-02-23")


def test_until_keeps_the_windows_that_begin_by_then() -> None:
    planned = domain.windows(rows("drug:1"), d("2026-01-05"), CALENDAR, until=d("2026-02-06"))
    assert {(w.start, w.method) for w in planned} == {
        (d("2026-01-05"), "A"), (d("2026-01-05"), "B"), (d("2026-02-06"), "A"),
        (d("2026-02-06"), "B"),
    }  # fmt: skip


def test_contacts_meet_windows_or_leave_them_due_or_overdue() -> None:
    planned = domain.windows(rows("drug:3"), d("2026-03-02"), CALENDAR)
    contacts = [(d("2026-03-10"), "A"), (d("2026-03-11"), "B"), (d("2026-05-20"), "A")]
    states = domain.evaluate(planned, contacts, today=d("2026-05-21"))
    assert [(s.done, s.status) for s in states[:4]] == [
        (1, "met"),
        (0, "overdue"),
        (1, "met"),
        (0, "due"),
    ]
    # Two calls in one window count there, not in the next.
    states = domain.evaluate(planned, [(d("2026-03-10"), "A")] * 2, today=d("2026-03-12"))
    assert [s.done for s in states] == [2, 0, 0, 0, 0, 0]


def test_overlapping_rows_are_found() -> None:
    base = {"schedule": "x", "unit": "month", "every": 1, "method": "A", "required": 1}
    good = [ScheduleRow.from_content({**base, "first": 1, "last": 6}),
            ScheduleRow.from_content({**base, "first": 7, "last": 9})]  # fmt: skip
    assert domain.overlapping_rows(good) == []
    bad = [*good, ScheduleRow.from_content({**base, "first": 9, "last": 12})]
    assert len(domain.overlapping_rows(bad)) == 1


# --- properties ----------------------------------------------------------------------------

starts = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 6, 30))


def _tiers() -> st.SearchStrategy[list[ScheduleRow]]:
    """One method's rows: consecutive or gapped tiers with window lengths of 1 to 4 periods."""

    @st.composite
    def build(draw: st.DrawFn) -> list[ScheduleRow]:
        unit: periods.Unit = draw(st.sampled_from(["month", "day"]))
        first, result = 1, []
        for _ in range(draw(st.integers(1, 4))):
            first += draw(st.integers(0, 3))  # a gap between tiers, or none
            length = draw(st.integers(1, 12 if unit == "month" else 40))
            every = draw(st.integers(1, 4 if unit == "month" else 15))
            result.append(ScheduleRow("p", unit, first, first + length - 1, every, "A", 1))
            first += length
        return result

    return build()


@settings(max_examples=300, deadline=None)
@given(_tiers(), starts)
def test_no_window_is_lost_or_double_counted_across_tiers(
    tiers: list[ScheduleRow], start: dt.date
) -> None:
    planned = domain.windows(tiers, start, CALENDAR)
    for a, b in itertools.pairwise(planned):
        assert a.start <= a.end < b.start
    # Every period of every tier is in exactly one window.
    covered = [p for w in planned for p in range(w.first, w.last + 1)]
    expected = [p for r in tiers for p in range(r.first, r.last + 1)]
    assert covered == expected
    # Consecutive tiers leave no gap in time.
    for a, b in itertools.pairwise(planned):
        if b.first == a.last + 1:
            assert b.start == a.end + dt.timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(_tiers(), starts, st.lists(st.integers(0, 900), max_size=30))
def test_a_contact_counts_in_exactly_one_window_while_the_windows_run(
    tiers: list[ScheduleRow], start: dt.date, offsets: list[int]
) -> None:
    planned = domain.windows(tiers, start, CALENDAR)
    days = [start + dt.timedelta(days=o) for o in offsets]
    states = domain.evaluate(planned, [(day, "A") for day in days], today=start)
    inside = [day for day in days if any(w.holds(day) for w in planned)]
    assert sum(s.done for s in states) == len(inside)
    for day in inside:
        assert sum(1 for w in planned if w.holds(day)) == 1


@given(starts, st.integers(1, 60))
def test_a_period_never_ends_on_a_rest_day_nor_before_its_nominal_end(
    start: dt.date, amount: int
) -> None:
    end = periods.period_end(start, amount, "day", CALENDAR)
    assert not CALENDAR(end)
    assert end >= start + dt.timedelta(days=amount)
    assert all(CALENDAR(start + dt.timedelta(days=n)) for n in range(amount, (end - start).days))


# --- clocks ----------------------------------------------------------------------------------


def test_clocks_count_hours_from_the_moment_and_days_to_the_end_of_a_working_day() -> None:
    received = dt.datetime(2026, 2, 13, 16, 30, tzinfo=TZ)  # a Friday before Lunar New Year
    hours = domain.ClockRule("cp", "face_to_face", 24, "hour", grade="1")
    assert domain.clock_due(hours, received, CALENDAR, TZ) == received + dt.timedelta(hours=24)
    days = domain.ClockRule("cp", "investigation_report", 4, "day")
    # 02/17 is 春節: the report is due at the end of Monday 02/23.
    assert domain.clock_due(days, received, CALENDAR, TZ) == dt.datetime(
        2026, 2, 23, 23, 59, 59, tzinfo=TZ
    )
    assert hours.applies(1) and not hours.applies(2) and not hours.applies(None)
    assert days.applies(None) and days.applies(2)


def test_a_clock_is_met_only_in_time() -> None:
    due = dt.datetime(2026, 3, 2, 12, tzinfo=TZ)
    early, late = due - dt.timedelta(hours=1), due + dt.timedelta(hours=1)
    assert domain.clock_status(due, early, now=late) == "met"
    assert domain.clock_status(due, late, now=late) == "overdue"
    assert domain.clock_status(due, None, now=early) == "due"
    assert domain.clock_status(due, None, now=late) == "overdue"


@pytest.mark.parametrize("schedule", ["drug:1", "drug:2", "drug:3", "mh_discharge",
                                      "vulnerable_family"])  # fmt: skip
def test_every_shipped_schedule_names_its_source(schedule: str) -> None:
    assert rows(schedule) and all(r.source for r in rows(schedule))
