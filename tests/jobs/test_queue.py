"""Background jobs: the periodic jobs become the worker's schedules; the heartbeat says whether
a worker runs; a queued job runs (at once in the tests' settings)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule  # type: ignore[import-untyped]

from safetynet.jobs.queue import ALIVE_WITHIN, enqueue, ensure_schedules, heartbeat, worker_alive

pytestmark = pytest.mark.django_db


def test_every_registered_periodic_job_is_scheduled_once(db: None) -> None:
    Schedule.objects.create(name="safetynet:gone", func="x.y", schedule_type=Schedule.HOURLY)
    names = ensure_schedules()
    assert {"api.prune_idempotency", "linkage.prune_uploads", "jobs.heartbeat"} <= set(names)
    ensure_schedules()
    scheduled = {s.name: s for s in Schedule.objects.filter(name__startswith="safetynet:")}
    assert set(scheduled) == {f"safetynet:{n}" for n in names}  # the stale one is gone
    assert scheduled["safetynet:jobs.heartbeat"].minutes == 1


def test_the_worker_is_alive_while_its_heartbeat_is_recent(db: None) -> None:
    assert not worker_alive()
    heartbeat()
    assert worker_alive()
    later = timezone.now() + ALIVE_WITHIN + dt.timedelta(seconds=1)
    assert not worker_alive(now=later)


def test_a_queued_job_runs(db: None) -> None:
    enqueue("safetynet.jobs.queue.heartbeat")
    assert worker_alive()


def test_the_health_page_says_whether_a_worker_runs(db: None) -> None:
    from django.test import Client

    assert Client().get("/health/").json()["worker"] == "stopped"
    heartbeat()
    answer = Client().get("/health/").json()
    assert answer["worker"] == "alive" and answer["database"] == "ok"
