"""The per-process cache of reference rows: kept for the TTL, forgotten when one is changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safetynet.agencies.models import ApiClient
from safetynet.agencies.services import api_client_create
from safetynet.core import reference
from tests.conftest import City

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(reference, "_clock", clock)
    return clock


def test_a_value_is_kept_for_the_ttl_then_read_again(clock: Clock, settings: Any) -> None:
    settings.REFERENCE_TTL = 30
    loads: list[int] = []

    def load() -> int:
        loads.append(1)
        return len(loads)

    assert reference.cached("k", load) == 1
    clock.now += 29
    assert reference.cached("k", load) == 1
    clock.now += 2
    assert reference.cached("k", load) == 2
    assert len(loads) == 2


def test_nothing_found_is_not_kept(clock: Clock) -> None:
    found: list[str | None] = [None, "later"]
    assert reference.cached("k", lambda: found.pop(0)) is None
    assert reference.cached("k", lambda: found.pop(0)) == "later"


def _status(token: str) -> int:
    """404 (no such report) once the token is accepted; 401 when it is not."""
    return Client(headers={"authorization": f"Bearer {token}"}).get("/api/v1/reports/0").status_code


def test_a_revoked_token_is_refused_at_once_by_the_process_that_revoked_it(
    city: City, clock: Clock
) -> None:
    client, token = api_client_create(name="113 hotline", unit=city.units["KL-DESK"], channel="35")
    assert _status(token) == 404
    client.active = False
    client.save()
    assert _status(token) == 401


def test_other_processes_refuse_a_revoked_token_at_the_very_next_request(
    city: City, clock: Clock, settings: Any
) -> None:
    """Tokens are not kept with the reference rows (issue 11: a revoked token filed 75 reports
    within the TTL): whatever process revoked it, the next request is refused."""
    settings.REFERENCE_TTL = 30
    client, token = api_client_create(name="113 hotline", unit=city.units["KL-DESK"], channel="35")
    assert _status(token) == 404
    # Another process's change reaches this one without a signal: an update in SQL.
    ApiClient.objects.filter(pk=client.pk).update(active=False)
    assert _status(token) == 401
