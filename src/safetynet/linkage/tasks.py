"""Linkage's background jobs: a run (queued by the page or the command) and the prune of lists
left waiting for their mapping."""

from __future__ import annotations

from safetynet.jobs.queue import enqueue
from safetynet.linkage.models import LinkRun, RunStatus
from safetynet.linkage.services import linkrun_execute
from safetynet.linkage.uploads import pending_prune

# A big city's run takes minutes; the worker gives a job this long before it counts as hung.
RUN_TIMEOUT = 3 * 3600


def enqueue_run(run_id: int) -> str:
    return enqueue("safetynet.linkage.tasks.run", run_id, group="linkage", timeout=RUN_TIMEOUT)


def run(run_id: int) -> str:
    """Carry out a queued run. A run no longer waiting or running (done, or failed and replaced
    by a later one while this job waited) is left alone, so a redelivered job is harmless."""
    current = LinkRun.objects.filter(pk=run_id).first()
    if current is None or current.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return "skipped"
    return linkrun_execute(run_id=run_id).status


def prune() -> int:
    return pending_prune()
