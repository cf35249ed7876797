"""Fetching linkage objects by id (staff only, audited) and what each viewer may know of the
systems that know a person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from safetynet.agencies.principal import Principal
from safetynet.audit.access import fetch
from safetynet.linkage import policy
from safetynet.linkage.models import (
    ExternalRecord,
    LinkRun,
    ReviewPair,
    ReviewStatus,
    SourceSystem,
)
from safetynet.people.models import Person


@dataclass(frozen=True)
class SystemKnowledge:
    """What one viewer may know of one system's records about a person."""

    system: SourceSystem
    count: int
    records: list[ExternalRecord] | None  # None: the viewer may only know that records exist
    content: bool  # the viewer may read the list's own columns (beyond who the person is)


def person_systems(p: Principal, person: Person) -> list[SystemKnowledge]:
    """The systems that know this person, each as far as the viewer's capabilities permit.
    Linkage staff see the identifying fields of every record (to check and undo links)."""
    by_system: dict[int, list[ExternalRecord]] = {}
    records = ExternalRecord.objects.filter(person=person).select_related("source")
    for record in records.order_by("external_id"):
        by_system.setdefault(record.source.pk, []).append(record)
    out = []
    for group in by_system.values():
        system = group[0].source
        content = policy.may_read(p, system.code)
        if content or policy.can_link(p):
            out.append(SystemKnowledge(system, len(group), group, content))
        elif policy.may_know(p, system.code):
            out.append(SystemKnowledge(system, len(group), None, False))
    return sorted(out, key=lambda k: k.system.code)


def review_queue(p: Principal) -> QuerySet[ReviewPair]:
    if not policy.can_link(p):
        return ReviewPair.objects.none()
    return (
        ReviewPair.objects.filter(status=ReviewStatus.PENDING)
        .select_related("record__source", "other_record__source", "other_person")
        # A run stores its queue in the order linkage ranked it (pipeline.review_queue): pairs
        # touching an index person and joining the most records first, grouped by clusters.
        .order_by("pk")
    )


def _staff_only(p: Principal, rows: QuerySet[ReviewPair]) -> QuerySet[ReviewPair]:
    return rows if policy.can_link(p) else rows.none()


def access_review_pair(p: Principal, pair_id: int) -> ReviewPair:
    pairs = ReviewPair.objects.select_related(
        "record__source", "record__person", "other_record__source", "other_record__person",
        "other_person",
    ).prefetch_related("other_person__memberships__household__district__county")  # fmt: skip
    return fetch(p, _staff_only(p, pairs), pair_id, object_type="linkpair")


def access_external_record(p: Principal, record_id: int) -> ExternalRecord:
    records = ExternalRecord.objects.select_related("source", "person")
    visible = records if policy.can_link(p) else records.none()
    return fetch(p, visible, record_id, object_type="linkrecord")


def access_link_run(p: Principal, run_id: int) -> LinkRun:
    runs = LinkRun.objects.select_related("started_by")
    visible = runs if policy.can_link(p) else runs.none()
    return fetch(p, visible, run_id, object_type="linkrun")
