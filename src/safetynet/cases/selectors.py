"""Reads of cases, scoped to who asks, and the reads other contexts need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from safetynet.agencies.principal import Principal
from safetynet.cases import needtoknow
from safetynet.cases.models import ENDED_STATUSES, OPEN_STATUSES, Case, CaseMember
from safetynet.core.sql import placeholders


def case_visibility(p: Principal, now: dt.datetime | None = None) -> Q:
    """The cases a viewer has a relation to (cases/needtoknow.py says which and how much)."""
    return needtoknow.case_visibility(p, now)


def case_list_visible_to(p: Principal) -> QuerySet[Case]:
    return Case.objects.filter(case_visibility(p)).select_related("lead_unit", "worker")


def open_cases_of_persons(person_ids: Sequence[int]) -> QuerySet[Case]:
    """The open cases any of these persons is a member of (where a report may be merged)."""
    return (
        Case.objects.filter(status__in=OPEN_STATUSES, members__person_id__in=list(person_ids))
        .select_related("lead_unit")
        .distinct()
    )


def protection_closures(
    person_ids: Sequence[int], *, since: dt.datetime, until: dt.datetime
) -> dict[int, list[dt.datetime]]:
    """When each person's protection cases ended (closed, or not opened) between `since` and
    `until` (one query).

    Every report filed asks this for everyone in it, so it is SQL rather than an ORM join
    compiled on each call (bench/intake)."""
    if not person_ids:
        return {}
    members, cases = CaseMember._meta.db_table, Case._meta.db_table
    marks = placeholders(len(person_ids))
    sql = (
        f"SELECT m.person_id, c.closed_at FROM {members} m JOIN {cases} c ON c.id = m.case_id "  # noqa: S608
        f"WHERE m.person_id IN ({marks}) AND c.service LIKE %s AND c.status IN (%s, %s) "
        "AND c.closed_at >= %s AND c.closed_at <= %s"
    )
    # As the ORM would send them (SQLite stores UTC without an offset).
    window = [connection.ops.adapt_datetimefield_value(t) for t in (since, until)]
    closures: dict[int, list[dt.datetime]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*person_ids, "protection:%", *ENDED_STATUSES, *window])
        for person_id, closed in cursor.fetchall():
            if timezone.is_naive(closed):  # SQLite keeps UTC without its offset
                closed = closed.replace(tzinfo=dt.UTC)
            closures.setdefault(person_id, []).append(closed)
    return closures


def open_case_workers(person_ids: Sequence[int]) -> list[tuple[int, int | None]]:
    """(case id, worker id) of the open cases any of these persons is a member of. Every report
    filed asks it (a re-report notifies the worker), so it is one plain SQL statement like
    `protection_closures` (bench/intake)."""
    if not person_ids:
        return []
    members, cases = CaseMember._meta.db_table, Case._meta.db_table
    sql = (
        f"SELECT DISTINCT c.id, c.worker_id FROM {members} m JOIN {cases} c ON c.id = m.case_id "  # noqa: S608
        f"WHERE m.person_id IN ({placeholders(len(person_ids))}) "
        f"AND c.status IN ({placeholders(len(OPEN_STATUSES))}) ORDER BY c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*person_ids, *OPEN_STATUSES])
        return [(case_id, worker_id) for case_id, worker_id in cursor.fetchall()]
