"""The auditor's tools in a real Chromium: a worker opens a person's page; the auditor follows
the person page's link to "who viewed" and finds the worker there; an alert raised by the sweep
is acknowledged by the unit's supervisor and closed by the auditor."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from safetynet.audit.services import audit_record
from safetynet.oversight.models import Alert, AlertStatus
from safetynet.oversight.rules import DEFAULTS
from safetynet.oversight.services import sweep
from tests.cases.test_services import accepted
from tests.conftest import City, national_id
from tests.web.test_browser import CHROMIUM, _login, _logout, _shot
from tests.web.test_browser import browser_page as browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (CI installs it)"),
]


def test_who_viewed_a_person_and_an_alert(browser_page: Any, live_server: Any, settings: Any,
                                          city: City) -> None:  # fmt: skip
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    case = accepted(city)
    person = case.members.values_list("person_id", flat=True).first()
    page, base = browser_page, live_server.url

    _login(page, base, "worker")
    page.goto(f"{base}/people/{person}/")
    assert page.get_by_role("link", name="誰調閱過", exact=True).count() == 0
    page.goto(f"{base}/cases/{case.pk}/")
    _logout(page)

    _login(page, base, "auditor")
    page.get_by_role("link", name="誰調閱過紀錄").first.click()
    page.get_by_label("編號").fill("A000000000")
    page.get_by_role("button", name="查看調閱紀錄").click()
    page.get_by_text("查無您可查詢的紀錄").first.wait_for()
    _shot(page, "oversight-00-lookup-auditor")
    page.get_by_label("編號").fill(national_id("C", "2", 1234567))
    page.get_by_role("button", name="查看調閱紀錄").click()
    page.get_by_role("heading", name="誰調閱過此人").wait_for()
    row = page.locator("table.list tbody tr", has_text="直接開啟").filter(has_text="worker").first
    assert city.worker.unit.name in row.inner_text() and "個人" in row.inner_text()
    assert page.locator("table.list tbody tr", has_text="作為個案成員").count() >= 1
    _shot(page, "oversight-01-who-viewed-person-auditor")
    page.goto(f"{base}/oversight/who-viewed/case/{case.pk}/")
    _shot(page, "oversight-02-who-viewed-case-auditor")
    _logout(page)

    p = city.principal(city.worker)
    for pk in range(900_000, 900_000 + DEFAULTS["outside_caseload"]):
        audit_record(actor=p, action="read", object_type="case", object_id=pk)
    sweep(timezone.now())
    alert = Alert.objects.get()

    _login(page, base, "fwcsupervisor")
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name="誰調閱過", exact=True).click()
    page.get_by_role("heading", name="誰調閱過此個案").wait_for()
    _shot(page, "oversight-03-who-viewed-case-unit-supervisor")
    page.goto(base + "/")
    page.get_by_role("link", name="存取異常警示").first.click()
    page.get_by_role("heading", name="存取異常警示").wait_for()
    _shot(page, "oversight-04-alerts-unit-supervisor")
    page.locator("table.list tbody a").first.click()
    page.get_by_text("已知悉：正在了解中").click()
    _shot(page, "oversight-05-alert-unit-supervisor")
    page.get_by_role("button", name="儲存").click()
    page.get_by_text("已儲存").first.wait_for()
    _logout(page)

    _login(page, base, "auditor")
    page.goto(f"{base}/oversight/alerts/{alert.pk}/")
    page.get_by_text("結案：說明查核結果").click()
    page.get_by_role("button", name="儲存").click()
    page.get_by_text("結案前請說明查核結果").first.wait_for()
    page.get_by_label("說明（結案時必填）").fill("已與督導確認：協助他區個案評估，非不當調閱。")
    page.get_by_role("button", name="儲存").click()
    page.get_by_text("已儲存").first.wait_for()
    _shot(page, "oversight-06-alert-closed-auditor")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED and alert.handled_by_id == city.auditor.pk
