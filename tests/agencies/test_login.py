"""Logging in: the password, then the second factor (enrolled at the first login); lockout after
5 wrong passwords; idle and absolute session limits; a disabled account's sessions ended."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from safetynet.agencies import authguard
from safetynet.agencies.services import admin_save
from safetynet.audit.models import AuditEvent
from safetynet.core.actor import SYSTEM
from safetynet.core.conflict import fingerprint
from safetynet.rules.seeding import seed
from tests.conftest import (
    PASSWORD,
    City,
    enrolled,
    in_chinese,
    login_with_second_factor,
    totp_secret,
)

pytestmark = pytest.mark.django_db

PAGES = ["/", "/queue/", "/reports/new/", "/admin/", "/rules/", "/api/v1/queue"]


def _password(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/login/", {"login": username, "password": password})


def _code(username: str, offset: int = 0) -> str:
    return pyotp.TOTP(totp_secret(username)).at(time.time() + offset)


def _logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


# --- the second factor --------------------------------------------------------------------


# Real commits: allauth announces the enrolment once its transaction commits.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_without_a_second_factor_reach_only_the_enrolment(city: City) -> None:
    client = Client()
    assert _password(client, "worker")["Location"] == "/accounts/2fa/"
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/", page
    assert client.post("/reports/new/", {}).status_code == 302
    enrol = client.get("/accounts/2fa/totp/activate/")
    assert enrol.status_code == 200 and "驗證器" in enrol.content.decode()
    secret = enrol.context["form"].secret
    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and client.get("/").status_code == 302
    done = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=city.worker.user, type="totp").exists()
    assert Authenticator.objects.filter(user=city.worker.user, type="recovery_codes").exists()
    assert _logged_in(client)  # enrolling proved the factor for this session


def test_an_enrolled_login_needs_the_code_after_the_password(city: City) -> None:
    enrolled(city.worker.user)
    client = Client()
    assert _password(client, "worker")["Location"] == "/accounts/2fa/authenticate/"
    assert not _logged_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    page = client.get("/accounts/2fa/authenticate/")
    assert page.status_code == 200 and "代碼" in page.content.decode()
    wrong = client.post("/accounts/2fa/authenticate/", {"code": _code("other")})
    assert wrong.status_code == 200 and in_chinese(wrong.content.decode())
    assert not _logged_in(client)
    assert client.post("/accounts/2fa/authenticate/", {"code": ""}).status_code == 200
    assert not _logged_in(client)
    assert client.post("/accounts/2fa/authenticate/", {"code": _code("worker")}).status_code == 302
    assert _logged_in(client)


def test_a_used_code_is_refused_the_second_time(city: City, settings: Any) -> None:
    settings.MFA_TOTP_TOLERANCE = 0
    enrolled(city.worker.user)
    first, second = Client(), Client()
    code = _code("worker")
    _password(first, "worker")
    first.post("/accounts/2fa/authenticate/", {"code": code})
    _password(second, "worker")
    second.post("/accounts/2fa/authenticate/", {"code": code})
    assert _logged_in(first) and not _logged_in(second)


def test_a_session_of_an_enrolled_account_without_its_second_factor_is_ended(
    city: City,
) -> None:
    client = Client()
    client.force_login(enrolled(city.worker.user))  # a login that skipped the second factor
    response = client.get("/queue/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not _logged_in(client)


def test_the_admin_site_logs_in_through_the_platform(city: City) -> None:
    response = Client().get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=%2Fadmin%2F"
    assert login_with_second_factor(Client(), city.admin.user).get("/admin/").status_code == 200


def test_partner_tokens_need_no_second_factor(city: City) -> None:
    from safetynet.agencies.services import api_client_create

    _client, token = api_client_create(name="113", unit=city.units["KL-DESK"], channel="35")
    api = Client(headers={"authorization": f"Bearer {token}"})
    assert api.get("/api/v1/reports/0").status_code == 404  # accepted, nothing there


# --- lockout ------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(city: City) -> None:
    enrolled(city.worker.user)
    client = Client()
    for _ in range(4):
        response = _password(client, "worker", "wrong")
        assert response.status_code == 200 and "帳號或密碼錯誤" in response.content.decode()
    locked = _password(client, "worker", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "帳號暫時鎖定" in page and "15 分鐘" in page
    # Locked: even the right password (from another browser) is refused.
    assert _password(Client(), "worker").status_code == 429
    rows = AuditEvent.objects.filter(action="login.lockout")
    assert rows.count() == 2
    assert {r.object_id for r in rows} == {str(city.worker.user_id)}
    assert all(r.actor_id is None and "worker" not in str(r.detail) for r in rows)
    # 15 minutes later (the attempts' times moved back, not a sleep): the password works.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert _password(Client(), "worker")["Location"] == "/accounts/2fa/authenticate/"


def test_fourteen_minutes_later_the_account_is_still_locked(city: City) -> None:
    for _ in range(5):
        _password(Client(), "worker", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=14))
    assert _password(Client(), "worker").status_code == 429


def test_a_lockout_of_an_unknown_username_names_no_one(city: City) -> None:
    for _ in range(5):
        _password(Client(), "nobody-here", "wrong")
    [row] = AuditEvent.objects.filter(action="login.lockout")
    assert row.object_id == "" and row.detail == {"known": False}


def test_the_lockout_page_is_in_english_for_english_readers(city: City) -> None:
    client = Client(headers={"accept-language": "en"})
    for _ in range(5):
        response = client.post("/login/", {"login": "worker", "password": "wrong"})
    assert "locked" in response.content.decode() and "15 minutes" in response.content.decode()


# --- session limits -----------------------------------------------------------------------


def _age(client: Client, *, seen: float, logged_in: float | None = None) -> None:
    session = client.session
    now = time.time()
    session[authguard.SEEN] = now - seen
    if logged_in is not None:
        session[authguard.LOGGED_IN] = now - logged_in
    session.save()


def test_a_login_idle_for_thirty_minutes_is_ended(city: City) -> None:
    client = city.client_for(city.worker)
    _age(client, seen=29 * 60)
    assert _logged_in(client)  # 29 minutes: still there (and now seen again)
    _age(client, seen=31 * 60)
    response = client.get("/queue/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=%2Fqueue%2F"
    assert "閒置" in client.get(response["Location"]).content.decode()
    assert not _logged_in(client)


def test_the_idle_limit_is_the_rule_tables(city: City) -> None:
    from django.apps import apps

    from safetynet.core import reference
    from safetynet.rules.models import RuleVersion

    RuleVersion.objects.filter(kind=authguard.KIND).delete()
    seed(apps, authguard.KIND, effective_from=dt.date(2020, 1, 1), content={"idle_minutes": 60})
    reference.forget()
    client = city.client_for(city.worker)
    _age(client, seen=45 * 60)
    assert _logged_in(client)
    assert authguard.idle_limit(timezone.localdate()) == dt.timedelta(minutes=60)


def test_the_shipped_idle_limit_is_thirty_minutes_without_a_source(city: City) -> None:
    from safetynet.rules.selectors import in_force

    version = in_force(authguard.KIND, timezone.localdate())
    assert version is not None and version.content == {"idle_minutes": 30} and version.unsourced


def test_a_login_older_than_its_lifetime_is_ended_however_active(city: City, settings: Any) -> None:
    assert settings.SAFETYNET_SESSION_MAX_SECONDS == 12 * 3600
    client = city.client_for(city.worker)
    _age(client, seen=0, logged_in=12 * 3600 - 60)
    assert _logged_in(client)
    _age(client, seen=0, logged_in=12 * 3600 + 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not _logged_in(client)


def test_the_last_seen_time_is_written_at_most_once_a_minute(city: City) -> None:
    client = city.client_for(city.worker)
    _age(client, seen=10)
    before = client.session[authguard.SEEN]
    client.get("/")
    assert client.session[authguard.SEEN] == before
    _age(client, seen=70)
    client.get("/")
    assert client.session[authguard.SEEN] > before


# --- disabling ----------------------------------------------------------------------------


def _log_in_through_the_pages(username: str) -> Client:
    client = Client(REMOTE_ADDR="127.0.0.1")
    _password(client, username)
    client.post("/accounts/2fa/authenticate/", {"code": _code(username)})
    assert _logged_in(client)
    return client


def test_disabling_an_account_ends_its_sessions_at_once(city: City) -> None:
    user = enrolled(city.worker.user)
    client = _log_in_through_the_pages("worker")
    key = client.session.session_key
    assert UserSession.objects.filter(user=user, session_key=key).exists()
    seen = fingerprint(user)  # the admin form's version of the row
    user.is_active = False
    admin_save(actor=SYSTEM, instance=user, created=False, changed=["is_active"], version=seen)
    assert not Session.objects.filter(session_key=key).exists()
    assert not UserSession.objects.filter(user=user).exists()
    assert client.get("/")["Location"].startswith("/login/")


def test_saving_an_active_account_ends_nothing(city: City) -> None:
    user = enrolled(city.worker.user)
    client = _log_in_through_the_pages("worker")
    admin_save(actor=SYSTEM, instance=user, created=False, changed=["first_name"],
               version=fingerprint(user))  # fmt: skip
    assert _logged_in(client)


def test_the_login_page_is_in_the_sites_shell_and_chinese(city: City) -> None:
    page = Client().get("/login/").content.decode()
    assert 'class="top"' in page and "登入" in page and "帳號" in page and "密碼" in page
    assert re.search(r'<html lang="zh-Hant"', page)
