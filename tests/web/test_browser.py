"""A person's path through the intake desk, in a real Chromium driven by Playwright."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.contrib.auth.models import User

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.cases.models import Case
from safetynet.demo.city import build_institutions
from tests.conftest import PASSWORD, enrolled, national_id, totp_secret

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("SAFETYNET_SCREENSHOTS", "var/screenshots"))

pytestmark = [
    pytest.mark.browser,
    # Each test gets the migrations' data back (places, rules, source systems) after a flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (CI installs it)"),
]


@pytest.fixture
def browser_page() -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls are
    # in another thread, but the test's own fixtures touch the ORM here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page(locale="zh-TW", viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


_used_codes: set[tuple[str, str]] = set()


def _current_code(username: str) -> str:
    """The account's authenticator-app code now; the next step's when this one was used already
    (allauth refuses a code twice; the tests allow one step of drift: tests/settings.py)."""
    totp = pyotp.TOTP(totp_secret(username))
    for _ in range(3):
        for step in (0, 30):
            code = totp.at(time.time() + step)
            if (username, code) not in _used_codes:
                _used_codes.add((username, code))
                return code
        # Both codes of this window used already (a test logging one account in many times):
        # wait for the next window, as a person would.
        time.sleep(30 - time.time() % 30 + 0.5)
    raise AssertionError("no unused code")


def _login(page: Any, base: str, username: str) -> None:
    """The password, then the code of the account's authenticator app (enrolled if need be)."""
    enrolled(User.objects.get(username=username))
    page.goto(f"{base}/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()
    page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(_current_code(username))
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/" not in url and "/login/" not in url)


def _logout(page: Any) -> None:
    page.get_by_role("button", name="登出").click()


def _accounts(*specs: tuple[str, str, str]) -> None:
    units = build_institutions()
    for username, unit, role in specs:
        staff_create(
            username=username, password=PASSWORD, display_name=username, unit=units[unit], role=role
        )


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_file_screen_dispatch_and_accept_a_report(
    browser_page: Any, live_server: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _accounts(("police", "KL-POL-1", Role.POLICE_OFFICER), ("screener", "KL-DESK", Role.SCREENER),
              ("worker", "KL-FWC-QD", Role.CASE_WORKER))  # fmt: skip
    page, base = browser_page, live_server.url

    _login(page, base, "police")
    _shot(page, "01-home-police")
    page.get_by_role("navigation").get_by_role("link", name="填寫通報").click()
    page.get_by_label("通報管道").select_option("24")
    page.get_by_label("通報人類別").select_option("mandated_police")
    page.get_by_label("行政區").select_option("10017020")
    page.get_by_label("家庭經濟陷困").check()
    page.get_by_label("事件經過").fill("巡邏時發現一家四口住在車內。")
    page.locator("#id_persons-0-name").fill("林美玲")
    page.locator("#id_persons-0-id_number").fill("C1234")  # a wrong ID first
    page.get_by_role("button", name="送出通報").click()
    _shot(page, "02-report-error-police")
    assert page.locator("#id_persons-0-id_number_error").is_visible()
    assert page.locator("#error-summary").is_visible()
    page.locator("#id_persons-0-id_number").fill(national_id("C", "2", 1234567))
    page.locator("#id_persons-0-birth_date").fill("民國79年5月1日")
    page.get_by_role("button", name="送出通報").click()
    page.get_by_text("已受理通報").wait_for()
    _shot(page, "03-report-filed-police")
    page.get_by_role("navigation").get_by_role("link", name="我的通報").click()
    _shot(page, "04-my-reports-police")
    assert page.get_by_text("已收件，待篩案").is_visible()
    _logout(page)

    _login(page, base, "screener")
    _shot(page, "05-home-screener")
    page.get_by_role("link", name="待篩案通報").click()
    page.wait_for_url(f"{base}/queue/")
    _shot(page, "06-queue-screener")
    page.locator("table.list tbody a").first.click()
    page.get_by_label("脆弱家庭", exact=True).check()
    page.locator("fieldset", has_text="風險因子說明").get_by_label("家庭經濟陷困").check()
    _shot(page, "07-decide-screener")
    page.get_by_role("button", name="送出篩案決定").click()
    page.get_by_text("已記錄篩案決定").wait_for()
    _logout(page)

    _login(page, base, "worker")
    _shot(page, "08-home-worker")
    page.get_by_role("link", name="等待本單位受理的派案").click()
    page.wait_for_url(f"{base}/inbox/")
    page.locator("table.list tbody a").first.click()
    assert page.get_by_text("林美玲").first.is_visible()  # the unit sees whom it is asked about
    page.get_by_label("指派社工").select_option(label="worker")
    _shot(page, "09-dispatch-worker")
    page.get_by_role("button", name="受案並開案").click()
    page.get_by_text("已受案").first.wait_for()
    _shot(page, "10-case-worker")
    case = Case.objects.get()
    assert case.lead_unit.code == "KL-FWC-QD" and case.worker is not None
    page.get_by_role("link", name="林美玲").click()
    _shot(page, "11-person-worker")
    page.goto(f"{base}/reports/999999/")
    _shot(page, "12-not-found-worker")
    assert page.get_by_role("heading", name="找不到").is_visible()
    _logout(page)

    _login(page, base, "police")  # the filer learns how far it got, never where it went
    page.goto(f"{base}/reports/mine/")
    assert page.get_by_text("已由專責單位受案服務").is_visible()
    assert page.get_by_text("七堵社福中心").count() == 0


def test_a_rule_change_is_proposed_and_published_by_another(
    browser_page: Any, live_server: Any, settings: Any
) -> None:
    from safetynet.rules.models import RuleStatus, RuleVersion

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _accounts(("admin", "KL-SA-PROG", Role.ADMINISTRATOR),
              ("admin2", "KL-SA-PROG", Role.ADMINISTRATOR),
              ("auditor", "KL-SA-PROG", Role.AUDITOR))  # fmt: skip
    page, base = browser_page, live_server.url
    _login(page, base, "admin")
    _shot(page, "20-home-admin")
    page.get_by_role("navigation").get_by_role("link", name="規則表").click()
    _shot(page, "21-rules-admin")
    page.get_by_role("link", name="篩案門檻").click()
    _shot(page, "22-rule-table-admin")
    page.get_by_role("button", name="草擬變更").click()
    page.get_by_label("第 1 列： 數值").fill("730")
    page.get_by_label("變更理由").fill("再通報期間改為兩年（示範）")
    page.get_by_role("button", name="儲存草稿").click()
    _shot(page, "23-rule-draft-saved-admin")
    page.get_by_text("已儲存草稿").wait_for()
    _shot(page, "23-rule-draft-admin")
    page.get_by_role("button", name="提出核准").click()
    page.get_by_text("已提出：由另一位核准者決定").wait_for()
    assert page.get_by_role("button", name="核准並公告").count() == 0  # not their own
    _logout(page)

    _login(page, base, "admin2")
    page.get_by_role("link", name="待您核准的規則變更").click()
    page.get_by_role("link", name="篩案門檻").click()
    page.get_by_role("link", name="2", exact=True).click()
    _shot(page, "24-rule-proposal-admin2")
    page.get_by_role("button", name="核准並公告").click()
    page.get_by_text("已記錄").wait_for()
    version = RuleVersion.objects.get(kind="intake.thresholds", number=2)
    assert version.status == RuleStatus.PUBLISHED and version.decided_by.username == "admin2"  # type: ignore[union-attr]
    _logout(page)

    _login(page, base, "auditor")
    page.goto(f"{base}/rules/intake.thresholds/")
    _shot(page, "25-rule-history-auditor")
    assert page.get_by_role("button", name="草擬變更").count() == 0


def test_upload_map_link_and_review_a_list(
    browser_page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    """An analyst uploads a psychiatric-care list with its own headers, maps them, runs linkage
    and decides a grey-zone pair; the tests' worker runs the job at once (tests/settings.py)."""
    from safetynet.linkage.models import LinkDecision, ReviewPair
    from safetynet.people.services import person_create

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VAR_DIR = tmp_path
    _accounts(("analyst", "KL-SA-PROG", Role.PROGRAMME_ANALYST))
    known = national_id("C", "2", 7654321)
    person_create(name="陳怡君", id_number=known, birth_date=dt.date(1990, 5, 6), sex="F")
    person_create(name="林志明", birth_date=dt.date(1980, 1, 1), sex="M")
    source = tmp_path / "精神照護.csv"
    source.write_text(
        "病歷號,個案姓名,身分證統一編號,出生年月日,性別,居住地址\n"
        f"A1,陳宜君,{known},079/05/06,女,基隆市七堵區明德一路12號3樓\n"
        "A2,林志明,,,男,\n",
        encoding="utf-8",
    )
    page, base = browser_page, live_server.url
    _login(page, base, "analyst")
    page.get_by_role("navigation").get_by_role("link", name="勾稽比對").click()
    page.get_by_label("名冊來源系統").select_option(label="精神照護資訊管理系統")
    page.get_by_label("名冊檔案").set_input_files(str(source))
    page.locator("form[action='/linkage/upload/'] button").click()
    page.get_by_role("heading", name="欄位對應").wait_for()
    _shot(page, "30-linkage-mapping-analyst")
    # 病歷號 and most headers are guessed; the rest the analyst chooses.
    page.get_by_label("該系統的案號").select_option("病歷號")
    page.get_by_label("出生日期").select_option("出生年月日")
    page.get_by_role("button", name="匯入").click()
    page.get_by_text("已匯入精神照護資訊管理系統 2 筆資料").wait_for()
    page.get_by_role("button", name="執行勾稽比對").click()
    page.get_by_text("完成").wait_for()
    _shot(page, "31-linkage-run-analyst")
    page.goto(f"{base}/linkage/review/")
    _shot(page, "32-linkage-reviews-analyst")
    pair = ReviewPair.objects.filter(status="pending").select_related("record").first()
    assert pair is not None and pair.record.external_id == "A2"  # no ID, no birth date: ask
    page.get_by_role("link", name="審核").first.click()
    _shot(page, "33-linkage-review-analyst")
    page.get_by_label("不同人").check()
    page.get_by_label("備註").fill("與家屬電話確認，另有其人。")
    page.get_by_role("button", name="送出判定").click()
    page.get_by_text("已記錄判定").wait_for()
    assert LinkDecision.objects.filter(same_person=False, left=f"r:{pair.record_id}").exists()
