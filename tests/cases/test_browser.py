"""A worker's week in a real Chromium: accept a dispatch, see the family, record a home visit,
have the case opened, write and submit a plan, refer to a partner that answers, transfer to the
社福中心 which accepts, close with its supervisor's approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from safetynet.agencies.models import Role
from safetynet.agencies.principal import Principal
from safetynet.cases.models import Case, CaseStatus, Contact, Handoff, Plan, PlanStatus
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.services import decision_record
from safetynet.people.models import Household, HouseholdMembership
from tests.conftest import PASSWORD, City, file_report
from tests.web.test_browser import CHROMIUM, _login, _logout, _shot
from tests.web.test_browser import browser_page as browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (CI installs it)"),
]

CHILD = DecisionDraft(outcome="protection", protection_type="child", cp_grade=2, cp_type=1,
                      sdm_safety="safe_with_plan")  # fmt: skip


def _open_details(page: Any, summary: str) -> None:
    page.locator("summary", has_text=summary).click()


def test_a_workers_week(browser_page: Any, live_server: Any, settings: Any, city: City) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from safetynet.agencies.services import staff_create

    staff_create(username="dvsup", password=PASSWORD, display_name="dvsup",
                 unit=city.units["KL-DV"], role=Role.SUPERVISOR)  # fmt: skip
    report = file_report(city, concerns=("child",), areas=())
    decision_record(principal=Principal.of_user(city.screener.user), report_id=report.pk,
                    draft=CHILD)  # fmt: skip
    home = Household.objects.create(code="H-BROWSER")
    for person_id in report.people.values_list("person_id", flat=True):
        HouseholdMembership.objects.create(household=home, person_id=person_id,
                                           relationship="other", start=dt.date(2020, 1, 1))  # fmt: skip
    page, base = browser_page, live_server.url

    _login(page, base, "dv")
    page.get_by_role("link", name="等待本單位受理的派案").click()
    page.locator("table.list tbody a").first.click()
    page.get_by_label("指派社工").select_option(label="dv")
    _shot(page, "cases-01-dispatch-dv")
    page.get_by_role("button", name="受案並開案").click()
    page.get_by_text("已受案").first.wait_for()
    case = Case.objects.get()
    page.goto(f"{base}/cases/{case.pk}/")
    _shot(page, "cases-02-case-dv")
    page.get_by_role("link", name="家庭總覽：所有成員與所有個案").click()
    _shot(page, "cases-03-family-dv")
    assert page.get_by_text("兒少保護").first.is_visible()
    page.goto(f"{base}/cases/{case.pk}/")
    _open_details(page, "登錄聯繫或訪視")
    page.get_by_label("方式").select_option("B")
    page.get_by_label("訪視對象").select_option("0")
    page.get_by_label("地點").fill("案家")
    page.get_by_label("紀錄內容").fill("家訪，兒少在家，與案母訂定安全計畫。")
    page.get_by_role("button", name="儲存聯繫紀錄").click()
    page.get_by_text("聯繫紀錄已儲存").wait_for()
    assert Contact.objects.filter(case=case, method="B").exists()
    page.get_by_label("開案評估結果").select_option("Y")
    page.locator("#reason-propose_open").fill("評估需開案提供保護服務。")
    page.get_by_role("button", name="提出開案評估").click()
    page.get_by_text("已完成：提出開案評估").wait_for()
    page.get_by_role("link", name="處遇計畫").click()
    page.get_by_label("處遇目標").fill("維持兒少安全，提升案母親職功能。")
    page.locator("#id_action_0").fill("每月家訪一次")
    page.locator("#id_owner_0").select_option(str(case.lead_unit_id))
    page.locator("#id_review_0").fill((dt.date.today() + dt.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="儲存草稿").click()
    page.get_by_role("button", name="送督導核定").click()
    page.get_by_text("已儲存").first.wait_for()
    _shot(page, "cases-04-plan-dv")
    _logout(page)

    _login(page, base, "dvsup")
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("button", name="核定開案評估").click()
    page.get_by_text("已完成：核定開案評估").wait_for()
    page.goto(f"{base}/cases/{case.pk}/plan/")
    _shot(page, "cases-05-plan-dvsup")
    page.get_by_role("button", name="核定此版本").click()
    page.get_by_text("已儲存").first.wait_for()
    assert Plan.objects.get().status == PlanStatus.APPROVED
    _logout(page)

    _login(page, base, "dv")
    page.goto(f"{base}/cases/{case.pk}/")
    _open_details(page, "轉介、邀請協同或轉銜主責")
    page.locator("#id_kind").select_option("referral")
    page.locator("#id_to_organisation").fill("某某兒童福利基金會")
    page.locator("#id_note").fill("請提供課後照顧。")
    page.get_by_role("button", name="送出", exact=True).click()
    page.get_by_text("已送出").first.wait_for()
    referral = Handoff.objects.get(kind="referral")
    page.goto(f"{base}/referrals/{referral.pk}/")
    page.locator("#id_status").select_option("accepted")
    page.locator("#id_answer").fill("基金會電話回覆受案。")
    page.get_by_role("button", name="儲存回覆").click()
    page.get_by_text("回覆已儲存").wait_for()
    _shot(page, "cases-06-referral-dv")
    page.goto(f"{base}/cases/{case.pk}/")
    _open_details(page, "轉介、邀請協同或轉銜主責")
    page.locator("#id_kind").select_option("transfer")
    page.locator("#id_to_unit").select_option(str(city.units["KL-FWC-QD"].pk))
    page.locator("#id_note").fill("安全議題已排除，轉社福中心持續家庭支持。")
    page.get_by_role("button", name="送出", exact=True).click()
    page.get_by_text("已送出").first.wait_for()
    _logout(page)

    _login(page, base, "worker")
    page.get_by_role("navigation").get_by_role("link", name="轉介").click()
    _shot(page, "cases-07-referrals-worker")
    page.locator("table.list tbody a").first.click()
    page.locator("#id_status").select_option("accepted")
    page.locator("#id_worker").select_option(label="worker")
    page.get_by_role("button", name="儲存回覆").click()
    page.get_by_text("回覆已儲存").wait_for()
    case.refresh_from_db()
    assert case.lead_unit.code == "KL-FWC-QD" and case.worker == city.worker
    page.goto(f"{base}/cases/{case.pk}/")
    page.locator("#reason-request_close").fill("家庭功能恢復，服務目標達成。")
    page.get_by_role("button", name="申請結案").click()
    page.get_by_text("已完成：申請結案").wait_for()
    page.get_by_role("navigation").get_by_role("link", name="本週待辦").click()
    _shot(page, "cases-08-week-worker")
    _logout(page)

    _login(page, base, "fwcsupervisor")
    page.goto(f"{base}/cases/week/")
    _shot(page, "cases-09-week-fwcsupervisor")
    assert page.get_by_text("待您核定").is_visible()
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("button", name="核定結案").click()
    page.get_by_text("已完成：核定結案").wait_for()
    _shot(page, "cases-10-closed-fwcsupervisor")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
