"""A page's read row names the secondary data it shows: the decision page's merge choices and
their members, the decision under review, the investigation (docs/security.md, "Audit"). The
case page's members and reports, the person page's household and housemates are checked where
those pages are tested (tests/cases, tests/web)."""

from __future__ import annotations

import pytest

from safetynet.audit.models import AuditEvent
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.models import Investigation
from safetynet.intake.services import decision_record
from tests.conftest import City, file_report
from tests.intake.test_pages import _open_case

pytestmark = pytest.mark.django_db


def read_row(report_id: int) -> AuditEvent:
    return AuditEvent.objects.filter(action="read", object_type="report",
                                     object_id=str(report_id)).latest("pk")  # fmt: skip


def test_the_decision_page_names_the_open_cases_offered_and_their_members(city: City) -> None:
    case = _open_case(city)
    report = file_report(city)
    page = city.client_for(city.screener).get(f"/reports/{report.pk}/decide/")
    assert page.status_code == 200
    detail = read_row(report.pk).detail
    members = sorted(case.members.values_list("person_id", flat=True))
    assert detail["merge_cases"] == [case.pk] and detail["merge_members"] == members and members


def test_the_report_page_names_no_merge_choices(city: City) -> None:
    _open_case(city)
    report = file_report(city)
    city.client_for(city.screener).get(f"/reports/{report.pk}/")
    assert "merge_cases" not in read_row(report.pk).detail


def test_the_review_page_names_the_decision_under_review(city: City) -> None:
    report = file_report(city)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=DecisionDraft(outcome="no_case", no_case_reason="查無事證"))  # fmt: skip
    page = city.client_for(city.supervisor).get(f"/reviews/{decision.pk}/")
    assert page.status_code == 200
    assert read_row(report.pk).detail["decision"] == decision.pk


def test_the_investigation_page_names_the_investigation(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    desk = city.client_for(city.screener)
    desk.post(f"/reports/{report.pk}/investigate/", {"investigator": city.supervisor.pk})
    item = Investigation.objects.get()
    assert city.client_for(city.supervisor).get(f"/investigations/{item.pk}/").status_code == 200
    assert read_row(report.pk).detail["investigation"] == item.pk
