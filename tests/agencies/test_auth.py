"""Re-authentication before a sensitive step: `agencies.auth.recent_auth_required`."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD, City, reauthenticated, totp_secret

pytestmark = pytest.mark.urls("tests.agencies.reauth_urls")


def test_a_sensitive_step_asks_for_the_second_factor_again(city: City) -> None:
    client = city.client_for(city.worker)
    response = client.get("/sensitive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=%2Fsensitive%2F")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "驗證" in page.content.decode()
    code = pyotp.TOTP(totp_secret("worker")).now()
    back = client.post(response["Location"], {"code": code})
    assert back.status_code == 302 and back["Location"] == "/sensitive/"
    assert client.get("/sensitive/").content == b"done GET"


def test_a_wrong_code_does_not_reauthenticate(city: City) -> None:
    client = city.client_for(city.worker)
    url = client.get("/sensitive/")["Location"]
    code = pyotp.TOTP(totp_secret("worker")).now()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert client.post(url, {"code": wrong}).status_code == 200
    assert client.get("/sensitive/").status_code == 302


def test_a_posted_step_is_replayed_after_the_reauthentication(city: City) -> None:
    client = city.client_for(city.worker)
    response = client.post("/sensitive/", {"reason": "x"})
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    code = pyotp.TOTP(totp_secret("worker")).now()
    assert client.post(response["Location"], {"code": code}).content == b"done POST"


def test_the_window_lasts_its_setting(city: City, settings: Any) -> None:
    client = reauthenticated(city.client_for(city.worker), city.worker.user)
    assert client.get("/sensitive/").content == b"done GET"
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    assert client.get("/sensitive/").status_code == 302


def test_the_password_alone_does_not_reauthenticate(city: City) -> None:
    client = city.client_for(city.worker)
    assert client.get("/accounts/reauthenticate/").status_code in (302, 403, 404)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert client.get("/sensitive/").status_code == 302


def test_someone_not_logged_in_goes_to_the_login(city: City) -> None:
    response = Client().get("/sensitive/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=600)
def test_the_decorator_keeps_the_view_name() -> None:
    from tests.agencies.reauth_urls import sensitive

    assert sensitive.__name__ == "sensitive"
