"""The conflict page in a real Chromium: one worker, two tabs on the same contact; the first
tab's correction is saved, the second's is refused with both versions side by side (409), and
reapplying it on the stored version saves it."""

from __future__ import annotations

from typing import Any

import pytest

from safetynet.agencies.models import Unit
from safetynet.cases.models import Contact
from safetynet.cases.services import contact_record
from tests.cases.test_services import accepted, visit
from tests.conftest import City
from tests.web.test_browser import CHROMIUM, _login, _shot
from tests.web.test_browser import browser_page as browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (CI installs it)"),
]


def test_two_tabs_on_one_contact(browser_page: Any, live_server: Any, city: City) -> None:
    case = accepted(city)
    contact = contact_record(principal=city.principal(city.worker), case_id=case.pk,
                             draft=visit(notes="家訪，兒少在家。"))  # fmt: skip
    base = live_server.url
    # Two tabs of one browser window: one session.
    window = browser_page.context.browser.new_context(locale="zh-TW",
                                                      viewport={"width": 1280, "height": 900})  # fmt: skip
    first, second = window.new_page(), window.new_page()
    _login(first, base, "worker")
    url = f"{base}/cases/{case.pk}/contacts/{contact.pk}/"
    first.goto(url)
    second.goto(url)
    first.get_by_label("紀錄內容").fill("家訪，兒少在家，案母同意轉介親職課程。")
    first.get_by_role("button", name="儲存更正").click()
    first.get_by_text("聯繫紀錄已更正").wait_for()
    second.get_by_label("紀錄內容").fill("家訪，兒少不在家，改約下週。")
    with second.expect_response(url) as answer:
        second.get_by_role("button", name="儲存更正").click()
    assert answer.value.status == 409
    second.get_by_role("heading", name="未儲存：您開啟後已有人修改此筆資料").wait_for()
    table = second.locator("table.conflict-table")
    assert "改約下週" in table.inner_text() and "親職課程" in table.inner_text()
    assert second.get_by_text("最後修改者").is_visible()
    _shot(second, "locking-01-conflict-worker")
    assert Contact.objects.get(pk=contact.pk).notes.endswith("親職課程。")
    second.get_by_role("button", name="將我送出的內容套用到目前版本").click()
    second.get_by_text("聯繫紀錄已更正").wait_for()
    stored = Contact.objects.get(pk=contact.pk)
    assert stored.version == 3 and stored.notes == "家訪，兒少不在家，改約下週。"
    _shot(second, "locking-02-reapplied-worker")
    window.close()


def test_two_tabs_on_one_unit_in_the_admin_site(
    browser_page: Any, live_server: Any, city: City
) -> None:
    base = live_server.url
    window = browser_page.context.browser.new_context(locale="zh-TW",
                                                      viewport={"width": 1280, "height": 900})  # fmt: skip
    first, second = window.new_page(), window.new_page()
    _login(first, base, "admin")
    unit = city.units["KL-FWC-QD"]
    url = f"{base}/admin/agencies/unit/{unit.pk}/change/"
    first.goto(url)
    second.goto(url)
    first.locator("#id_name").fill("七堵暖暖社福中心")
    first.locator("input[name=_save]").click()
    first.wait_for_url(f"{base}/admin/agencies/unit/")
    second.locator("#id_name").fill("七堵區社福中心")
    with second.expect_response(url) as answer:
        second.locator("input[name=_save]").click()
    assert answer.value.status == 409
    second.locator("table.conflict-table").wait_for()
    _shot(second, "locking-03-conflict-admin")
    assert Unit.objects.get(pk=unit.pk).name == "七堵暖暖社福中心"
    window.close()
