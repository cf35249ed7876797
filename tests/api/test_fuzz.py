"""Fuzzing the API against its own OpenAPI document with schemathesis (issue 11, "How it is
checked"): as partner systems (a filer's token, a unit's case system's token) and as a desk
session (a logged-in screener, with the CSRF token a browser sends). Every operation gets
generated valid and invalid requests (bounded: SAFETYNET_FUZZ_EXAMPLES each, 15 by default), with
random ids and with ids that exist; no answer may be a 5xx, and every answer must be one the
document declares, in its declared shape and content type. The counts are printed."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as run_settings
from ninja.errors import HttpError
from schemathesis.generation import GenerationMode

from safetynet.agencies.services import api_client_create
from safetynet.apiv1 import api
from safetynet.intake.models import Dispatch
from tests.conftest import City, file_report, login_with_second_factor
from tests.intake.test_api import REPORT
from tests.web.test_serving import with_a_case

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = int(os.environ.get("SAFETYNET_FUZZ_EXAMPLES", "15"))
# What the document's own checks cannot know (left out, each for its reason):
# - ignored_auth: it re-sends a request without credentials expecting a refusal, but this
#   test passes the desk's session as a cookie the check cannot strip; the access matrices
#   (tests/*/test_access.py) test refusals.
# - positive_data_acceptance: a valid request for a record the caller may not see is refused
#   (404), by design; the schema cannot say which ids a caller may see.
# - the stateful checks (use_after_free, ensure_resource_availability): no links in the document.
EXCLUDED = {"ignored_auth", "positive_data_acceptance", "use_after_free",
            "ensure_resource_availability"}  # fmt: skip


@dataclass
class Tally:
    requests: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # 5xx
    failures: list[str] = field(default_factory=list)  # answers the document does not declare


def _checks() -> list[Any]:
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    return [check for check in CHECKS.get_all() if check.__name__ in EXCLUDED]


@contextmanager
def connection_kept() -> Iterator[None]:
    """The application is called as WSGI (as a server would), in the test's transaction: the
    connection must outlive each request, as Django's test client arranges for its own."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@dataclass
class Sender:
    """Sends one generated request and counts what came back."""

    label: str
    app: WSGIHandler
    headers: dict[str, str]
    cookies: dict[str, str]
    excluded: list[Any]
    tally: Tally

    def __call__(self, case: Any) -> None:
        # The document declares both ways in, and schemathesis makes up a credential for one of
        # them. The caller's own stands (a made-up token would overrule the desk's session; a
        # made-up session cookie means nothing beside a token).
        if case.headers:
            case.headers.pop("Authorization", None)
        if case.cookies:
            case.cookies.pop("sessionid", None)
        response = case.call(app=self.app, headers=self.headers, cookies=self.cookies)
        self.tally.requests += 1
        self.tally.by_status[response.status_code] += 1
        where = f"{self.label} {case.method} {case.formatted_path}"
        if response.status_code >= 500:
            self.tally.errors.append(f"{where}: {response.status_code} {case.as_curl_command()}")
        try:
            case.validate_response(response, headers=self.headers, excluded_checks=self.excluded)
        except (Exception, BaseExceptionGroup) as failure:
            self.tally.failures.append(f"{where}: {str(failure)[:1500]}")


def explorer(send: Sender, strategy: Any, examples: int) -> Any:
    @given(case=strategy)
    @run_settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))  # fmt: skip
    def explore(case: Any) -> None:
        send(case)

    return explore


def fuzz(
    label: str,
    *,
    headers: dict[str, str],
    cookies: dict[str, str],
    ids: dict[str, int],
    channel: str = "7",
    only: str = "",
    examples: int = EXAMPLES,
) -> Tally:
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    app = WSGIHandler()
    excluded = _checks()
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]
        if only and operation.path != only:
            continue
        known = {
            p.name: ids[p.name] for p in operation.path_parameters if p.name in ids
        }  # fmt: skip
        variants: list[tuple[GenerationMode, dict[str, Any]]] = [
            (GenerationMode.POSITIVE, {}),
            (GenerationMode.NEGATIVE, {}),
        ]
        if known:
            variants.append((GenerationMode.POSITIVE, {"path_parameters": known}))
        if operation.method.upper() == "POST" and operation.path == "/api/v1/reports":
            # a report the filer may file, so that filing itself is reached (a random one
            # mostly breaks a rule the document cannot state, e.g. an ID's check digit)
            variants.append((GenerationMode.POSITIVE, {"body": {**REPORT, "channel": channel}}))
        for mode, pinned in variants:
            strategy = operation.as_strategy(generation_mode=mode, **pinned)
            send = Sender(f"{label} {mode.value}", app, headers, cookies, excluded, tally)
            explore = explorer(send, strategy, examples)
            with connection_kept():
                explore()
    return tally


def report(label: str, tally: Tally, seconds: float) -> None:
    print(
        f"\nfuzz {label}: {tally.requests} requests, {len(tally.errors)} 5xx, "
        f"{len(tally.failures)} undeclared answers, {seconds:.0f} s; "
        f"by status {dict(sorted(tally.by_status.items()))}"
    )


def _ids(city: City) -> dict[str, int]:
    with_a_case(city)
    report_id = file_report(city).pk
    from safetynet.cases.models import Case

    return {
        "report_id": report_id,
        "dispatch_id": Dispatch.objects.first().pk,  # type: ignore[union-attr]
        "case_id": Case.objects.first().pk,  # type: ignore[union-attr]
    }


def test_fuzzing_as_partner_systems_finds_no_server_error(city: City) -> None:
    ids = _ids(city)
    started = time.monotonic()
    total = Tally()
    for label, unit, channel in (("filer", "KL-DESK", "7"), ("case system", "KL-FWC-QD", "35")):
        _client, token = api_client_create(name=label, unit=city.units[unit], channel=channel)
        tally = fuzz(label, headers={"Authorization": f"Bearer {token}"}, cookies={}, ids=ids,
                     channel=channel)  # fmt: skip
        report(f"as a partner system ({label})", tally, time.monotonic() - started)
        total.requests += tally.requests
        total.errors += tally.errors
        total.failures += tally.failures
    assert total.requests > 0
    assert total.errors == [], total.errors
    assert total.failures == [], total.failures


def test_fuzzing_as_a_desk_session_finds_no_server_error(city: City) -> None:
    ids = _ids(city)
    browser = login_with_second_factor(Client(enforce_csrf_checks=True), city.screener.user)
    browser.get("/queue/")  # the page sets the CSRF cookie, as for a browser
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME].value
    cookies = {settings.SESSION_COOKIE_NAME: browser.cookies[settings.SESSION_COOKIE_NAME].value,
               settings.CSRF_COOKIE_NAME: csrf}  # fmt: skip
    started = time.monotonic()
    tally = fuzz("desk", headers={"X-CSRFToken": csrf}, cookies=cookies, ids=ids)
    report("as a desk session (screener)", tally, time.monotonic() - started)
    assert tally.by_status[201] + tally.by_status[200] > 0  # the session was taken
    assert tally.errors == [], tally.errors
    assert tally.failures == [], tally.failures


def test_the_fuzzer_reports_a_server_error_and_an_undeclared_answer(
    city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A planted fault in the queue, then an answer the document does not declare: both are
    counted (so the zeros above mean something)."""
    from safetynet.intake import policy

    _client, token = api_client_create(name="filer", unit=city.units["KL-DESK"], channel="7")
    credentials = {"headers": {"Authorization": f"Bearer {token}"}, "cookies": {}, "ids": {}}
    with monkeypatch.context() as patched:
        patched.setattr(policy, "can_screen", lambda p: 1 / 0)
        broken = fuzz("planted", only="/api/v1/queue", examples=3, **credentials)  # type: ignore[arg-type]
    assert broken.errors and broken.requests >= 3
    with monkeypatch.context() as patched:
        patched.setattr(policy, "can_screen", _teapot)
        odd = fuzz("planted", only="/api/v1/queue", examples=3, **credentials)  # type: ignore[arg-type]
    assert odd.failures and not odd.errors


def _teapot(principal: Any) -> bool:
    raise HttpError(418, "an answer the document does not declare")
