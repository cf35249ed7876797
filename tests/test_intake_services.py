"""The intake services: matching, re-report, decisions, routing, review, accept and return."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safetynet.cases.services import case_close
from safetynet.core.errors import ServiceError
from safetynet.intake import domain
from safetynet.intake.drafts import DecisionDraft, PersonDraft
from safetynet.intake.forms import ReportForm
from safetynet.intake.models import Dispatch, ReportStatus, ReviewStatus
from safetynet.intake.selectors import QueueFilters, desk_stats, report_history, report_queue
from safetynet.intake.services import (
    decision_record,
    decision_review,
    dispatch_accept,
    dispatch_return,
)
from safetynet.people.models import Person
from tests.conftest import City, file_report, national_id

pytestmark = pytest.mark.django_db


def test_a_new_person_enters_the_index_and_is_found_by_id_next_time(city: City) -> None:
    first = file_report(city)
    second = file_report(city)
    a, b = first.people.get(), second.people.get()
    assert a.match_status == "new" and b.match_status == "id"
    assert a.person_id == b.person_id
    assert Person.objects.count() == 1


def test_without_id_a_person_is_found_by_name_and_birth_date(city: City) -> None:
    born = dt.date(1990, 5, 1)
    file_report(city, persons=[PersonDraft(role="victim", name="陳怡君", birth_date=born)])
    later = file_report(city, persons=[PersonDraft(role="victim", name="陳 怡君", birth_date=born)])
    assert later.people.get().match_status == "name_birth"


def test_two_namesakes_are_shown_as_ambiguous_never_merged(city: City) -> None:
    born = dt.date(1990, 5, 1)
    for serial in (1, 2):
        file_report(city, persons=[PersonDraft(role="victim", name="陳怡君", birth_date=born,
                                               id_number=national_id("C", "2", serial))])  # fmt: skip
    third = file_report(city, persons=[PersonDraft(role="victim", name="陳怡君", birth_date=born)])
    entry = third.people.get()
    assert entry.match_status == "ambiguous" and entry.person is None
    assert len(entry.candidates) == 2


def test_everyone_in_one_report_is_matched_by_their_own_rule(city: City) -> None:
    born = dt.date(1988, 3, 9)
    known_id = national_id("C", "1", 4321)
    file_report(city, persons=[
        PersonDraft(role="victim", name="王小明", id_number=known_id),
        PersonDraft(role="household", name="李淑芬", birth_date=born),
        PersonDraft(role="household", name="張志豪", birth_date=born,
                    id_number=national_id("C", "1", 8765)),
    ])  # fmt: skip
    report = file_report(city, persons=[
        PersonDraft(role="victim", name="王曉明", id_number=known_id),  # a typo; the ID decides
        PersonDraft(role="household", name="李 淑芬", birth_date=born),
        # Same name and birth date, but a different valid ID: someone else.
        PersonDraft(role="household", name="張志豪", birth_date=born,
                    id_number=national_id("C", "1", 5555)),
        PersonDraft(role="child", name="李淑芬", birth_date=dt.date(2015, 3, 9)),
    ])  # fmt: skip
    people = list(report.people.order_by("pk"))
    assert [p.match_status for p in people] == ["id", "name_birth", "new", "new"]
    first = file_report(
        city, persons=[PersonDraft(role="victim", name="王小明", id_number=known_id)]
    )
    assert people[0].person_id == first.people.get().person_id
    assert len({p.person_id for p in people}) == 4


def test_only_a_protection_case_closed_in_the_last_year_makes_a_re_report(city: City) -> None:
    now = timezone.now()
    old = file_report(city, concerns=("child",), areas=(), received_at=now - dt.timedelta(days=500))
    case_id = _dispatch_and_accept(city, old.pk)
    case_close(principal=city.principal(city.dv_worker), case_id=case_id,
               at=now - dt.timedelta(days=400))  # fmt: skip
    assert not file_report(city, concerns=("child",), areas=()).is_re_report
    # Filed back then, eleven months after the closing, the same report would have been one
    # (a time in Taipei's zone, as the web pages give it, must work as well as one in UTC).
    back_then = timezone.localtime(now - dt.timedelta(days=60))
    assert file_report(city, concerns=("child",), areas=(), received_at=back_then).is_re_report
    edge = timezone.localtime(now - dt.timedelta(days=400) + domain.RE_REPORT_WINDOW)
    assert file_report(city, concerns=("child",), areas=(),
                       received_at=edge - dt.timedelta(hours=1)).is_re_report  # fmt: skip
    assert not file_report(city, concerns=("child",), areas=(),
                           received_at=edge + dt.timedelta(hours=1)).is_re_report  # fmt: skip


def _dispatch_and_accept(city: City, report_id: int) -> int:
    decision = decision_record(
        principal=city.principal(city.screener),
        report_id=report_id,
        draft=DecisionDraft(outcome="protection", protection_type="child", cp_grade=1, cp_type=1,
                            sdm_safety="unsafe"),
    )  # fmt: skip
    dispatch = Dispatch.objects.get(decision=decision)
    case = dispatch_accept(
        principal=city.principal(city.dv_worker), dispatch_id=dispatch.pk, worker=city.dv_worker
    )
    return case.pk


def test_a_protection_case_closed_within_a_year_flags_a_re_report(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    case_id = _dispatch_and_accept(city, report.pk)
    case_close(principal=city.principal(city.dv_worker), case_id=case_id)
    again = file_report(city, concerns=("child",), areas=())
    assert again.is_re_report and again.people.get().is_re_report
    history = report_history(again)
    assert [r.report_id for r in history[0].prior_reports] == [report.pk]
    assert [c.pk for c in history[0].cases] == [case_id]


def test_vulnerable_family_is_routed_to_the_districts_welfare_centre(city: City) -> None:
    report = file_report(city)
    decision = decision_record(
        principal=city.principal(city.screener),
        report_id=report.pk,
        draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]),
    )
    dispatch = Dispatch.objects.get(decision=decision)
    assert dispatch.unit.code == "KL-FWC-QD"  # 七堵區 → 七堵社福中心
    report.refresh_from_db()
    assert report.status == ReportStatus.DISPATCHED and report.screened_at is not None


def test_a_report_cannot_be_screened_twice(city: City) -> None:
    report = file_report(city)
    draft = DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"])
    decision_record(principal=city.principal(city.screener), report_id=report.pk, draft=draft)
    with pytest.raises(ServiceError) as err:
        decision_record(principal=city.principal(city.screener), report_id=report.pk, draft=draft)
    assert err.value.conflict


def test_only_the_desk_screens(city: City) -> None:
    report = file_report(city)
    with pytest.raises(ServiceError):
        decision_record(principal=city.principal(city.worker), report_id=report.pk,
                        draft=DecisionDraft(outcome="no_case", no_case_reason="x"))  # fmt: skip


def test_no_case_goes_to_supervisor_review(city: City) -> None:
    report = file_report(city)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=DecisionDraft(outcome="no_case", no_case_reason="查無事證"))  # fmt: skip
    assert decision.review_status == ReviewStatus.PENDING
    with pytest.raises(ServiceError):
        decision_review(
            principal=city.principal(city.screener), decision_id=decision.pk, approve=True
        )
    decision_review(
        principal=city.principal(city.supervisor), decision_id=decision.pk, approve=False
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED  # sent back to the queue


def test_a_returned_report_is_back_in_the_queue_with_its_clock_running(city: City) -> None:
    received = timezone.now() - dt.timedelta(hours=30)
    report = file_report(city, received_at=received)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    dispatch = Dispatch.objects.get(decision=decision)
    with pytest.raises(ServiceError):
        dispatch_return(
            principal=city.principal(city.other_worker), dispatch_id=dispatch.pk, reason="x"
        )
    dispatch_return(principal=city.principal(city.worker), dispatch_id=dispatch.pk, reason="非轄區")
    queue = list(report_queue(city.principal(city.screener), QueueFilters()))
    assert [r.pk for r in queue] == [report.pk]
    assert queue[0].grading_deadline == received + dt.timedelta(hours=24)
    assert queue[0].returns[0].return_reason == "非轄區"  # type: ignore[attr-defined]


def test_accept_opens_a_case_once_even_when_repeated(city: City) -> None:
    report = file_report(city)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    dispatch = Dispatch.objects.get(decision=decision)
    first = dispatch_accept(
        principal=city.principal(city.worker), dispatch_id=dispatch.pk, worker=city.worker
    )
    again = dispatch_accept(
        principal=city.principal(city.worker), dispatch_id=dispatch.pk, worker=city.worker
    )
    assert first.pk == again.pk and first.lead_unit.code == "KL-FWC-QD"
    assert first.members.count() == 1


def test_queue_orders_overdue_first(city: City) -> None:
    now = timezone.now()
    fresh = file_report(city, received_at=now - dt.timedelta(hours=1))
    overdue = file_report(city, received_at=now - dt.timedelta(hours=30))
    queue = report_queue(city.principal(city.screener), QueueFilters())
    assert [r.pk for r in queue] == [overdue.pk, fresh.pk]


def test_desk_stats_count_screening_within_24_hours(city: City) -> None:
    now = timezone.now()
    on_time = file_report(city, received_at=now - dt.timedelta(hours=50))
    late = file_report(city, received_at=now - dt.timedelta(hours=50))
    draft = DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"])
    decision_record(principal=city.principal(city.screener), report_id=on_time.pk, draft=draft,
                    at=now - dt.timedelta(hours=40))  # fmt: skip
    decision_record(principal=city.principal(city.screener), report_id=late.pk, draft=draft,
                    at=now - dt.timedelta(hours=10))  # fmt: skip
    stats = desk_stats(start=now - dt.timedelta(days=3), end=now)
    assert (stats.received, stats.screened_in_time, stats.dispatched) == (2, 1, 2)
    assert stats.in_time_share == 50.0


def test_report_forms_list_and_take_the_citys_districts_without_copying_the_query(
    city: City,
) -> None:
    first, second = ReportForm({"district": "10017020"}), ReportForm({"district": "63000010"})
    assert first["district"].field.queryset is second["district"].field.queryset  # type: ignore[attr-defined]
    for form in (first, second):
        assert str(form["district"]).count("<option") == 1 + 7  # the empty choice, 7 districts
    first.is_valid(), second.is_valid()
    assert first.cleaned_data["district"].code == "10017020"
    assert "district" in second.errors  # a Taipei district is not this city's
