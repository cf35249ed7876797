"""Every main page works under the Content-Security-Policy in a real Chromium: a page that runs
an inline script, sets an inline style or loads from elsewhere is reported by the browser, and
the test fails on the report (issue 11, item 6)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import City
from tests.web.test_browser import CHROMIUM, _login, _logout, _shot
from tests.web.test_browser import browser_page as browser_page
from tests.web.test_serving import with_a_case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (CI installs it)"),
]

# Installed before any page script: the browser's own report of each blocked load or inline code.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""

PAGES = {
    "screener": ["/", "/queue/", "/reports/new/", "/dashboard/", "/api/v1/docs"],
    "worker": ["/", "/cases/week/", "/inbox/", "/cases/"],
    "analyst": ["/", "/dashboard/", "/linkage/", "/linkage/review/"],
    "admin": ["/", "/rules/", "/admin/", "/admin/agencies/staff/", "/admin/agencies/staff/add/"],
}


def test_the_main_pages_raise_no_csp_violation(
    browser_page: Any, live_server: Any, settings: Any, city: City
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with_a_case(city)
    page, base = browser_page, live_server.url
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    page.add_init_script(LISTEN)

    def visit(url: str, name: str) -> None:
        page.goto(f"{base}{url}")
        page.wait_for_load_state("networkidle")
        _shot(page, f"csp-{name}")
        seen = page.evaluate("window.__csp")
        refused = [m for m in console if "Content Security Policy" in m]
        assert seen == [] and refused == [], (url, seen, refused)

    visit("/login/", "login")
    for username, urls in PAGES.items():
        _login(page, base, username)
        for url in urls + _from_home(page, base):
            visit(url, f"{username}{url.replace('/', '-')}")
        if username == "screener":
            page.goto(f"{base}/queue/")
            page.locator("table.list tbody a").first.click()  # the decision page
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__csp") == []
            page.goto(f"{base}/dashboard/")  # the chart is drawn, not refused
            page.locator("#chart .main-svg").first.wait_for()
            page.goto(f"{base}/api/v1/docs")  # Swagger UI draws the operations
            page.get_by_text("/api/v1/reports").first.wait_for()
            assert page.evaluate("window.__csp") == []
        if username == "screener":  # the language menu changes the language without inline code
            page.goto(f"{base}/queue/")
            page.locator("#lang-select").select_option("en")
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("lang") == "en"
            page.locator("#lang-select").select_option("zh-hant")
            page.wait_for_load_state("networkidle")
        _logout(page)
    assert not [m for m in console if "Content Security Policy" in m]


def _from_home(page: Any, base: str) -> list[str]:
    """The menu's pages of whoever is logged in."""
    page.goto(f"{base}/")
    hrefs: list[str] = page.locator("header nav a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return [h for h in hrefs if h.startswith("/")]
