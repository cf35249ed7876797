"""Background jobs on django-q2 (its ORM broker: the queue is the platform's own database, SQLite
or PostgreSQL). See docs/decisions.md, "Background jobs", for why this library.

- `enqueue` runs a function by its dotted path on a worker (after the caller's transaction
  commits: call it from `transaction.on_commit`);
- `periodic` registers a job that runs every so many minutes (each app from its AppConfig);
  `ensure_schedules` writes them as django-q schedules when the worker starts;
- `worker_alive` says whether a worker has run the heartbeat job lately (liveness).

A job that dies with its worker is handed to another worker after `Q_CLUSTER["retry"]` seconds
(at most `max_attempts` times); jobs must therefore be safe to run again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

HEARTBEAT = "worker"
ALIVE_WITHIN = dt.timedelta(minutes=3)


@dataclass(frozen=True)
class Periodic:
    name: str
    func: str
    minutes: int


_periodic: dict[str, Periodic] = {}


def periodic(name: str, func: str, *, minutes: int) -> None:
    _periodic[name] = Periodic(name, func, minutes)


def registered() -> list[Periodic]:
    return sorted(_periodic.values(), key=lambda p: p.name)


def enqueue(func: str, *args: Any, group: str = "", timeout: int | None = None) -> str:
    """Queue `func(*args)` for a worker; its task id."""
    from django_q.tasks import async_task  # type: ignore[import-untyped]

    options: dict[str, Any] = {"group": group or func.rsplit(".", 1)[0]}
    if timeout is not None:
        options["timeout"] = timeout
    return str(async_task(func, *args, q_options=options))


def ensure_schedules() -> list[str]:
    """Every registered periodic job as a django-q schedule (created, or its interval updated);
    schedules of jobs no longer registered are removed. Their names."""
    from django_q.models import Schedule  # type: ignore[import-untyped]

    wanted = {p.name: p for p in registered()}
    Schedule.objects.filter(name__startswith="safetynet:").exclude(
        name__in=[f"safetynet:{n}" for n in wanted]
    ).delete()
    for job in wanted.values():
        Schedule.objects.update_or_create(
            name=f"safetynet:{job.name}",
            defaults={
                "func": job.func,
                "schedule_type": Schedule.MINUTES,
                "minutes": job.minutes,
                "repeats": -1,
            },
        )
    return sorted(wanted)


def heartbeat() -> None:
    """The heartbeat job: a worker ran it just now."""
    from safetynet.jobs.models import WorkerBeat

    WorkerBeat.objects.update_or_create(name=HEARTBEAT, defaults={"at": timezone.now()})


def last_beat() -> dt.datetime | None:
    from safetynet.jobs.models import WorkerBeat

    beat = WorkerBeat.objects.filter(name=HEARTBEAT).first()
    return beat.at if beat else None


def worker_alive(now: dt.datetime | None = None) -> bool:
    beat = last_beat()
    return beat is not None and (now or timezone.now()) - beat <= ALIVE_WITHIN
