"""Logging in, in a real Chromium: enrolment of the authenticator app at the first login, the
code at the next login, and the lockout after 5 wrong passwords."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest

from safetynet.agencies.models import Role
from safetynet.audit.models import AuditEvent
from tests.conftest import PASSWORD
from tests.web.test_browser import CHROMIUM, _accounts, _logout, _shot
from tests.web.test_browser import browser_page as browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (CI installs it)"),
]


def _password(page: Any, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(password)
    page.get_by_role("button", name="登入").click()


def test_enrol_at_first_login_then_log_in_with_the_code_and_get_locked_out(
    browser_page: Any, live_server: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    _accounts(("newcomer", "KL-FWC-QD", Role.CASE_WORKER))
    page, base = browser_page, live_server.url

    page.goto(f"{base}/login/")
    _shot(page, "auth-01-login")
    _password(page, base, "newcomer")
    page.wait_for_url(f"{base}/accounts/2fa/")
    assert page.get_by_text("請先設定第二道驗證").is_visible()
    assert page.get_by_role("navigation").count() == 0  # no menu before the second factor
    _shot(page, "auth-02-enrol-first")
    page.goto(f"{base}/queue/")  # anything else leads back to the enrolment
    page.wait_for_url(f"{base}/accounts/2fa/")

    page.goto(f"{base}/accounts/2fa/totp/activate/")
    _shot(page, "auth-03-enrol-authenticator-app")
    secret = page.locator("#authenticator_secret").input_value()
    totp = pyotp.TOTP(secret)
    page.locator("input[name=code]").fill("000000")
    page.locator("input[name=code]").press("Enter")
    page.get_by_text("驗證碼不正確").wait_for()  # a wrong code enrols nothing
    used = totp.now()
    page.locator("input[name=code]").fill(used)
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{base}/accounts/2fa/recovery-codes/")
    _shot(page, "auth-04-recovery-codes")
    page.goto(f"{base}/accounts/2fa/webauthn/add/")  # a security key: its page (no key here)
    assert page.get_by_role("heading", name="新增安全金鑰").is_visible()
    _shot(page, "auth-04b-add-security-key")
    page.goto(f"{base}/")
    assert page.get_by_role("navigation").count() == 1  # enrolled: the platform opens
    _shot(page, "auth-05-home-after-enrolment")
    _logout(page)

    _password(page, base, "newcomer")
    page.wait_for_url(f"{base}/accounts/2fa/authenticate/")
    _shot(page, "auth-06-second-factor")
    code = totp.now()
    if code == used:  # allauth refuses a code twice: the next step's (one step of drift)
        code = totp.at(time.time() + 30)
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("navigation").count() == 1
    _logout(page)

    for attempt in range(5):
        _password(page, base, "newcomer", "not-the-password")
        if attempt < 4:
            assert page.get_by_text("帳號或密碼錯誤").is_visible()
    assert page.get_by_role("heading", name="帳號暫時鎖定").is_visible()
    assert page.get_by_text("15 分鐘").is_visible()
    _shot(page, "auth-07-locked-out")
    _password(page, base, "newcomer")  # the right password, still locked
    assert page.get_by_role("heading", name="帳號暫時鎖定").is_visible()
    assert AuditEvent.objects.filter(action="login.lockout").count() == 2
