"""The intake and case policies as pure functions: each clause of each rule, with a principal
that holds exactly the capabilities a case needs (positions hold them through the
`agencies.capabilities` table; these tests do not depend on which position holds what)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from safetynet.agencies.principal import Principal
from safetynet.cases import policy as case_policy
from safetynet.intake import policy
from safetynet.intake.policy import ReportView
from tests.conftest import City


@dataclass
class Filed:
    filed_by_id: int | None = None
    filed_by_client_id: int | None = None


@dataclass
class Led:
    lead_unit_id: int


def _holding(p: Principal, *capabilities: str) -> Principal:
    return dataclasses.replace(p, capabilities=frozenset(capabilities))


def test_the_reporter_is_for_the_desk_and_the_filer(city: City) -> None:
    desk = _holding(city.principal(city.screener), policy.REPORTER)
    filer = _holding(city.principal(city.police))
    someone_elses = Filed(filed_by_id=city.worker.user_id)
    assert policy.can_see_reporter(desk, someone_elses)
    assert policy.can_see_reporter(filer, Filed(filed_by_id=city.police.user_id))
    assert not policy.can_see_reporter(filer, someone_elses)


def test_answering_is_for_answering_staff_of_the_receiving_unit(city: City) -> None:
    worker = city.principal(city.worker)
    unit = worker.unit_id
    assert unit is not None
    assert policy.can_answer(_holding(worker, policy.ANSWER), unit_id=unit)
    assert not policy.can_answer(_holding(worker, policy.ANSWER), unit_id=unit + 1)
    assert not policy.can_answer(_holding(worker), unit_id=unit)  # of the unit, cannot answer
    assert not policy.can_answer(Principal(capabilities=frozenset({policy.ANSWER})), unit_id=unit)


def test_a_report_merged_into_the_units_case_is_the_units_to_read(city: City) -> None:
    worker = _holding(city.principal(city.worker), case_policy.WORK)
    report = Filed(filed_by_id=city.police.user_id)
    assert policy.report_view(worker, report, dispatched_here=False, in_our_case=True) is (
        ReportView.UNIT
    )
    assert policy.report_view(worker, report, dispatched_here=False, in_our_case=False) is None
    answers = _holding(city.principal(city.worker), policy.ANSWER)
    assert policy.report_view(answers, report, dispatched_here=True, in_our_case=False) is (
        ReportView.UNIT
    )
    assert policy.report_view(answers, report, dispatched_here=False, in_our_case=True) is None


def test_working_cases_takes_the_capability_and_a_staff_record(city: City) -> None:
    worker = city.principal(city.worker)
    assert case_policy.works_cases(_holding(worker, case_policy.WORK))
    assert not case_policy.works_cases(_holding(worker))
    assert not case_policy.works_cases(Principal(capabilities=frozenset({case_policy.WORK})))


def test_closing_is_for_case_workers_of_the_lead_unit(city: City) -> None:
    worker = city.principal(city.worker)
    unit = worker.unit_id
    assert unit is not None
    assert case_policy.can_work(_holding(worker, case_policy.WORK), Led(unit))
    assert not case_policy.can_work(_holding(worker, case_policy.WORK), Led(unit + 1))
    assert not case_policy.can_work(_holding(worker), Led(unit))
    assert case_policy.can_read(_holding(worker, case_policy.READ_ALL), Led(unit + 1))
    assert not case_policy.can_read(_holding(worker), Led(unit))
