"""Need-to-know for linkage: who links, who may see that a system knows a person, and what."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from safetynet.agencies.models import Role
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.intake import access as intake_access
from safetynet.linkage.models import (
    ExternalRecord,
    LinkRun,
    ReviewPair,
    ReviewStatus,
    SourceSystem,
)
from safetynet.people.models import Person

# Linkage staff import lists, run linkage and review pairs. They see the identifying fields of
# records (what a match is decided on) and which system they come from, never a list's content.
LINKAGE_ROLES = frozenset({Role.PROGRAMME_ANALYST})


def can_link(principal: Principal) -> bool:
    return principal.role in LINKAGE_ROLES or principal.is_desk_supervisor


@dataclass(frozen=True)
class SystemKnowledge:
    """What one viewer may know of one system's records about a person."""

    system: SourceSystem
    count: int
    records: list[ExternalRecord] | None  # None: the viewer may only know that records exist
    content: bool  # the viewer may read the list's own columns (beyond who the person is)


def person_systems(principal: Principal, person: Person) -> list[SystemKnowledge]:
    """The systems that know this person, each as far as the viewer's role permits."""
    by_system: dict[int, list[ExternalRecord]] = {}
    records = ExternalRecord.objects.filter(person=person).select_related("source")
    for record in records.order_by("external_id"):
        by_system.setdefault(record.source.pk, []).append(record)
    role = principal.role or ""
    out = []
    for group in by_system.values():
        system = group[0].source
        content = role in system.content_roles
        if content or can_link(principal):
            out.append(SystemKnowledge(system, len(group), group, content))
        elif role in system.existence_roles:
            out.append(SystemKnowledge(system, len(group), None, False))
    return sorted(out, key=lambda k: k.system.code)


def review_queue(principal: Principal) -> QuerySet[ReviewPair]:
    if not can_link(principal):
        return ReviewPair.objects.none()
    return (
        ReviewPair.objects.filter(status=ReviewStatus.PENDING)
        .select_related("record__source", "other_record__source", "other_person")
        .order_by("-probability", "pk")
    )


def access_review_pair(principal: Principal, pair_id: int) -> ReviewPair:
    pair = (
        ReviewPair.objects.filter(pk=pair_id)
        .select_related(
            "record__source",
            "record__person",
            "other_record__source",
            "other_record__person",
            "other_person",
        )
        .prefetch_related("other_person__memberships__household__district__county")
        .first()
    )
    if pair is None or not can_link(principal):
        raise Http404
    audit_record(principal=principal, action="read", object_type="linkpair", object_id=pair.pk)
    return pair


def access_external_record(principal: Principal, record_id: int) -> ExternalRecord:
    record = ExternalRecord.objects.filter(pk=record_id).select_related("source", "person").first()
    if record is None or not can_link(principal):
        raise Http404
    audit_record(principal=principal, action="read", object_type="linkrecord", object_id=record.pk)
    return record


def access_person(principal: Principal, person_id: int) -> Person:
    """The person page: linkage staff (to check and undo links) and whoever intake lets see them."""
    if not can_link(principal):
        return intake_access.access_person(principal, person_id)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    audit_record(principal=principal, action="read", object_type="person", object_id=person.pk)
    return person


def access_link_run(principal: Principal, run_id: int) -> LinkRun:
    run = LinkRun.objects.filter(pk=run_id).select_related("started_by").first()
    if run is None or not can_link(principal):
        raise Http404
    audit_record(principal=principal, action="read", object_type="linkrun", object_id=run.pk)
    return run
