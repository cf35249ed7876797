"""Need-to-know in a real Chromium: a worker outside the case breaks the glass with a reason and
reads it under a banner; the auditor reviews it with the pages seen; a co-working unit reads the
summary; a shelter's address is masked until the unit's supervisor approves a request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.cases.handoffs import handoff_answer, handoff_send
from safetynet.cases.models import BreakGlass
from safetynet.people.models import AddressDisclosure, Household, HouseholdMembership
from tests.cases.test_services import accepted
from tests.conftest import PASSWORD, City
from tests.web.test_browser import CHROMIUM, _current_code, _login, _logout, _shot
from tests.web.test_browser import browser_page as browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (CI installs it)"),
]


def test_break_the_glass_and_its_review(browser_page: Any, live_server: Any, settings: Any,
                                        city: City) -> None:  # fmt: skip
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff_create(username="zr", password=PASSWORD, display_name="zr",
                 unit=city.units["KL-FWC-ZR"], role=Role.CASE_WORKER)  # fmt: skip
    staff_create(username="zrhead", password=PASSWORD, display_name="zrhead",
                 unit=city.units["KL-FWC-ZR"], role=Role.SUPERVISOR)  # fmt: skip
    case = accepted(city)
    page, base = browser_page, live_server.url

    _login(page, base, "zr")
    assert page.goto(f"{base}/cases/{case.pk}/").status == 404
    page.goto(f"{base}/cases/{case.pk}/breakglass/")
    # The second factor again before a break-the-glass.
    page.wait_for_url(lambda url: "/reauthenticate/" in url)
    _shot(page, "access-00-breakglass-reauthenticate")
    page.locator("input[name=code]").fill(_current_code("zr"))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: url.endswith(f"/cases/{case.pk}/breakglass/"))
    page.get_by_label("為何必須立即檢視此個案").fill("太短")
    page.get_by_role("button", name="緊急調閱此案").click()
    page.get_by_text("至少 15 個字").first.wait_for()
    _shot(page, "access-01-breakglass-form-error")
    page.get_by_label("為何必須立即檢視此個案").fill("夜間接獲求助電話，須立即確認家庭狀況與聯絡人")
    page.get_by_role("button", name="緊急調閱此案").click()
    page.get_by_text("您在單位關係之外檢視此個案").wait_for()
    _shot(page, "access-02-case-under-breakglass")
    _logout(page)

    _login(page, base, "zrhead")
    page.get_by_role("link", name="緊急調閱審查").first.click()
    _shot(page, "access-03-review-list-supervisor")
    _logout(page)

    _login(page, base, "auditor")
    page.get_by_role("link", name="緊急調閱審查").first.click()
    page.locator("table.list tbody a").first.click()
    page.get_by_text("期間開啟的頁面與紀錄").wait_for()
    _shot(page, "access-04-review-auditor")
    page.get_by_role("radio", name="不正當").check()
    page.get_by_role("button", name="記錄審查結果").click()
    page.get_by_text("說明").first.wait_for()
    page.get_by_label("說明（不正當時必填）").fill("非緊急，應以轉介處理")
    page.get_by_role("radio", name="不正當").check()
    page.get_by_role("button", name="記錄審查結果").click()
    page.get_by_text("審查結果已記錄").wait_for()
    _shot(page, "access-05-reviewed")
    grant = BreakGlass.objects.get()
    assert grant.justified is False and grant.reviewed_by_id == city.auditor.pk


def test_summary_for_a_co_worker_and_a_masked_shelter_address(
    browser_page: Any, live_server: Any, settings: Any, city: City
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    case = accepted(city)
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="cowork",
                        note="請協同", to_unit_id=city.units["KL-DV"].pk)  # fmt: skip
    handoff_answer(principal=city.principal(city.dv_worker), handoff_id=sent.pk, version=1,
                   status="accepted")  # fmt: skip
    member = case.members.first()
    assert member is not None
    shelter = Household.objects.create(code="H-SHELTER", street="東新街", number="12",
                                       confidential="shelter")  # fmt: skip
    HouseholdMembership.objects.create(household=shelter, person_id=member.person_id,
                                       relationship="head", start=dt.date(2020, 1, 1))  # fmt: skip
    page, base = browser_page, live_server.url

    _login(page, base, "dv")
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_text("您看到的是摘要").wait_for()
    _shot(page, "access-06-case-summary-cowork")
    _logout(page)

    _login(page, base, "worker")
    page.goto(f"{base}/people/{member.person_id}/")
    page.get_by_text("保密地址").first.wait_for()
    page.locator("summary", has_text="請求揭露此地址").click()
    page.get_by_label("為何必須知道").fill("需將孩子的藥品送至安置處所")
    page.get_by_role("button", name="提出申請").click()
    page.get_by_text("正等待第二人核准").wait_for()
    _shot(page, "access-07-person-address-asked")
    _logout(page)

    _login(page, base, "fwcsupervisor")
    page.get_by_role("link", name="保密地址").first.click()
    _shot(page, "access-08-address-requests")
    page.get_by_role("button", name="決定").first.click()
    page.get_by_text("決定已記錄").wait_for()
    _logout(page)

    _login(page, base, "worker")
    page.goto(f"{base}/people/{member.person_id}/")
    page.get_by_text("東新街12號").wait_for()
    _shot(page, "access-09-person-address-shown")
    assert AddressDisclosure.objects.get().approved is True
