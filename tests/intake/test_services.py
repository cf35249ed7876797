"""The intake services: matching, re-reports, decisions, routing, review, accept and return;
every guard with the error it gives, and the audit row of every action."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Case, CaseStatus
from safetynet.cases.services import case_close
from safetynet.core.errors import ServiceError
from safetynet.intake.drafts import DecisionDraft, PersonDraft, ReportDraft
from safetynet.intake.models import (
    Dispatch,
    DispatchStatus,
    Report,
    ReportStatus,
    ReviewStatus,
    ScreeningDecision,
    ServiceGroup,
    VulnerableArea,
)
from safetynet.intake.rules import THRESHOLDS, thresholds
from safetynet.intake.selectors import QueueFilters, desk_stats, report_history, report_queue
from safetynet.intake.services import (
    decision_record,
    decision_review,
    dispatch_accept,
    dispatch_return,
    report_create,
)
from safetynet.people.models import Person
from safetynet.rules.services import rule_install
from tests.conftest import QIDU, City, file_report, national_id, refused

pytestmark = pytest.mark.django_db

FAMILY = DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"])
CHILD = DecisionDraft(outcome="protection", protection_type="child", cp_grade=1, cp_type=1,
                      sdm_safety="unsafe")  # fmt: skip


def _screen(city: City, report: Report, draft: DecisionDraft = FAMILY) -> ScreeningDecision:
    return decision_record(principal=city.principal(city.screener), report_id=report.pk,
                           draft=draft)  # fmt: skip


def _dispatched(city: City, draft: DecisionDraft = FAMILY, **report: Any) -> Dispatch:
    return Dispatch.objects.get(decision=_screen(city, file_report(city, **report), draft))


def _accepted(city: City) -> tuple[Dispatch, Case]:
    dispatch = _dispatched(city)
    case = dispatch_accept(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                           worker_id=city.worker.pk)  # fmt: skip
    return dispatch, case


_refused = refused


# --- matching ---------------------------------------------------------------------------------


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
        PersonDraft(role="victim", name="王曉明", id_number=known_id),  # misheard: the ID decides
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


def test_an_id_typed_with_a_wholly_other_name_links_nobody(city: City) -> None:
    known_id = national_id("C", "2", 77)
    file_report(city, persons=[PersonDraft(role="victim", name="林美玲", id_number=known_id)])
    person = Person.objects.get()
    entry = file_report(
        city, persons=[PersonDraft(role="victim", name="黃志偉", id_number=known_id)]
    ).people.get()
    assert entry.match_status == "conflict" and entry.person_id is None
    assert entry.candidates == [person.pk]  # the desk sees whom the ID belongs to
    assert Person.objects.count() == 1


# --- re-reports -------------------------------------------------------------------------------


def _close_protection_case(city: City, *, received: dt.datetime, closed: dt.datetime) -> None:
    old = file_report(city, concerns=("child",), areas=(), received_at=received)
    dispatch = Dispatch.objects.get(decision=_screen(city, old, CHILD))
    case = dispatch_accept(principal=city.principal(city.dv_worker), dispatch_id=dispatch.pk,
                           worker_id=city.dv_worker.pk)  # fmt: skip
    case_close(principal=city.principal(city.dv_supervisor), case_id=case.pk, at=closed)


def test_only_a_protection_case_closed_within_the_window_makes_a_re_report(city: City) -> None:
    now = timezone.now()
    closed = now - dt.timedelta(days=400)
    _close_protection_case(city, received=now - dt.timedelta(days=500), closed=closed)
    assert not file_report(city, concerns=("child",), areas=()).is_re_report
    # Filed back then, eleven months after the closing, the same report would have been one
    # (a time in Taipei's zone, as the web pages give it, must work as well as one in UTC).
    back_then = timezone.localtime(now - dt.timedelta(days=60))
    assert file_report(city, concerns=("child",), areas=(), received_at=back_then).is_re_report
    window = thresholds(timezone.localdate())["re_report_days"]
    edge = timezone.localtime(closed + dt.timedelta(days=window))
    assert file_report(city, concerns=("child",), areas=(),
                       received_at=edge - dt.timedelta(hours=1)).is_re_report  # fmt: skip
    assert not file_report(city, concerns=("child",), areas=(),
                           received_at=edge + dt.timedelta(hours=1)).is_re_report  # fmt: skip


def test_the_re_report_window_is_the_rule_table_in_force(city: City) -> None:
    now = timezone.now()
    _close_protection_case(city, received=now - dt.timedelta(days=500),
                           closed=now - dt.timedelta(days=400))  # fmt: skip
    rule_install(actor=city.principal(city.admin), kind=THRESHOLDS,
                 effective_from=timezone.localdate(), content=[
                     {"threshold": "re_report_days", "value": 730, "source": ""},
                     {"threshold": "tipvda_high_danger_from", "value": 8, "source": ""}])  # fmt: skip
    assert file_report(city, concerns=("child",), areas=()).is_re_report


def test_a_re_report_shows_the_earlier_report_and_case_in_the_history(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    dispatch = Dispatch.objects.get(decision=_screen(city, report, CHILD))
    case = dispatch_accept(principal=city.principal(city.dv_worker), dispatch_id=dispatch.pk,
                           worker_id=city.dv_worker.pk)  # fmt: skip
    case_close(principal=city.principal(city.dv_supervisor), case_id=case.pk)
    again = file_report(city, concerns=("child",), areas=())
    assert again.is_re_report and again.people.get().is_re_report
    history = report_history(again)
    assert [r.report_id for r in history[0].prior_reports] == [report.pk]
    assert [c.pk for c in history[0].cases] == [case.pk]


# --- filing: who, where, what -----------------------------------------------------------------


def _draft(**change: Any) -> ReportDraft:
    base: dict[str, Any] = dict(
        channel="35", reporter_type="neighbour", district=QIDU, narrative="鄰居反映家中經濟困難。",
        urgency="normal", vulnerable_areas=["economic"],
        persons=[PersonDraft(role="victim", name="林美玲")],
    )  # fmt: skip
    return ReportDraft(**{**base, **change})


@pytest.mark.parametrize(
    ("who", "draft", "code", "field"),
    [
        ("outsider", _draft(), "forbidden", None),  # a login with no position files nothing
        ("auditor", _draft(), "forbidden", None),
        ("partner_35", _draft(channel="7"), "wrong_channel", "channel"),
        ("screener", _draft(district="63000010"), "invalid", "district"),  # a Taipei district
        ("screener", _draft(vulnerable_areas=[]), "invalid", "__all__"),
        ("screener", _draft(persons=[]), "invalid", "persons"),
        # codes the form and the schema would refuse are refused by the service too
        ("screener", _draft(urgency="urgent"), "invalid", "urgency"),
        ("screener", _draft(channel="99"), "invalid", "channel"),
        ("screener", _draft(concerns=["child", "unheard_of"]), "invalid", "concerns"),
        ("screener", _draft(persons=[PersonDraft(role="boss", name="甲")]), "invalid", "persons"),
        ("screener", _draft(persons=[PersonDraft(role="U", name="甲")]), "invalid", "persons"),
        ("screener", _draft(persons=[PersonDraft(role="victim", name="甲", sex="X")]), "invalid", "persons"),
        ("screener", _draft(persons=[PersonDraft(role="victim", name=f"甲{i}") for i in range(21)]),
         "invalid", "persons"),
        ("screener", _draft(persons=[PersonDraft(role="victim", name=n, id_number=national_id("C", "1", 5))
                                     for n in ("甲", "乙")]), "invalid", "persons"),
    ],
)  # fmt: skip
def test_filing_is_refused_with_its_reason_and_writes_nothing(
    city: City, who: str, draft: ReportDraft, code: str, field: str | None
) -> None:
    if who == "outsider":
        from safetynet.agencies.principal import Principal

        principal = Principal.of_user(city.outsider)
    elif who == "partner_35":
        principal = city.partner("35")
    else:
        principal = city.principal(getattr(city, who))
    error = _refused(code, lambda: report_create(principal=principal, draft=draft))
    assert field is None or field in error.field_errors
    assert not Report.objects.exists() and not Person.objects.exists()
    assert not AuditEvent.objects.filter(object_type="report").exists()


def test_a_partner_system_files_under_its_own_channel(city: City) -> None:
    report, _people = report_create(principal=city.partner("35"), draft=_draft(channel="35"))
    assert report.channel == "35" and report.filed_by_client_id is not None


def test_filing_writes_one_audit_row(city: City) -> None:
    report = file_report(city)
    rows = AuditEvent.objects.filter(object_type="report", object_id=str(report.pk))
    assert [(r.action, r.actor_id) for r in rows] == [("create", city.screener.user_id)]


# --- screening --------------------------------------------------------------------------------


def test_vulnerable_family_is_routed_to_the_districts_welfare_centre(city: City) -> None:
    report = file_report(city)
    dispatch = Dispatch.objects.get(decision=_screen(city, report))
    assert dispatch.unit.code == "KL-FWC-QD"  # 七堵區 → 七堵社福中心
    report.refresh_from_db()
    assert report.status == ReportStatus.DISPATCHED and report.screened_at is not None
    row = AuditEvent.objects.get(object_type="report", object_id=str(report.pk), action="decide")
    assert row.detail["dispatch"] == dispatch.pk


def test_the_routing_table_in_force_decides_and_a_change_takes_effect_on_its_day(
    city: City,
) -> None:
    today = timezone.localdate()
    rule_install(actor=city.principal(city.admin), kind="intake.routing",
                 effective_from=today + dt.timedelta(days=1),
                 content=[{"route": "vulnerable_family", "district": "", "unit": "KL-FWC-ZX"}])  # fmt: skip
    assert _dispatched(city).unit.code == "KL-FWC-QD"  # tomorrow's table is not in force yet


def _open_case_of_another_family(city: City) -> Case:
    other = file_report(city, persons=[PersonDraft(role="victim", name="陌生人",
                                                   id_number=national_id("D", "2", 99))])  # fmt: skip
    dispatch = Dispatch.objects.get(decision=_screen(city, other))
    return dispatch_accept(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                           worker_id=city.worker.pk)  # fmt: skip


@pytest.mark.parametrize(
    ("who", "draft", "code", "field"),
    [
        ("worker", FAMILY, "not_found", None),  # not sent to the unit: not its to see
        ("police", FAMILY, "forbidden", None),  # the police filed it: seen, not theirs to screen
        ("screener", DecisionDraft(outcome="protection", protection_type="child"), "invalid", "cp_grade"),
        ("screener", DecisionDraft(outcome="protection", protection_type="ipv"), "invalid", "tipvda_assessed"),
        ("screener", DecisionDraft(outcome="other_service", service_group="nope"), "invalid", "service_group"),
        ("screener", "retired_group", "invalid", "service_group"),
        ("screener", DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"],
                                   unit="NOPE"), "invalid", "unit"),
        ("screener", DecisionDraft(outcome="no_case"), "invalid", "no_case_reason"),
        ("screener", DecisionDraft(outcome="protection", protection_type="child", cp_grade=7,
                                   cp_type=1, sdm_safety="safe"), "invalid", "cp_grade"),
        ("screener", DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["moon"]),
         "invalid", "vulnerable_areas"),
        ("screener", "merge_stranger", "invalid", "merge_case"),
        ("screener", DecisionDraft(outcome="other_service", service_group="homeless"), "no_route", "unit"),
    ],
)  # fmt: skip
def test_screening_is_refused_with_its_reason_and_writes_nothing(
    city: City, who: str, draft: Any, code: str, field: str | None
) -> None:
    if draft == "retired_group":  # a service the city no longer offers is not a choice
        ServiceGroup.objects.filter(code="homeless").update(active=False)
        draft = DecisionDraft(outcome="other_service", service_group="homeless", unit="KL-SA-WEL")
    if draft == "merge_stranger":  # the API once merged into any open case by id
        draft = DecisionDraft(outcome="merge", merge_case=_open_case_of_another_family(city).pk)
    if code == "no_route":
        rule_install(actor=city.principal(city.admin), kind="intake.routing",
                     effective_from=timezone.localdate(), content=[])  # fmt: skip
    report, _people = report_create(
        principal=city.principal(city.police), draft=_draft(channel="24")
    )
    decisions = ScreeningDecision.objects.count()
    error = _refused(code, lambda: decision_record(
        principal=city.principal(getattr(city, who)), report_id=report.pk, draft=draft))  # fmt: skip
    assert field is None or field in error.field_errors
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and ScreeningDecision.objects.count() == decisions
    assert not AuditEvent.objects.filter(action="decide", object_id=str(report.pk)).exists()


def test_the_screener_may_send_to_another_unit_than_the_routing_tables(city: City) -> None:
    decision = _screen(city, file_report(city), DecisionDraft(
        outcome="vulnerable_family", vulnerable_areas=["economic"], unit="KL-FWC-ZX"))  # fmt: skip
    assert Dispatch.objects.get(decision=decision).unit.code == "KL-FWC-ZX"
    # a case id on another outcome is ignored, even a stranger's that a merge could not take
    stranger = _open_case_of_another_family(city)
    stray = _screen(city, file_report(city), replace(FAMILY, merge_case=stranger.pk))
    assert stray.outcome == "vulnerable_family" and stray.merge_case_id is None


def test_a_filed_report_keeps_everything_it_was_given(city: City) -> None:
    draft = _draft(
        reporter_type="mandated_education", reporter_name="導師乙", reporter_phone="02-24221234",
        reporter_organisation="七堵國小", occurred_on=dt.date(2026, 11, 30),
        address="七堵區東新街12號", concerns=["child"], vulnerable_areas=list(VulnerableArea),
        narrative="學生多日未到校。", urgency="high",
        persons=[PersonDraft(role="victim", name="陳小華", id_number=national_id("C", "1", 2468013),
                             birth_date=dt.date(2015, 3, 4), sex="M")],
    )  # fmt: skip
    report, [entry] = report_create(principal=city.principal(city.screener), draft=draft)
    report.refresh_from_db()
    kept = {f: getattr(report, f) for f in ("reporter_type", "reporter_name", "reporter_phone",
                                            "reporter_organisation", "occurred_on", "address",
                                            "concerns", "vulnerable_areas", "narrative", "urgency")}  # fmt: skip
    assert kept == {f: (list(v) if isinstance(v, tuple | list) else v)
                    for f, v in vars(draft).items() if f in kept}  # fmt: skip
    assert entry.person is not None
    person = entry.person
    assert (person.name, person.id_number, person.birth_date, person.sex) == (
        "陳小華", national_id("C", "1", 2468013), dt.date(2015, 3, 4), "M")  # fmt: skip


def test_an_ipv_decision_keeps_every_tipvda_answer_and_the_score(city: City) -> None:
    report = file_report(city, concerns=("ipv",), areas=())
    decision = _screen(city, report, DecisionDraft(outcome="protection", protection_type="ipv",
                                                   tipvda_assessed=True, tipvda_items=[1, 3, 15]))  # fmt: skip
    assert decision.tipvda_score == 3
    assert [i + 1 for i, yes in enumerate(decision.tipvda_items) if yes] == [1, 3, 15]
    child = _screen(city, file_report(city, concerns=("child",), areas=()), CHILD)
    assert child.tipvda_items == [] and child.tipvda_score is None


def test_a_report_cannot_be_screened_twice(city: City) -> None:
    report = file_report(city)
    _screen(city, report)
    assert _refused("already_screened", lambda: _screen(city, report)).conflict


def test_a_report_merges_into_an_open_case_of_its_people(city: City) -> None:
    _dispatch, case = _accepted(city)
    report = file_report(city)  # the same family (林美玲)
    decision = _screen(city, report, DecisionDraft(outcome="merge", merge_case=case.pk))
    report.refresh_from_db()
    assert report.status == ReportStatus.MERGED and report.case_id == case.pk
    row = AuditEvent.objects.get(action="decide", object_id=str(report.pk))
    assert row.detail == {
        "decision": decision.pk,
        "outcome": "merge",
        "case": case.pk,
        "joined": [],
    }


def test_no_case_goes_to_review_by_a_desk_supervisor_only(city: City) -> None:
    report = file_report(city)
    decision = _screen(city, report, DecisionDraft(outcome="no_case", no_case_reason="查無事證"))
    assert decision.review_status == ReviewStatus.PENDING

    def review(who: str, approve: bool, note: str = "") -> Any:
        return lambda: decision_review(principal=city.principal(getattr(city, who)),
                                       decision_id=decision.pk, approve=approve, note=note)  # fmt: skip

    _refused("not_found", review("worker", True))
    _refused("forbidden", review("screener", True))
    _refused("invalid", review("supervisor", False))  # sending back needs a note
    review("supervisor", False, "請補充訪視資料")()
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED  # back in the queue, with the note
    reviewed = ScreeningDecision.objects.get(pk=decision.pk)
    assert (
        reviewed.review_note == "請補充訪視資料" and reviewed.review_status == ReviewStatus.REJECTED
    )
    assert reviewed.reviewed_by_id == city.supervisor.user_id and reviewed.reviewed_at is not None
    _refused("already_reviewed", review("supervisor", True))
    rows = AuditEvent.objects.filter(action="review", object_type="report",
                                     object_id=str(report.pk))  # fmt: skip
    assert [(r.actor_id, r.detail) for r in rows] == [
        (city.supervisor.user_id, {"decision": decision.pk, "approved": False})]  # fmt: skip


# --- answering a dispatch ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "worker", "code"),
    [
        ("other_worker", "worker", "not_found"),  # another unit's dispatch: not its to see
        ("police", "worker", "not_found"),
        ("screener", "worker", "forbidden"),  # the desk sees it and may not answer for the unit
        ("worker", "other_worker", "bad_worker"),  # a worker of another unit
        ("worker", "unit_supervisor", "bad_worker"),  # of the unit, but carries no cases
    ],
)
def test_accepting_is_refused_with_its_reason_and_opens_nothing(
    city: City, who: str, worker: str, code: str
) -> None:
    dispatch = _dispatched(city)
    _refused(code, lambda: dispatch_accept(principal=city.principal(getattr(city, who)),
                                           dispatch_id=dispatch.pk,
                                           worker_id=getattr(city, worker).pk))  # fmt: skip
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.PENDING and not Case.objects.exists()
    assert not AuditEvent.objects.filter(action="accept").exists()


def test_accepting_opens_one_case_and_repeating_it_returns_that_case(city: City) -> None:
    dispatch, case = _accepted(city)
    again = dispatch_accept(principal=city.principal(city.unit_supervisor),
                            dispatch_id=dispatch.pk, worker_id=city.worker.pk)  # fmt: skip
    assert again.pk == case.pk and case.lead_unit.code == "KL-FWC-QD" and case.members.count() == 1
    rows = AuditEvent.objects.filter(action="accept", object_type="dispatch",
                                     object_id=str(dispatch.pk))  # fmt: skip
    assert [r.detail for r in rows] == [{"report": dispatch.report_id, "case": case.pk}]
    accepted = Dispatch.objects.get(pk=dispatch.pk)
    assert accepted.responded_by_id == city.worker.user_id and accepted.responded_at is not None


def test_accepting_again_with_another_worker_is_a_conflict(city: City) -> None:
    from safetynet.agencies.models import Role
    from safetynet.agencies.services import staff_create

    second = staff_create(username="worker-b", password="x" * 12, display_name="乙社工",
                          unit=city.units["KL-FWC-QD"], role=Role.CASE_WORKER)  # fmt: skip
    dispatch, _case = _accepted(city)
    error = _refused("already_accepted", lambda: dispatch_accept(
        principal=city.principal(city.unit_supervisor), dispatch_id=dispatch.pk,
        worker_id=second.pk))  # fmt: skip
    assert error.conflict and Case.objects.get().worker_id == city.worker.pk


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_accepts_at_once_open_one_case(city: City) -> None:
    """The accept locks its dispatch (fetch_for_change): two clicks at once, from the worker and
    the unit supervisor, open one case and both answer with it. On PostgreSQL the lock is what
    holds this; SQLite's writers wait for each other anyway."""
    dispatch = _dispatched(city)
    answers: list[int] = []
    errors: list[str] = []
    start = threading.Barrier(2)

    def accept(who: str) -> None:
        try:
            start.wait()
            case = dispatch_accept(principal=city.principal(getattr(city, who)),
                                   dispatch_id=dispatch.pk, worker_id=city.worker.pk)  # fmt: skip
            answers.append(case.pk)
        except ServiceError as error:
            errors.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(w,)) for w in ("worker", "unit_supervisor")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    case = Case.objects.get()
    assert errors == [] and answers == [case.pk, case.pk]
    assert AuditEvent.objects.filter(action="accept", object_type="dispatch").count() == 1


def test_returning_needs_a_reason_and_is_the_receiving_units(city: City) -> None:
    received = timezone.now() - dt.timedelta(hours=30)
    dispatch = _dispatched(city, received_at=received)

    def give_back(who: str, reason: str) -> Any:
        return lambda: dispatch_return(principal=city.principal(getattr(city, who)),
                                       dispatch_id=dispatch.pk, reason=reason)  # fmt: skip

    _refused("not_found", give_back("other_worker", "x"))
    _refused("forbidden", give_back("screener", "x"))
    _refused("reason_required", give_back("worker", "  "))
    give_back("worker", "非轄區")()
    again = give_back("worker", "非轄區")()  # a retry answers as the first did
    assert again.status == DispatchStatus.RETURNED
    queue = list(report_queue(city.principal(city.screener), QueueFilters()))
    assert [r.pk for r in queue] == [dispatch.report_id]
    assert queue[0].grading_deadline == received + dt.timedelta(hours=24)  # the clock ran on
    assert queue[0].returns[0].return_reason == "非轄區"  # type: ignore[attr-defined]
    rows = AuditEvent.objects.filter(action="return", object_type="dispatch",
                                     object_id=str(dispatch.pk))  # fmt: skip
    assert [r.detail for r in rows] == [{"report": dispatch.report_id}]
    returned = Dispatch.objects.get(pk=dispatch.pk)
    assert returned.responded_by_id == city.worker.user_id and returned.responded_at is not None
    error = _refused("not_pending", lambda: dispatch_accept(
        principal=city.principal(city.worker), dispatch_id=dispatch.pk, worker_id=city.worker.pk))  # fmt: skip
    assert error.conflict


def test_an_answered_dispatch_cannot_be_answered_otherwise(city: City) -> None:
    dispatch, _case = _accepted(city)
    error = _refused("not_pending", lambda: dispatch_return(
        principal=city.principal(city.worker), dispatch_id=dispatch.pk, reason="x"))  # fmt: skip
    assert error.conflict


# --- closing a case ---------------------------------------------------------------------------


def test_only_the_lead_unit_closes_a_case(city: City) -> None:
    _dispatch, case = _accepted(city)
    _refused("not_found", lambda: case_close(principal=city.principal(city.other_worker),
                                             case_id=case.pk))  # fmt: skip
    _refused("forbidden", lambda: case_close(principal=city.principal(city.screener),
                                             case_id=case.pk))  # fmt: skip
    _refused("forbidden", lambda: case_close(principal=city.principal(city.worker),
                                             case_id=case.pk))  # fmt: skip
    assert Case.objects.get().status == CaseStatus.ASSESSMENT
    case_close(principal=city.principal(city.unit_supervisor), case_id=case.pk)
    case_close(principal=city.principal(city.unit_supervisor), case_id=case.pk)  # idempotent
    assert Case.objects.get().status == CaseStatus.NOT_OPENED
    assert AuditEvent.objects.filter(action="case.approve_open", object_type="case",
                                     object_id=str(case.pk)).count() == 1  # fmt: skip


# --- the queue and the figures ----------------------------------------------------------------


def test_queue_orders_overdue_first(city: City) -> None:
    now = timezone.now()
    fresh = file_report(city, received_at=now - dt.timedelta(hours=1))
    overdue = file_report(city, received_at=now - dt.timedelta(hours=30))
    queue = report_queue(city.principal(city.screener), QueueFilters())
    assert [r.pk for r in queue] == [overdue.pk, fresh.pk]
    assert not report_queue(city.principal(city.worker), QueueFilters()).exists()


def test_desk_stats_count_screening_within_24_hours(city: City) -> None:
    now = timezone.now()
    on_time = file_report(city, received_at=now - dt.timedelta(hours=50))
    late = file_report(city, received_at=now - dt.timedelta(hours=50))
    for report, hours in ((on_time, 40), (late, 10)):
        decision_record(principal=city.principal(city.screener), report_id=report.pk, draft=FAMILY,
                        at=now - dt.timedelta(hours=hours))  # fmt: skip
    stats = desk_stats(start=now - dt.timedelta(days=3), end=now, district=None)
    assert (stats.received, stats.screened_in_time, stats.dispatched) == (2, 1, 2)
    assert stats.in_time_share == 50.0


def test_a_report_cannot_merge_into_a_closed_case_of_its_family(city: City) -> None:
    _dispatch, case = _accepted(city)
    case_close(principal=city.principal(city.unit_supervisor), case_id=case.pk)
    report = file_report(city)  # the same family, whose case is closed now
    error = _refused("invalid", lambda: _screen(city, report, DecisionDraft(outcome="merge",
                                                                             merge_case=case.pk)))  # fmt: skip
    assert "merge_case" in error.field_errors
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED and report.case_id is None
