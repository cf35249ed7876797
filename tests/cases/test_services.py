"""Case management's services: the life cycle, contacts, reports and schedules — every guard is
refused with a code and a message in the user's language, and a refusal changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safetynet.agencies.models import Role, Staff
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.due import dues
from safetynet.cases.models import Case, CaseEvent, CaseStatus, Contact, ContactRevision
from safetynet.cases.services import (
    ContactDraft,
    StepDraft,
    case_close,
    case_record_report,
    case_set_schedule,
    case_step,
    contact_edit,
    contact_record,
)
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.models import Dispatch
from safetynet.intake.services import decision_record, dispatch_accept
from tests.conftest import City, file_report, refused

FAMILY = DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"])
CHILD = DecisionDraft(outcome="protection", protection_type="child", cp_grade=1, cp_type=1,
                      sdm_safety="unsafe")  # fmt: skip


def accepted(
    city: City, draft: DecisionDraft = FAMILY, staff: Staff | None = None, **report: object
) -> Case:
    filed = file_report(city, concerns=("child",) if draft is CHILD else (), **report)  # type: ignore[arg-type]
    decision = decision_record(principal=city.principal(city.screener), report_id=filed.pk,
                               draft=draft)  # fmt: skip
    dispatch = Dispatch.objects.get(decision=decision)
    staff = staff or (city.dv_worker if draft is CHILD else city.worker)
    return dispatch_accept(principal=city.principal(staff), dispatch_id=dispatch.pk,
                           worker_id=staff.pk)  # fmt: skip


def step(
    city: City, who: object, case: Case, name: str, reason: str = "", decision: str = ""
) -> Case:
    case.refresh_from_db()
    return case_step(principal=city.principal(who), case_id=case.pk, step=name,  # type: ignore[arg-type]
                     draft=StepDraft(case.version, reason, decision))  # fmt: skip


def audited(case: Case, action: str) -> int:
    return AuditEvent.objects.filter(
        action=action, object_type="case", object_id=str(case.pk)
    ).count()


def test_an_accepted_dispatch_opens_a_case_in_assessment_with_its_programme(city: City) -> None:
    case = accepted(city)
    assert case.status == CaseStatus.ASSESSMENT and case.programme == "vulnerable_family"
    report = case.reports.get()
    assert case.received_at == report.received_at
    assert case.schedule_start == timezone.localdate(report.received_at)
    assert list(case.events.values_list("status_to", flat=True)) == [CaseStatus.ASSESSMENT]


def test_the_life_cycle_walks_the_ministrys_statuses_and_keeps_every_step(city: City) -> None:
    case = accepted(city)
    w, s = city.worker, city.unit_supervisor
    assert step(city, w, case, "propose_open", "評估後開案", "Y").status == CaseStatus.OPEN_REVIEW
    refused("forbidden", lambda: step(city, w, case, "approve_open"))
    assert step(city, s, case, "approve_open").status == CaseStatus.SERVICE
    assert step(city, w, case, "follow_up").status == CaseStatus.FOLLOW_UP
    assert step(city, w, case, "request_close", "目標達成").status == CaseStatus.CLOSE_REVIEW
    # Returned: back to where it was asked from (follow-up).
    assert step(city, s, case, "return_close", "再追蹤").status == CaseStatus.FOLLOW_UP
    assert step(city, w, case, "resume").status == CaseStatus.SERVICE
    step(city, w, case, "request_close", "目標達成")
    closed = step(city, s, case, "approve_close")
    assert closed.status == CaseStatus.CLOSED and closed.closed_at is not None
    reopened = step(city, w, case, "reopen", "再度危機")
    assert reopened.status == CaseStatus.ASSESSMENT and reopened.closed_at is None
    assert reopened.open_decision == ""
    history = list(case.events.values_list("status_from", "status_to", "kind"))
    assert len(history) == 10 and history[0] == ("", "F", "status")
    assert ("E", "D", "returned") in history
    for action in ("case.propose_open", "case.approve_open", "case.follow_up", "case.resume",
                   "case.return_close", "case.approve_close", "case.reopen"):  # fmt: skip
        assert audited(case, action) == 1, action
    assert audited(case, "case.request_close") == 2
    event = case.events.get(status_to=CaseStatus.OPEN_REVIEW)
    assert (event.code, event.reason, event.by) == ("Y", "評估後開案", w)


def test_a_decision_not_to_open_ends_the_case(city: City) -> None:
    case = accepted(city)
    step(city, city.worker, case, "propose_open", "無需服務", "N")
    ended = step(city, city.unit_supervisor, case, "approve_open")
    assert ended.status == CaseStatus.NOT_OPENED and ended.closed_at is not None
    assert ended.open_decision == "N"


def test_returning_an_open_decision_goes_back_to_assessment(city: City) -> None:
    case = accepted(city)
    step(city, city.worker, case, "propose_open", "短期服務", "S")
    assert step(city, city.unit_supervisor, case, "return_open", "再評估").status == "F"
    refused("invalid", lambda: step(city, city.unit_supervisor, case, "return_open"))


def test_refused_steps_change_nothing(city: City) -> None:
    case = accepted(city)
    version = case.version

    def unchanged() -> None:
        fresh = Case.objects.get(pk=case.pk)
        assert (fresh.status, fresh.version) == (CaseStatus.ASSESSMENT, version)
        assert fresh.events.count() == 1

    error = refused("invalid", lambda: step(city, city.worker, case, "propose_open", "", "Y"))
    assert "reason" in error.field_errors
    error = refused("invalid", lambda: step(city, city.worker, case, "propose_open", "x", "Q"))
    assert "decision" in error.field_errors
    refused("invalid", lambda: step(city, city.worker, case, "propose_open", "x\x00", "Y"))
    refused("invalid", lambda: step(city, city.worker, case, "propose_open", "長" * 4001, "Y"))
    refused("invalid", lambda: step(city, city.worker, case, "teleport"))
    assert refused("wrong_status", lambda: step(city, city.worker, case, "follow_up")).conflict
    refused("not_found", lambda: step(city, city.other_worker, case, "propose_open", "x", "Y"))
    refused("forbidden", lambda: step(city, city.screener, case, "propose_open", "x", "Y"))
    refused("not_found", lambda: step(city, city.police, case, "propose_open", "x", "Y"))
    stale = refused("stale", lambda: case_step(
        principal=city.principal(city.worker), case_id=case.pk, step="propose_open",
        draft=StepDraft(version + 1, "x", "Y")))  # fmt: skip
    assert stale.conflict
    unchanged()
    assert not AuditEvent.objects.filter(action__startswith="case.").exists()


def test_a_supervisor_closes_at_once_and_again_changes_nothing(city: City) -> None:
    case = accepted(city)
    refused("forbidden", lambda: case_close(principal=city.principal(city.worker), case_id=case.pk))
    step(city, city.worker, case, "propose_open", "開案", "Y")
    ended = case_close(principal=city.principal(city.unit_supervisor), case_id=case.pk, reason="x")
    assert ended.status == CaseStatus.NOT_OPENED
    case_close(principal=city.principal(city.unit_supervisor), case_id=case.pk)
    assert Case.objects.get(pk=case.pk).events.count() == 5  # F, I, returned F, I(N), N

    served = accepted(city)
    step(city, city.worker, served, "propose_open", "開案", "Y")
    step(city, city.unit_supervisor, served, "approve_open")
    closed = case_close(principal=city.principal(city.unit_supervisor), case_id=served.pk)
    assert closed.status == CaseStatus.CLOSED


# --- contacts ------------------------------------------------------------------------------------


def visit(**kwargs: object) -> ContactDraft:
    # Now, not an hour ago: a case's windows start on the local day it was received, and an hour
    # ago is yesterday between midnight and one in Taipei.
    values: dict[str, object] = {"at": timezone.now(), "method": "B",
                                 "target": "0", "place": "案家", "notes": "家訪"}  # fmt: skip
    return ContactDraft(**{**values, **kwargs})  # type: ignore[arg-type]


def test_a_contact_is_recorded_by_the_lead_unit_and_audited(city: City) -> None:
    case = accepted(city)
    joint = [city.units["KL-MHC"].pk, case.lead_unit_id]
    contact = contact_record(principal=city.principal(city.worker), case_id=case.pk,
                             draft=visit(joint_unit_ids=joint))  # fmt: skip
    assert list(contact.joint_units.values_list("code", flat=True)) == ["KL-MHC"]
    event = AuditEvent.objects.get(action="contact.record")
    assert (event.object_id, event.detail) == (str(case.pk), {"contact": contact.pk})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"method": "Q"}, "method"),
        ({"target": "42"}, "target"),
        ({"at": timezone.now() + dt.timedelta(days=1)}, "at"),
        ({"notes": "a\x00b"}, "notes"),
        ({"place": "x" * 101}, "place"),
        ({"joint_unit_ids": [999999]}, "joint_units"),
    ],
)
def test_a_bad_contact_is_refused_field_by_field(
    city: City, change: dict[str, object], field: str
) -> None:
    case = accepted(city)
    error = refused("invalid", lambda: contact_record(principal=city.principal(city.worker),
                                                      case_id=case.pk, draft=visit(**change)))  # fmt: skip
    assert field in error.field_errors
    assert not Contact.objects.exists()


def test_only_the_lead_unit_records_contacts(city: City) -> None:
    case = accepted(city)
    refused("not_found", lambda: contact_record(principal=city.principal(city.other_worker),
                                                case_id=case.pk, draft=visit()))  # fmt: skip
    refused("forbidden", lambda: contact_record(principal=city.principal(city.screener),
                                                case_id=case.pk, draft=visit()))  # fmt: skip
    assert not Contact.objects.exists()


def test_an_edit_after_seven_days_keeps_the_earlier_version(city: City) -> None:
    case = accepted(city)
    p = city.principal(city.worker)
    contact = contact_record(principal=p, case_id=case.pk, draft=visit(notes="初版"))
    contact_edit(principal=p, contact_id=contact.pk, version=1, draft=visit(notes="當日更正"))
    assert not ContactRevision.objects.exists()
    later = timezone.now() + dt.timedelta(days=8)
    edited = contact_edit(principal=p, contact_id=contact.pk, version=2,
                          draft=visit(notes="八日後更正"), now=later)  # fmt: skip
    revision = ContactRevision.objects.get()
    assert (revision.version, revision.content["notes"]) == (2, "當日更正")
    assert (edited.version, edited.notes) == (3, "八日後更正")
    assert refused("stale", lambda: contact_edit(principal=p, contact_id=contact.pk, version=2,
                                                  draft=visit())).conflict  # fmt: skip
    refused("not_found", lambda: contact_edit(principal=city.principal(city.other_worker),
                                              contact_id=contact.pk, version=3, draft=visit()))  # fmt: skip
    refused("forbidden", lambda: contact_edit(principal=city.principal(city.screener),
                                              contact_id=contact.pk, version=3, draft=visit()))  # fmt: skip
    assert Contact.objects.get().notes == "八日後更正"
    case_close(principal=city.principal(city.unit_supervisor), case_id=case.pk)
    refused("wrong_status", lambda: contact_record(principal=p, case_id=case.pk, draft=visit()))
    refused("wrong_status", lambda: case_record_report(principal=p, case_id=case.pk,
                                                       clock="assessment_report", summary="x"))  # fmt: skip
    assert Contact.objects.count() == 1
    assert AuditEvent.objects.filter(action="contact.edit").count() == 2


# --- reports, schedules and what is due ------------------------------------------------------


def test_a_written_report_stops_its_clock(city: City) -> None:
    case = accepted(city)
    (due,) = dues([case])
    (clock,) = due.clocks
    assert (clock.clock, clock.status, clock.done_at) == ("assessment_report", "due", None)
    p = city.principal(city.worker)
    refused("invalid", lambda: case_record_report(principal=p, case_id=case.pk,
                                                  clock="face_to_face", summary="x"))  # fmt: skip
    refused("invalid", lambda: case_record_report(principal=p, case_id=case.pk,
                                                  clock="assessment_report", summary=" "))  # fmt: skip
    refused("forbidden", lambda: case_record_report(principal=city.principal(city.screener),
                                                    case_id=case.pk, clock="assessment_report",
                                                    summary="x"))  # fmt: skip
    case_record_report(principal=p, case_id=case.pk, clock="assessment_report", summary="評估")
    (due,) = dues([case])
    assert due.clocks[0].status == "met"
    assert audited(case, "case.report") == 1


def test_a_grade_1_child_protection_case_must_be_seen_within_24_hours(city: City) -> None:
    received = timezone.now() - dt.timedelta(hours=30)
    case = accepted(city, CHILD, received_at=received)
    (due,) = dues([case])
    clocks = {c.clock: c for c in due.clocks}
    assert set(clocks) == {"face_to_face", "investigation_report"}
    assert clocks["face_to_face"].due == received + dt.timedelta(hours=24)
    assert clocks["face_to_face"].status == "overdue"
    contact_record(principal=city.principal(city.dv_worker), case_id=case.pk,
                   draft=visit(at=received + dt.timedelta(hours=20)))  # fmt: skip
    (due,) = dues([case])
    assert {c.clock: c.status for c in due.clocks}["face_to_face"] == "met"


def test_the_vulnerable_family_home_visit_window_is_met_by_a_visit(city: City) -> None:
    case = accepted(city)
    (due,) = dues([case])
    (window,) = due.windows
    assert (window.window.method, window.status) == ("B", "due")
    contact_record(principal=city.principal(city.worker), case_id=case.pk, draft=visit(method="A"))
    assert dues([case])[0].windows[0].status == "due"  # a call is not a home visit
    contact_record(principal=city.principal(city.worker), case_id=case.pk, draft=visit())
    assert dues([case])[0].windows[0].status == "met"


def test_a_drug_case_gets_its_category_and_schedule(city: City) -> None:
    manager = staff_create(username="drugs", password="x" * 12, display_name="drugs",
                           unit=city.units["KL-DRUG"], role=Role.DRUG_CASE_MANAGER)  # fmt: skip
    case = accepted(city, DecisionDraft(outcome="other_service", service_group="drugs"), manager)
    assert case.programme == "drug"
    p = city.principal(manager)
    start = timezone.localdate() - dt.timedelta(days=40)
    error = refused("invalid", lambda: case_set_schedule(principal=p, case_id=case.pk,
                                                         version=case.version, category="9",
                                                         schedule_start=start))  # fmt: skip
    assert "category" in error.field_errors
    refused("invalid", lambda: case_set_schedule(principal=p, case_id=case.pk, version=case.version,
                                                 category="1",
                                                 schedule_start=start.replace(year=start.year - 5)))  # fmt: skip
    refused("stale", lambda: case_set_schedule(principal=p, case_id=case.pk, version=99,
                                               category="1", schedule_start=start))  # fmt: skip
    refused("forbidden", lambda: case_set_schedule(principal=city.principal(city.screener),
                                                   case_id=case.pk, version=case.version,
                                                   category="1", schedule_start=start))  # fmt: skip
    set_up = case_set_schedule(principal=p, case_id=case.pk, version=case.version, category="1",
                               schedule_start=start)  # fmt: skip
    assert set_up.schedule_code == "drug:1"
    (due,) = dues([set_up])
    first = [w for w in due.windows if w.window.first == 1]
    assert sorted((w.window.method, w.window.required, w.status) for w in first) == [
        ("A", 2, "overdue"),
        ("B", 1, "overdue"),
    ]
    assert audited(case, "case.schedule") == 1
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_a_joint_visit_counts_for_each_units_case_of_the_family(city: City) -> None:
    received = timezone.now() - dt.timedelta(hours=30)
    protection = accepted(city, CHILD, received_at=received)  # 家防中心: seen within 24 h
    # 七堵社福中心, the same family, reported at the same time: a home visit within 10 days.
    family = accepted(city, received_at=received)
    p = city.principal(city.worker)
    seen = received + dt.timedelta(hours=20)
    # A visit with another unit (the mental-health centre) does not count for 家防中心's case.
    contact_record(principal=p, case_id=family.pk,
                   draft=visit(at=seen, joint_unit_ids=[city.units["KL-MHC"].pk]))  # fmt: skip
    clocks = {c.clock: c.status for c in dues([protection])[0].clocks}
    assert clocks["face_to_face"] == "overdue"
    # With the 家防中心 worker present (共訪) it counts for both cases.
    contact_record(principal=p, case_id=family.pk,
                   draft=visit(at=seen, joint_unit_ids=[city.units["KL-DV"].pk]))  # fmt: skip
    clocks = {c.clock: c.status for c in dues([protection])[0].clocks}
    assert clocks["face_to_face"] == "met"
    assert dues([family])[0].windows[0].status == "met"
    # A city-wide list (over a thousand cases) finds it the other way round.
    from safetynet.cases.due import _joint_contacts

    many = sorted({*range(10_000, 11_001), protection.pk})
    assert [row[0] for row in _joint_contacts(many)] == [protection.pk]
