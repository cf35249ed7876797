"""A person's path through the intake desk, in a real Chromium driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.cases.models import Case
from safetynet.demo.city import build_institutions
from tests.conftest import PASSWORD, national_id

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("SAFETYNET_SCREENSHOTS", "var/screenshots"))

pytestmark = [
    pytest.mark.browser,
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


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()


def _logout(page: Any) -> None:
    page.get_by_role("button", name="登出").click()


def test_file_screen_dispatch_and_accept_a_report(
    browser_page: Any, live_server: Any, transactional_db: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    units = build_institutions()
    for username, unit, role in [("police", "KL-POL-1", Role.POLICE_OFFICER),
                                 ("screener", "KL-DESK", Role.SCREENER),
                                 ("worker", "KL-FWC-QD", Role.CASE_WORKER)]:  # fmt: skip
        staff_create(
            username=username, password=PASSWORD, display_name=username, unit=units[unit], role=role
        )
    page, base = browser_page, live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)

    _login(page, base, "police")
    page.goto(f"{base}/reports/new/")
    page.get_by_label("通報管道").select_option("24")
    page.get_by_label("通報人類別").select_option("mandated_police")
    page.get_by_label("行政區").select_option("10017020")
    page.get_by_label("家庭經濟陷困").check()
    page.get_by_label("事件經過").fill("巡邏時發現一家四口住在車內。")
    page.locator("#id_persons-0-name").fill("林美玲")
    page.locator("#id_persons-0-id_number").fill("C1234")  # a wrong ID first
    page.get_by_role("button", name="送出通報").click()
    page.screenshot(path=str(SHOTS / "1-report-error.png"), full_page=True)
    assert page.locator("#id_persons-0-id_number_error").is_visible()
    page.locator("#id_persons-0-id_number").fill(national_id("C", "2", 1234567))
    page.locator("#id_persons-0-birth_date").fill("民國79年5月1日")
    page.get_by_role("button", name="送出通報").click()
    page.get_by_text("已受理通報").wait_for()
    _logout(page)

    _login(page, base, "screener")
    page.wait_for_url(f"{base}/queue/")
    page.screenshot(path=str(SHOTS / "2-queue.png"), full_page=True)
    page.locator("table.list tbody a").first.click()
    page.get_by_label("脆弱家庭", exact=True).check()
    page.locator("fieldset", has_text="風險因子說明").get_by_label("家庭經濟陷困").check()
    page.screenshot(path=str(SHOTS / "3-decide.png"), full_page=True)
    page.get_by_role("button", name="送出篩案決定").click()
    page.get_by_text("已記錄篩案決定").wait_for()
    _logout(page)

    _login(page, base, "worker")
    page.wait_for_url(f"{base}/inbox/")
    page.locator("table.list tbody a").first.click()
    page.get_by_label("指派社工").select_option(label="worker")
    page.screenshot(path=str(SHOTS / "4-dispatch.png"), full_page=True)
    page.get_by_role("button", name="受案並開案").click()
    page.get_by_text("已受案").first.wait_for()
    page.screenshot(path=str(SHOTS / "5-case.png"), full_page=True)
    case = Case.objects.get()
    assert case.lead_unit.code == "KL-FWC-QD" and case.worker is not None
