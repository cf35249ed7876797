"""The shell's pages as a new user found them (issue 10): the person's household, error pages in
the site's layout and language, and no raw code on any page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client, RequestFactory

from safetynet.audit.models import AuditEvent
from safetynet.intake.drafts import DecisionDraft, PersonDraft
from safetynet.intake.models import Dispatch
from safetynet.intake.services import decision_record, decision_review, dispatch_accept
from safetynet.people.models import Household, HouseholdMembership, Person
from tests.conftest import City, file_report, login_with_second_factor, national_id

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _family(city: City) -> dict[str, Any]:
    """林美玲's case at 七堵; she lives with her son (also in the report) and her mother (not)."""
    son = PersonDraft(role="child", name="林小宇", id_number=national_id("C", "1", 2345678),
                      birth_date=dt.date(2015, 6, 1), sex="M")  # fmt: skip
    mother = Person.objects.create(name="林阿嬤", name_normalised="林阿嬤",
                                   birth_date=dt.date(1950, 2, 3))  # fmt: skip
    report = file_report(city, persons=[
        PersonDraft(role="victim", name="林美玲", id_number=national_id("C", "2", 1234567)), son])  # fmt: skip
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    case = dispatch_accept(principal=city.principal(city.worker),
                           dispatch_id=Dispatch.objects.get().pk, worker_id=city.worker.pk)  # fmt: skip
    her, his = (e.person_id for e in report.people.order_by("pk"))
    assert her is not None and his is not None
    home = Household.objects.create(code="H-T-1", street="東新街", number="12")
    for person_id, relationship in ((her, "head"), (his, "child"), (mother.pk, "parent")):
        HouseholdMembership.objects.create(household=home, person_id=person_id,
                                           relationship=relationship, start=dt.date(2020, 1, 1))  # fmt: skip
    gone = Person.objects.create(name="林前夫", name_normalised="林前夫")
    HouseholdMembership.objects.create(household=home, person=gone, relationship="spouse",
                                       start=dt.date(2010, 1, 1), end=dt.date(2019, 1, 1))  # fmt: skip
    return {"report": report, "case": case, "her": her, "son": his, "mother": mother.pk,
            "gone": gone.pk}  # fmt: skip


# --- 6. the person page -----------------------------------------------------------------------


def test_the_person_page_lists_the_household_each_linking_where_the_viewer_may_go(
    city: City,
) -> None:
    family = _family(city)
    page = city.client_for(city.worker).get(f"/people/{family['her']}/").content.decode()
    assert f'href="/people/{family["son"]}/"' in page and "林小宇" in page  # in the worker's case
    assert "林阿嬤" in page and f'href="/people/{family["mother"]}/"' not in page  # not theirs
    assert "林前夫" not in page  # moved out
    desk = city.client_for(city.screener).get(f"/people/{family['her']}/").content.decode()
    assert f'href="/people/{family["mother"]}/"' in desk  # the desk may look anyone up
    row = AuditEvent.objects.filter(action="read", object_type="person").first()
    assert row is not None and row.detail["housemates"] == sorted([family["son"], family["mother"]])


def test_the_person_page_lists_the_cases_with_service_unit_status_and_worker(city: City) -> None:
    family = _family(city)
    page = _text(city.client_for(city.worker).get(f"/people/{family['son']}/").content.decode())
    assert family["case"].number in page
    for label in ("脆弱家庭", "七堵社福中心", "評估中", "worker", "主責單位", "社工"):
        assert label in page, label


# --- 5. error pages and raw codes -------------------------------------------------------------


def test_a_missing_page_is_in_chinese_in_the_sites_layout(city: City) -> None:
    response = city.client_for(city.worker).get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "找不到" in page and 'aria-label="主選單"' in page
    assert 'href="/inbox/"' in page  # the navigation of the viewer


def test_forbidden_and_server_errors_are_in_chinese_in_the_sites_layout(city: City) -> None:
    from django.contrib.auth.models import AnonymousUser

    from safetynet.web import views

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    forbidden = views.permission_denied(request).content.decode()
    assert "沒有權限" in forbidden and 'href="/"' in forbidden and "<header" in forbidden
    error = views.server_error(request)
    assert error.status_code == 500 and "系統發生錯誤" in error.content.decode()
    assert "<header" in error.content.decode()


def test_a_server_error_page_that_cannot_be_drawn_is_still_in_chinese(
    city: City, monkeypatch: Any
) -> None:
    from safetynet.web import views

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database is down")

    monkeypatch.setattr(views, "render", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "系統發生錯誤" in response.content.decode()


def test_a_form_sent_without_its_token_is_answered_in_chinese(city: City) -> None:
    client = Client(enforce_csrf_checks=True)
    login_with_second_factor(client, city.police.user)
    response = client.post("/reports/new/", {})
    assert response.status_code == 403 and "表單已逾時" in response.content.decode()


def test_the_word_reports_means_the_reports_not_their_count(city: City) -> None:
    family = _family(city)
    page = city.client_for(city.worker).get(f"/cases/{family['case'].pk}/").content.decode()
    assert "<h2>本案通報</h2>" in page and "<h2>通報數</h2>" not in page


# A code is lower-case ASCII joined by "_" or ":" (protection:child, vulnerable_family) or one
# of the role and status words a page could print raw.
RAW = re.compile(r"\b[a-z]+(?:[_:][a-z]+)+\b|\b(?:victim|perpetrator|household|received|"
                 r"dispatched|accepted|merged|pending|returned|open|closed|normal|immediate)\b")  # fmt: skip


def test_no_page_prints_a_raw_code(city: City) -> None:
    family = _family(city)
    again = file_report(city, concerns=("child",))
    decision = decision_record(principal=city.principal(city.screener), report_id=again.pk,
                               draft=DecisionDraft(outcome="no_case", no_case_reason="查無"))  # fmt: skip
    decision_review(principal=city.principal(city.supervisor), decision_id=decision.pk,
                    approve=False, note="請補充")  # fmt: skip
    dispatch = Dispatch.objects.get()
    pages = {
        city.screener: ["/queue/", f"/reports/{again.pk}/decide/", f"/reports/{again.pk}/",
                        f"/reports/{family['report'].pk}/", f"/people/{family['her']}/",
                        f"/dispatches/{dispatch.pk}/", "/"],
        city.worker: [f"/reports/{family['report'].pk}/", f"/people/{family['son']}/",
                      f"/cases/{family['case'].pk}/", "/inbox/", "/"],
        city.police: ["/reports/mine/", "/reports/new/", "/"],
    }  # fmt: skip
    for staff, urls in pages.items():
        client = city.client_for(staff)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found = RAW.findall(_text(response.content.decode()))
            assert not found, (staff.user.username, url, found)
