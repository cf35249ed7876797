"""Re-authentication before a sensitive step (an export, a break-glass) and the state of a
login's second factor, as django-allauth keeps them in the session.

`recent_auth_required` wraps allauth's `reauthentication_required`: unless the person proved
themselves again (their second factor, or their password) within
`settings.ACCOUNT_REAUTHENTICATION_TIMEOUT` seconds (10 minutes), the request is suspended, they
are sent to allauth's re-authentication page and then brought back to where they were (a POST
is replayed by allauth after the re-authentication). Someone not logged in goes to the login.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from allauth.account.authentication import get_authentication_records
from allauth.account.decorators import reauthentication_required
from django.http import HttpRequest

View = TypeVar("View", bound=Callable[..., Any])


def recent_auth_required(view: View) -> View:
    """A view decorator: the step needs a re-authentication within the window."""
    guarded: View = reauthentication_required(view)
    return guarded


def passed_second_factor(request: HttpRequest) -> bool:
    """Whether this session's login passed a second factor (allauth's records of the session's
    authentications name "mfa" for the user logged in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def enrol_totp(user: Any, secret: str) -> None:
    """Enrol an authenticator app with a known secret (the demo's accounts, the tests): what
    allauth's activation page stores once the person typed a code."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)


def new_totp_secret() -> str:
    """A fresh authenticator-app secret (base32), as allauth's enrolment page makes one."""
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    secret: str = generate_totp_secret()
    return secret


def totp_code(secret: str, at: float | None = None) -> str:
    """The authenticator app's code for `secret` now (or at a time): the demo's `democode`."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    counter = int((time.time() if at is None else at) // period)
    code: str = format_hotp_value(hotp_value(secret, counter))
    return code
