"""Who may see a person of the index, and the one way to fetch one by id (the person page).

Above intake, cases and linkage: a person is the viewer's to see when the viewer may look
anyone up (the desk, linkage staff), or when the person is in a report the viewer's unit has or
a member of a case it may read. Filing a report shows nothing of the index: a filer sees what
they filed, on the report's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from safetynet.agencies.principal import Principal
from safetynet.audit.access import find
from safetynet.audit.services import audit_record
from safetynet.cases.models import Case, CaseMember
from safetynet.cases.selectors import case_list_visible_to, case_visibility
from safetynet.intake.models import Report, ReportPerson
from safetynet.intake.selectors import report_list_visible_to, unit_visibility
from safetynet.linkage import policy as linkage_policy
from safetynet.linkage.access import SystemKnowledge, person_systems
from safetynet.people import policy
from safetynet.people.disclosure import AddressShown, address_shown
from safetynet.people.models import HouseholdMembership, Person


def person_visibility(p: Principal) -> Q:
    if p.has(policy.READ_ALL) or linkage_policy.can_link(p):
        return Q()
    in_reports = ReportPerson.objects.filter(
        report__in=Report.objects.filter(unit_visibility(p))
    ).values("person_id")
    in_cases = CaseMember.objects.filter(case__in=Case.objects.filter(case_visibility(p)))
    return Q(pk__in=in_reports) | Q(pk__in=in_cases.values("person_id"))


def person_list_visible_to(p: Principal) -> QuerySet[Person]:
    return Person.objects.filter(person_visibility(p))


@dataclass(frozen=True)
class Housemate:
    """Someone living in a household with the person; `linked` when the viewer may open their
    page too (else only their name and place in the household show)."""

    membership: HouseholdMembership
    linked: bool


@dataclass(frozen=True)
class Home:
    """A household of the person, its address as the viewer may see it (a shelter's or a
    foster family's is masked unless disclosed to the viewer)."""

    membership: HouseholdMembership
    address: AddressShown


@dataclass(frozen=True)
class PersonShown:
    person: Person
    homes: list[Home]
    entries: list[ReportPerson]
    cases: list[Case]
    systems: list[SystemKnowledge]
    housemates: list[Housemate]


def housemates_of(
    p: Principal, person: Person, homes: list[HouseholdMembership]
) -> list[Housemate]:
    """The current members of the person's current households, the person left out."""
    current = [m.household_id for m in homes if m.end is None]
    others = list(
        HouseholdMembership.objects.filter(household_id__in=current, end__isnull=True)
        .exclude(person=person)
        .select_related("person")
        .order_by("household_id", "pk")
    )
    visible = set(
        person_list_visible_to(p)
        .filter(pk__in=[m.person_id for m in others])
        .values_list("pk", flat=True)
    )
    return [Housemate(m, m.person_id in visible) for m in others]


def access_person(p: Principal, person_id: int) -> PersonShown:
    """The person page: the person, their households and who lives there with them, the
    reports and cases the viewer may read, and what the viewer may know of the systems that know them. One audit row names it
    all (every external record shown among it)."""
    person = find(person_list_visible_to(p), person_id, actor=p)
    homes = list(
        HouseholdMembership.objects.filter(person=person).select_related(
            "household__district__county", "household__village"
        )
    )
    entries = list(
        ReportPerson.objects.filter(person=person, report__in=report_list_visible_to(p))
        .select_related("report")
        .order_by("-report__received_at")
    )
    cases = list(
        case_list_visible_to(p).filter(members__person=person).distinct().order_by("-opened_at")
    )
    systems = person_systems(p, person)
    housemates = housemates_of(p, person, homes)
    shown = [Home(m, address_shown(p, m.household)) for m in homes]
    audit_record(
        actor=p,
        action="read",
        object_type="person",
        object_id=person.pk,
        detail={
            "households": sorted(m.household_id for m in homes),
            # Confidential addresses shown in full by an approved disclosure.
            "disclosed": sorted(
                h.membership.household_id for h in shown if h.address.disclosed_until is not None
            ),
            "housemates": sorted(h.membership.person_id for h in housemates),
            "reports": sorted({e.report_id for e in entries}),
            "cases": sorted(c.pk for c in cases),
            "systems": [k.system.code for k in systems],
            "records": sorted(r.pk for k in systems for r in (k.records or [])),
        },
    )
    return PersonShown(person, shown, entries, cases, systems, housemates)
