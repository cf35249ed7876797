"""The intake desk's pure rules, by example and by property, without a database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetynet.intake import domain

ROUTES = [
    {"route": "vulnerable_family", "district": "", "unit": "CITY"},
    {"route": "vulnerable_family", "district": "10017020", "unit": "QIDU"},
    {"route": "protection:child", "district": "", "unit": "DV"},
]
ASSESSMENTS = {"child": ["cp_grade", "cp_type", "sdm_safety"], "ipv": ["tipvda_assessed"]}


def test_clock_marks_overdue() -> None:
    received = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    deadline = domain.deadline_from(received, 24)
    assert not domain.Clock(deadline, received + dt.timedelta(hours=23)).overdue
    late = domain.Clock(deadline, received + dt.timedelta(hours=25))
    assert late.overdue and late.hours_left == pytest.approx(-1)


def test_a_districts_row_beats_the_city_wide_row() -> None:
    pick = domain.choose_unit
    assert pick(ROUTES, route="vulnerable_family", district="10017020") == "QIDU"
    assert pick(ROUTES, route="vulnerable_family", district="10017010") == "CITY"
    assert pick(ROUTES, route="protection:child", district="10017020") == "DV"
    assert pick(ROUTES, route="protection:ipv", district="10017020") is None


def test_a_deadline_is_read_from_its_table() -> None:
    table = [{"deadline": "grading", "hours": 24}, {"deadline": "cp_grade1_contact", "hours": 24}]
    assert domain.hours_for(table, "grading") == 24
    assert domain.hours_for(table, "cp_grade2_contact") is None


@given(st.lists(st.booleans(), min_size=15, max_size=15), st.integers(1, 15))
def test_tipvda_danger_is_high_from_the_cut_off(answers: list[bool], cut_off: int) -> None:
    score = domain.tipvda_score(answers)
    assert score == sum(answers)
    assert domain.tipvda_high_danger(score, cut_off=cut_off) == (score >= cut_off)


def test_tipvda_has_fifteen_items() -> None:
    with pytest.raises(ValueError, match="15 items"):
        domain.tipvda_score([True] * 14)


@given(st.integers(1, 3650), st.lists(st.integers(-4000, 4000), max_size=5))
def test_a_re_report_is_a_protection_closure_within_the_window(
    window: int, days_before: list[int]
) -> None:
    now = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    closures = [now - dt.timedelta(days=d) for d in days_before]
    expected = any(0 <= d <= window for d in days_before)
    assert domain.is_re_report(now, closures, window_days=window) == expected


@dataclass
class _Person:
    id_number: str = ""


@dataclass
class _Report:
    concerns: list[str] = field(default_factory=list)
    vulnerable_areas: list[str] = field(default_factory=list)
    persons: list[_Person] = field(default_factory=list)


@given(
    st.booleans(),
    st.booleans(),
    st.lists(st.sampled_from(["", "A123456789", "C200000001"]), max_size=25),
)
def test_a_report_needs_something_seen_and_one_to_twenty_people_without_an_id_twice(
    concern: bool, area: bool, ids: list[str]
) -> None:
    report = _Report(["child"] if concern else [], ["economic"] if area else [],
                     [_Person(i) for i in ids])  # fmt: skip
    problems = domain.report_problems(report)
    given_ids = [i for i in ids if i]
    assert ("__all__" in problems) == (not concern and not area)
    should_fail = not ids or len(ids) > domain.MAX_PERSONS or len(given_ids) != len(set(given_ids))
    assert ("persons" in problems) == should_fail


@pytest.mark.parametrize(
    ("decision", "missing"),
    [
        ({"outcome": ""}, {"outcome"}),
        ({"outcome": "protection"}, {"protection_type"}),
        ({"outcome": "protection", "protection_type": "child"}, {"cp_grade", "cp_type", "sdm_safety"}),
        ({"outcome": "protection", "protection_type": "child", "cp_grade": 1, "cp_type": 2,
          "sdm_safety": "unsafe"}, set()),
        ({"outcome": "protection", "protection_type": "ipv"}, {"tipvda_assessed"}),
        ({"outcome": "protection", "protection_type": "elder"}, set()),
        ({"outcome": "vulnerable_family"}, {"vulnerable_areas"}),
        ({"outcome": "other_service"}, {"service_group"}),
        ({"outcome": "merge"}, {"merge_case"}),
        ({"outcome": "no_case"}, {"no_case_reason"}),
        ({"outcome": "no_case", "no_case_reason": "查無具體事證"}, set()),
    ],
)  # fmt: skip
def test_a_decision_names_what_its_outcome_and_the_assessment_table_require(
    decision: dict[str, object], missing: set[str]
) -> None:
    assert set(domain.decision_problems(decision, assessments=ASSESSMENTS)) == missing


def test_the_assessments_required_come_from_the_table() -> None:
    decision = {"outcome": "protection", "protection_type": "elder"}
    assert set(domain.decision_problems(decision, assessments={"elder": ["sdm_safety"]})) == {
        "sdm_safety"
    }


def test_a_name_typed_with_an_id_agrees_with_the_index_only_when_it_may_be_that_name() -> None:
    agree = domain.names_agree
    assert agree("陳怡君", "陳怡君") and agree("陳宜君", "陳怡君") and agree("陳小君", "陳怡君")
    assert agree("", "陳怡君")  # no name typed: nothing disagrees
    assert not agree("林美華", "陳怡君")  # a slip in the ID would join a stranger's history
    # A surname with a title or a mask (a caller's 陳小姐, a document's 陳○○): the surname.
    assert agree("陳小姐", "陳怡君") and agree("陳○○", "陳怡君")
    assert not agree("林小姐", "陳怡君") and not agree("林○○", "陳怡君")
