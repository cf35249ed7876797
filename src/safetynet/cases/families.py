"""The family page (以家庭為中心): a household, its members and every case of every member
across agencies — each case shown at the level the viewer's relation to it allows, by the
`cases.family_visibility` rule table (data, not code).

The relations and levels are need-to-know's (cases/needtoknow.py), with one more relation here:
`family`, the viewer's unit leads another open case of the household (it serves the same
family). The desk opens every family; anyone else a family where at least one case is shown to
them. Nobody else opens the page (404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases import needtoknow, policy
from safetynet.cases.due import dues
from safetynet.cases.models import OPEN_STATUSES, Case
from safetynet.cases.rules import programmes
from safetynet.people.models import Household, HouseholdMembership


@dataclass(frozen=True)
class CaseShown:
    case: Case
    level: str
    programme_name: str
    last_contact: dt.datetime | None
    overdue: int
    page: bool  # the viewer may open the case page (at the summary level or more)

    @property
    def summary(self) -> bool:
        return self.level in ("summary", "full")

    @property
    def full(self) -> bool:
        return self.level == "full"


@dataclass(frozen=True)
class FamilyShown:
    household: Household
    members: list[HouseholdMembership]
    cases: list[CaseShown]


def _with_family(p: Principal, own: frozenset[str], case: Case,
                 family_units: set[int]) -> frozenset[str]:  # fmt: skip
    found = set(own)
    if policy.works_cases(p) and p.unit_id in family_units:
        found.add(needtoknow.FAMILY)
    return frozenset(found)


def access_family(p: Principal, household_id: int) -> FamilyShown:
    """The family page, or 404 for one who leads no case of the family and is not the desk.
    One audit row names the members and the cases shown."""
    household = Household.objects.filter(pk=household_id).select_related("district").first()
    if household is None:
        raise Http404
    members = list(
        HouseholdMembership.objects.filter(household=household, end__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    person_ids = [m.person_id for m in members]
    cases = list(
        Case.objects.filter(members__person_id__in=person_ids)
        .distinct()
        .select_related("lead_unit", "worker__user")
        .order_by("-opened_at")
    )
    family_units = {c.lead_unit_id for c in cases if c.status in OPEN_STATUSES}
    today = timezone.localdate()
    rows = needtoknow.table(today)
    levels, pages = {}, set()
    for case in cases:
        own = needtoknow.relations_of(p, case)
        level = needtoknow.level_of(p, _with_family(p, own, case, family_units), case.programme,
                                    rows)  # fmt: skip
        if level is not None:
            levels[case.pk] = level
        # The case page opens on the viewer's own relations (`family` is this page's alone).
        if needtoknow.at_least(needtoknow.level_of(p, own, case.programme, rows), "summary"):
            pages.add(case.pk)
    # The desk opens every family; anyone else one where some case of theirs is.
    if not (p.has(policy.READ_ALL) or levels):
        raise Http404
    names = {g["code"]: g["name"] for g in programmes(today)}
    last = dict(
        Case.objects.filter(pk__in=[c.pk for c in cases])
        .annotate(last=Max("contacts__at"))
        .values_list("pk", "last")
    )
    overdue = {
        d.case.pk: sum(1 for c in d.clocks if c.done_at is None and c.status == "overdue")
        + sum(1 for w in d.windows if w.status == "overdue")
        for d in dues([c for c in cases if c.status in OPEN_STATUSES])
    }
    shown = []
    for case in cases:
        level = levels.get(case.pk)
        if level is None:
            continue
        shown.append(CaseShown(case, level, names.get(case.programme, ""), last.get(case.pk),
                               overdue.get(case.pk, 0), case.pk in pages))  # fmt: skip
    audit_record(actor=p, action="read", object_type="household", object_id=household.pk,
                 detail={"persons": sorted(person_ids),
                         "cases": sorted(c.case.pk for c in shown)})  # fmt: skip
    return FamilyShown(household, members, shown)


def households_of_case(case: Case) -> list[int]:
    """The households of a case's members (links to their family pages)."""
    return sorted(
        set(
            HouseholdMembership.objects.filter(
                person__in=case.members.values("person_id"), end__isnull=True
            ).values_list("household_id", flat=True)
        )
    )
