"""The idempotency store: a pointer to what was made, forgotten after the retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from safetynet.api.idempotency import Done, idempotency_prune, run_once
from safetynet.api.models import IdempotencyRecord
from safetynet.api.tasks import prune
from safetynet.core.errors import ServiceError
from safetynet.rules.services import rule_install
from tests.conftest import City

pytestmark = pytest.mark.django_db


def _once(city: City, key: str, calls: list[int]) -> tuple[int, object]:
    def perform() -> Done:
        calls.append(1)
        return Done(201, {"name": "林美玲"}, {"report": 7})

    return run_once(actor=city.principal(city.screener), key=key, payload={"a": 1},
                    perform=perform, replay=lambda result: (201, result))  # fmt: skip


def test_a_key_is_kept_once_with_ids_only_and_a_retry_replays_it(city: City) -> None:
    # Insert-first: a retry performs again in its own transaction, finds the key taken, rolls
    # its writes back and answers by replaying what the first one made.
    assert _once(city, "k", []) == (201, {"name": "林美玲"})
    assert _once(city, "k", []) == (201, {"report": 7})
    assert IdempotencyRecord.objects.get().result == {"report": 7}


def test_a_failed_first_attempt_remembers_nothing(city: City) -> None:
    def refuse() -> Done:
        raise ServiceError("invalid", "no")

    with pytest.raises(ServiceError):
        run_once(actor=city.principal(city.screener), key="k", payload={}, perform=refuse,
                 replay=lambda result: (200, result))  # fmt: skip
    assert not IdempotencyRecord.objects.exists()


def test_keys_are_forgotten_after_the_retention_in_force(city: City) -> None:
    _once(city, "old", [])
    _once(city, "new", [])
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    assert prune() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    rule_install(actor=city.principal(city.admin), kind="api.idempotency",
                 effective_from=timezone.localdate(), content={"keep_hours": 1}, unsourced=True)  # fmt: skip
    IdempotencyRecord.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert idempotency_prune() == 1 and not IdempotencyRecord.objects.exists()
