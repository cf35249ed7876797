"""The guard every request of a logged-in person passes (after django-allauth's and Django's
authentication middleware): a second factor enrolled and passed, a session neither idle too long
nor too old. Also: who may sign up (nobody), the audit of lockouts, and the end of a disabled
account's sessions.

- A login that has not enrolled a second factor reaches only the enrolment pages (allauth's
  `/accounts/2fa/…`), the logout and the language switch; enrolling counts as passing the
  second factor for that session (the person just proved they hold it).
- An enrolled person's session that never passed the second factor (a login made some other
  way) is ended and sent to the login.
- Idle for longer than the `agencies.sessions` rule table's `idle_minutes` (30, unsourced), or
  older than `settings.SAFETYNET_SESSION_MAX_SECONDS` (12 h) since the password: ended, with a
  message on the login page. The last-seen time is written at most once a minute.

Partner systems' bearer tokens carry no session and are not touched here (`api.auth`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.auth import passed_second_factor
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

KIND = "agencies.sessions"
# No law or regulation gives an idle limit for this kind of system: the platform's default,
# shipped marked "no source" (docs/security.md).
DEFAULT_IDLE_MINUTES = 30
SEEN = "safetynet.seen_at"
LOGGED_IN = "safetynet.login_at"
# How stale the last-seen time may get before it is written again (seconds).
SEEN_GRANULARITY = 60


class SessionRulesForm(forms.Form):
    idle_minutes = forms.IntegerField(
        label=gettext_lazy("Minutes without activity before a login is ended"),
        min_value=5, max_value=240,
    )  # fmt: skip


registry.register(registry.RuleKind(
    code=KIND, label=gettext_lazy("Logins: idle limit"), form=SessionRulesForm, many=False,
    help=gettext_lazy("A login left without activity this long is ended; the person logs in "
                      "again (password and second factor)."),
))  # fmt: skip


def idle_limit(on: dt.date) -> dt.timedelta:
    """The idle limit in force (the rule table is kept per process: `rules.selectors`)."""
    version = in_force(KIND, on)
    minutes = (version.content or {}).get("idle_minutes") if version is not None else None
    return dt.timedelta(minutes=minutes or DEFAULT_IDLE_MINUTES)


ENROL_FIRST = gettext_lazy(
    "Before anything else, set up your second factor: an authenticator app on your phone "
    "(Activate) or a security key (Add). Every login will ask for it after the password."
)


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Accounts come from the admin site: nobody signs up. Re-authentication asks for the second
    factor (the methods in `ACCOUNT_REAUTHENTICATION_METHODS`)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """allauth asks for a re-authentication before any change of a second factor; the first
        enrolment of an account that has none comes right after its password (and the account
        can do nothing else until enrolled), so that one is not asked again."""
        request = self.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and not _enrolled(request.user)
        ):
            return False
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        return required

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Right after the password, an account with no second factor goes to its enrolment."""
        if request.user.is_authenticated and not _enrolled(request.user):
            messages.info(request, ENROL_FIRST)
            return reverse("mfa_index")
        url: str = super().get_login_redirect_url(request)
        return url


def _add_key_form() -> type[Any]:
    from allauth.mfa.webauthn.forms import AddWebAuthnForm

    class AddKeyForm(AddWebAuthnForm):  # type: ignore[misc]
        """allauth's form to add a security key, its name field labelled (allauth leaves it
        to the field's name, "Name", untranslated)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["name"].label = _("Name of the key")
            self.fields["name"].help_text = _("So you can tell your keys apart, e.g. «blue key».")

    return AddKeyForm


AddKeyForm = _add_key_form()


# Paths a login without its second factor may still reach.
def _enrolment_paths() -> tuple[str, ...]:
    return (
        reverse("mfa_index"),  # /accounts/2fa/…: activate TOTP, add a key, recovery codes
        reverse("account_logout"),
        reverse("logout"),
        reverse("set_language"),
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
    )


def _enrolled(user: AbstractBaseUser) -> bool:
    enrolled: bool = Authenticator.objects.filter(
        user_id=user.pk, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()
    return enrolled


def _end(request: HttpRequest, message: str) -> HttpResponse:
    logout(request)
    messages.warning(request, message)
    target = reverse("login")
    if request.method == "GET" and not request.path.startswith("/api/"):
        target += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
    return HttpResponseRedirect(target)


class AuthGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        session = request.session
        now = time.time()
        logged_in = session.get(LOGGED_IN)
        if logged_in is None or now - logged_in > settings.SAFETYNET_SESSION_MAX_SECONDS:
            return _end(request, _("Your login has lasted its longest; please log in again."))
        seen = session.get(SEEN, logged_in)
        if now - seen > idle_limit(timezone.localdate()).total_seconds():
            return _end(request, _("You were logged out after a time without activity."))
        if not passed_second_factor(request):
            if _enrolled(user):
                return _end(request, _("Please log in with your second factor."))
            if not request.path.startswith(_enrolment_paths()):
                messages.info(request, ENROL_FIRST)
                return HttpResponseRedirect(reverse("mfa_index"))
        if now - seen >= SEEN_GRANULARITY:
            session[SEEN] = now
        return self.get_response(request)


def lockout_response(request: HttpRequest, response: Any, credentials: Any = None) -> HttpResponse:
    """django-axes's answer to a locked-out username (`AXES_LOCKOUT_CALLABLE`): a page in the
    person's language saying how long, status 429."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "web/locked_out.html", context, status=429)


# --- signals (connected in AgenciesConfig.ready) -----------------------------------------------


def on_login(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **_: Any) -> None:
    """The start of the login's absolute lifetime (any login: allauth's, a test client's).
    allauth's user sessions list the session, so disabling the account can end it."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[LOGGED_IN] = now
    request.session[SEEN] = now


def on_enrolled(sender: Any, request: HttpRequest | None, user: AbstractBaseUser,
                authenticator: Authenticator, **_: Any) -> None:  # fmt: skip
    """Enrolling proves the person holds the factor (they just typed its code or touched the
    key): the session has passed it, just now (so the recovery codes shown next need no second
    re-authentication)."""
    if request is None or authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return
    record_authentication(request, user, method="mfa", type=authenticator.type, enrolled=True,
                          reauthenticated=True)  # fmt: skip


def on_lockout(sender: Any, request: HttpRequest | None, username: str | None, **_: Any) -> None:
    """One audit row per refused attempt of a locked-out username (the account's id; never the
    typed name, which may be someone's name or a mistyped password)."""
    from django.contrib.auth import get_user_model

    from safetynet.audit.services import audit_record
    from safetynet.core.actor import SYSTEM

    user_id = (
        get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
        if username
        else None
    )
    audit_record(actor=SYSTEM, action="login.lockout", object_type="user",
                 object_id=user_id or "", detail={"known": user_id is not None})  # fmt: skip


def on_user_saved(sender: Any, instance: AbstractBaseUser, **_: Any) -> None:
    """A disabled account's sessions end at once (each listed session is deleted from the
    session store), not at their next request."""
    if instance.is_active:
        return
    from allauth.usersessions.models import UserSession

    for user_session in UserSession.objects.filter(user_id=instance.pk):
        user_session.end()
