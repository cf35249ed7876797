"""社安網 2.0's investigation stage: dated (reports from 2026-01-01), an investigator of the
centre visits and reports before the decision, whose outcome closes the investigation."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.investigations import (
    investigation_report,
    investigation_start,
    investigation_visit,
)
from safetynet.intake.models import Dispatch, Investigation, ReportStatus
from safetynet.intake.services import decision_record
from tests.conftest import City, file_report, refused

CHILD = DecisionDraft(outcome="protection", protection_type="child", cp_grade=2, cp_type=1,
                      sdm_safety="safe_with_plan")  # fmt: skip


def test_reports_before_115_follow_the_old_flow(city: City) -> None:
    old = file_report(city, received_at=dt.datetime(2025, 12, 31, 10, tzinfo=dt.UTC))
    assert refused("old_flow", lambda: investigation_start(
        principal=city.principal(city.screener), report_id=old.pk,
        investigator_id=city.supervisor.pk)).conflict  # fmt: skip


def test_an_investigation_reports_before_the_decision_which_is_its_outcome(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    desk = city.principal(city.screener)
    refused("bad_investigator", lambda: investigation_start(principal=desk, report_id=report.pk,
                                                            investigator_id=city.worker.pk))  # fmt: skip
    refused("not_found", lambda: investigation_start(principal=city.principal(city.worker),
                                                     report_id=report.pk,
                                                     investigator_id=city.supervisor.pk))  # fmt: skip
    item = investigation_start(principal=desk, report_id=report.pk,
                               investigator_id=city.supervisor.pk)  # fmt: skip
    report.refresh_from_db()
    assert report.status == ReportStatus.INVESTIGATING and report.screened_at is not None
    assert refused("investigating", lambda: decision_record(principal=desk, report_id=report.pk,
                                                            draft=CHILD)).conflict  # fmt: skip
    lead = city.principal(city.supervisor)
    refused("forbidden", lambda: investigation_visit(principal=desk, investigation_id=item.pk,
                                                     version=1, visited_at=timezone.now(), note="x"))  # fmt: skip
    refused("not_visited", lambda: investigation_report(principal=lead, investigation_id=item.pk,
                                                        version=1, findings="x"))  # fmt: skip
    refused("invalid", lambda: investigation_visit(principal=lead, investigation_id=item.pk,
                                                   version=1, visited_at=timezone.now(), note=" "))  # fmt: skip
    investigation_visit(principal=lead, investigation_id=item.pk, version=1,
                        visited_at=timezone.now() - dt.timedelta(hours=3), note="家訪，兒少在家")  # fmt: skip
    investigation_report(
        principal=lead, investigation_id=item.pk, version=2, findings="傷勢明確，需保護"
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED
    refused("invalid", lambda: decision_record(
        principal=desk, report_id=report.pk,
        draft=DecisionDraft(outcome="other_service", service_group="drugs")))  # fmt: skip
    decision_record(principal=desk, report_id=report.pk, draft=CHILD)
    assert Dispatch.objects.filter(report=report, unit__code="KL-DV").exists()
    item.refresh_from_db()
    assert item.outcome == "open_protection" and item.concluded_at is not None
    assert {"investigate", "investigate.visit", "investigate.report"} <= set(
        AuditEvent.objects.values_list("action", flat=True))  # fmt: skip


def test_the_pages_offer_and_show_the_investigation(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    desk = city.client_for(city.screener)
    page = desk.get(f"/reports/{report.pk}/decide/").content.decode()
    assert "開案前實地調查" in page
    assert desk.post(f"/reports/{report.pk}/investigate/",
                     {"investigator": city.supervisor.pk}).status_code == 302  # fmt: skip
    item = Investigation.objects.get()
    lead = city.client_for(city.supervisor)
    assert "儲存訪視" in lead.get(f"/investigations/{item.pk}/").content.decode()
    assert city.client_for(city.worker).get(f"/investigations/{item.pk}/").status_code == 404


def test_the_high_danger_meeting_list_takes_tipvda_at_the_cut_off(city: City) -> None:
    desk = city.principal(city.screener)
    high = file_report(city, concerns=("ipv",), areas=())
    low = file_report(city, concerns=("ipv",), areas=())
    for report, items in ((high, list(range(1, 9))), (low, [1, 2, 3])):
        decision_record(principal=desk, report_id=report.pk, draft=DecisionDraft(
            outcome="protection", protection_type="ipv", tipvda_assessed=True,
            tipvda_items=items))  # fmt: skip
    page = city.client_for(city.screener).get("/meetings/high-danger/").content.decode()
    assert high.number in page and low.number not in page
    assert (
        high.number
        in city.client_for(city.dv_worker).get("/meetings/high-danger/").content.decode()
    )
    for nobody in (city.police, city.worker):
        assert city.client_for(nobody).get("/meetings/high-danger/").status_code == 404
    odd = city.client_for(city.screener).get("/meetings/high-danger/?month=2026-13")
    assert odd.status_code == 200 and "請選擇月份" in odd.content.decode()


def test_the_vulnerable_family_factor_list_is_dated(city: City) -> None:
    desk = city.principal(city.screener)
    new = file_report(city)
    old = file_report(city, received_at=dt.datetime(2025, 6, 30, 10, tzinfo=dt.UTC))
    draft = DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["child_development"],
                          factor_codes=["child_carer"])  # fmt: skip
    # Before the 114-07-01 revision the factor did not exist.
    assert "factor_codes" in refused("invalid", lambda: decision_record(
        principal=desk, report_id=old.pk, draft=draft)).field_errors  # fmt: skip
    refused("invalid", lambda: decision_record(principal=desk, report_id=new.pk, draft=DecisionDraft(
        outcome="vulnerable_family", vulnerable_areas=["economic"], factor_codes=["made_up"])))  # fmt: skip
    decision = decision_record(principal=desk, report_id=new.pk, draft=draft)
    assert decision.factor_codes == ["child_carer"]
    page = city.client_for(city.screener).get(f"/reports/{file_report(city).pk}/decide/")
    assert "兒少擔任家庭照顧者 (高風險)" in page.content.decode()
    dispatch = Dispatch.objects.get(decision=decision)
    unit_page = city.client_for(city.worker).get(f"/dispatches/{dispatch.pk}/").content.decode()
    assert "兒少擔任家庭照顧者" in unit_page and "child_carer" not in unit_page
