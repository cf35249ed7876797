"""The background worker's sign of life."""

from __future__ import annotations

from django.db import models


class WorkerBeat(models.Model):
    """Written by a job every minute: if it is old, no worker is running the jobs."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()
