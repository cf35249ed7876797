"""`safetynet worker`: the background worker (django-q2's cluster) with the platform's periodic
jobs scheduled. The README's serve command starts it beside the web server."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from safetynet.jobs.queue import ensure_schedules, heartbeat


class Command(BaseCommand):
    help = "Run the background worker: linkage runs, pruning, the heartbeat."

    def handle(self, *args: Any, **options: Any) -> None:
        names = ensure_schedules()
        heartbeat()
        self.stdout.write(f"periodic jobs: {', '.join(names)}")
        call_command("qcluster")
