"""Shared personas: a screener, a desk supervisor, two unit workers, a police officer, an outsider."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client, RequestFactory

from safetynet.agencies.auth import enrol_totp
from safetynet.agencies.models import Role, Staff, Unit
from safetynet.agencies.principal import Principal
from safetynet.agencies.services import api_client_create, staff_create
from safetynet.core import reference
from safetynet.core.twid import check_digit
from safetynet.demo.city import build_institutions
from safetynet.geo.models import District
from safetynet.intake.drafts import PersonDraft, ReportDraft
from safetynet.intake.models import Report
from safetynet.intake.services import report_create

PASSWORD = "correct-horse-battery-staple"


def national_id(letter: str, sex_digit: str, serial: int) -> str:
    prefix = f"{letter}{sex_digit}{serial:07d}"
    return prefix + check_digit(prefix)


@dataclass
class City:
    units: dict[str, Unit]
    screener: Staff
    supervisor: Staff
    worker: Staff  # 七堵社福中心
    other_worker: Staff  # 中正信義社福中心
    dv_worker: Staff
    unit_supervisor: Staff  # 七堵社福中心's supervisor: answers dispatches, carries no cases
    dv_supervisor: Staff  # 家防中心's supervisor: approves its case decisions
    police: Staff
    analyst: Staff
    admin: Staff
    admin2: Staff
    auditor: Staff
    outsider: Any  # a login with no staff record

    def principal(self, staff: Staff) -> Principal:
        return Principal.of_user(staff.user)

    def partner(self, channel: str = "35", unit: str = "KL-DESK") -> Principal:
        """A partner system registered for one channel."""
        client, _token = api_client_create(name=f"system {channel}", unit=self.units[unit],
                                           channel=channel)  # fmt: skip
        return Principal.of_client(client)

    def client_for(self, staff: Staff | None) -> Client:
        return login_with_second_factor(
            Client(), staff.user if staff is not None else self.outsider
        )


@pytest.fixture
def city(db: Any, django_user_model: Any) -> City:
    units = build_institutions()

    def make(username: str, unit: str, role: str) -> Staff:
        return staff_create(
            username=username, password=PASSWORD, display_name=username, unit=units[unit], role=role
        )

    return City(
        units=units,
        screener=make("screener", "KL-DESK", Role.SCREENER),
        supervisor=make("supervisor", "KL-DESK", Role.SUPERVISOR),
        worker=make("worker", "KL-FWC-QD", Role.CASE_WORKER),
        other_worker=make("other", "KL-FWC-ZX", Role.CASE_WORKER),
        dv_worker=make("dv", "KL-DV", Role.CASE_WORKER),
        unit_supervisor=make("fwcsupervisor", "KL-FWC-QD", Role.SUPERVISOR),
        dv_supervisor=make("dvsupervisor", "KL-DV", Role.SUPERVISOR),
        police=make("police", "KL-POL-1", Role.POLICE_OFFICER),
        analyst=make("analyst", "KL-SA-PROG", Role.PROGRAMME_ANALYST),
        admin=make("admin", "KL-SA-PROG", Role.ADMINISTRATOR),
        admin2=make("admin2", "KL-SA-PROG", Role.ADMINISTRATOR),
        auditor=make("auditor", "KL-SA-PROG", Role.AUDITOR),
        outsider=django_user_model.objects.create_user("outsider", password=PASSWORD),
    )


def totp_secret(username: str) -> str:
    """Each test account's authenticator-app secret (base32), derived from its username."""
    return base64.b32encode(hashlib.sha256(f"totp:{username}".encode()).digest()[:20]).decode()


def enrolled(user: Any) -> Any:
    """The account with its authenticator app enrolled (allauth's TOTP), once."""
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        enrol_totp(user, totp_secret(user.username))
    return user


def _session_request(client: Client, user: Any) -> Any:
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    return request


def login_with_second_factor(client: Client, user: Any) -> Client:
    """The one place tests log in without the pages: Django's force_login, then the session
    records that the login passed its second factor exactly as allauth records it after a good
    code (allauth's own record of the session's authentications). The account is enrolled."""
    from allauth.account.internal.flows.login import record_authentication

    client.force_login(enrolled(user))
    request = _session_request(client, user)
    record_authentication(request, user, method="mfa", type="totp")
    request.session.save()
    return client


def reauthenticated(client: Client, user: Any) -> Client:
    """The session re-authenticated just now (as allauth records a second factor typed again
    on its re-authentication page), for tests of what lies behind `recent_auth_required`."""
    from allauth.account.internal.flows.login import record_authentication

    request = _session_request(client, user)
    record_authentication(request, user, method="mfa", type="totp", reauthenticated=True)
    request.session.save()
    return client


QIDU = "10017020"  # 七堵區


def qidu() -> District:
    return District.objects.get(code=QIDU)


def file_report(
    city: City,
    *,
    persons: list[PersonDraft] | None = None,
    concerns: tuple[str, ...] = (),
    areas: tuple[str, ...] = ("economic",),
    received_at: dt.datetime | None = None,
) -> Report:
    draft = ReportDraft(
        channel="35",
        reporter_type="neighbour",
        reporter_name="通報人甲",
        reporter_phone="02-24000000",
        district=QIDU,
        narrative="鄰居反映家中經濟困難。",
        urgency="normal",
        concerns=list(concerns),
        vulnerable_areas=list(areas),
        persons=persons
        or [PersonDraft(role="victim", name="林美玲", id_number=national_id("C", "2", 1234567))],
    )
    report, _people = report_create(
        principal=city.principal(city.screener), draft=draft, received_at=received_at
    )
    return report


# The mutation run (`python3 dev.py mutate`) starts a pytest session per mutant; each starts
# from a copy of one migrated SQLite database instead of migrating its own, which took longer
# than most mutants' tests.
TEMPLATE = os.environ.get("SAFETYNET_TEST_TEMPLATE", "")

if TEMPLATE:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_blocker: Any) -> Iterator[None]:
        folder = Path(tempfile.mkdtemp(prefix="safetynet-mutant-"))
        copy = folder / "db.sqlite3"
        shutil.copyfile(TEMPLATE, copy)
        with django_db_blocker.unblock():
            connections["default"].close()
            connections["default"].settings_dict["NAME"] = str(copy)
        yield
        with django_db_blocker.unblock():
            connections["default"].close()
        shutil.rmtree(folder, ignore_errors=True)

else:

    @pytest.fixture(scope="session")
    def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
        """pytest-django's test databases, and before they are dropped: end any session still
        open on them. The browser tests leave one behind (idle, owned by no live thread, so no
        `close_all` reaches it), and PostgreSQL will not drop a database in use."""
        yield
        with django_db_blocker.unblock():
            for connection in connections.all():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                connection.close()


@pytest.fixture(autouse=True)
def fresh_reference_cache() -> None:
    """Each test's database starts over (rolled back, no signals), so the cached rows must too."""
    reference.forget()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """allauth keeps used one-time codes and its rate limits in the cache: each test starts
    with none (a user id of one test may be another's)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def in_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def refused(code: str, action: Any) -> Any:
    """Run `action`, which a service must refuse with `code`; its message and every field's
    message are in the user's language (zh-Hant first). Returns the error."""
    from safetynet.core.errors import ServiceError

    with pytest.raises(ServiceError) as raised:
        action()
    error = raised.value
    assert error.code == code, error.code
    assert in_chinese(error.message), error.message
    for messages in error.field_errors.values():
        assert messages and all(in_chinese(m) for m in messages), messages
    return error
