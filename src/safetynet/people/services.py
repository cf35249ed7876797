"""Writes to the person index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from safetynet.people.domain import IdNumberKind, id_number_kind, normalise_name
from safetynet.people.models import Household, HouseholdMembership, IdKind, Person

_KIND = {
    IdNumberKind.NATIONAL: IdKind.NATIONAL,
    IdNumberKind.RESIDENT_NEW: IdKind.RESIDENT_NEW,
    IdNumberKind.RESIDENT_OLD: IdKind.RESIDENT_OLD,
}


@transaction.atomic
def person_create(
    *, name: str, id_number: str = "", birth_date: dt.date | None = None, sex: str = "U"
) -> Person:
    kind = _KIND[id_number_kind(id_number)] if id_number else IdKind.NONE
    return Person.objects.create(
        name=name.strip(),
        name_normalised=normalise_name(name),
        id_number=id_number or None,
        id_kind=kind,
        birth_date=birth_date,
        sex=sex,
        is_new_resident=kind in (IdKind.RESIDENT_NEW, IdKind.RESIDENT_OLD),
    )


@dataclass(frozen=True)
class HouseholdRow:
    """One household of a bulk import (a household-register extract or the demo population)."""

    code: str
    district_id: int
    village_id: int | None
    neighbourhood: str
    street: str
    number: str
    floor: str
    members: list[tuple[Person, str]]  # unsaved persons with their relationship


@transaction.atomic
def households_import(*, rows: Sequence[HouseholdRow], since: dt.date) -> int:
    """Insert a batch of households and their members in a few statements; returns persons added."""
    homes = Household.objects.bulk_create(
        [
            Household(
                code=r.code,
                district_id=r.district_id,
                village_id=r.village_id,
                neighbourhood=r.neighbourhood,
                street=r.street,
                number=r.number,
                floor=r.floor,
            )
            for r in rows
        ]
    )
    people = [p for r in rows for p, _ in r.members]
    for person in people:
        person.name_normalised = normalise_name(person.name)
    Person.objects.bulk_create(people)
    HouseholdMembership.objects.bulk_create(
        [
            HouseholdMembership(
                household=home, person=person, relationship=relationship, start=since
            )
            for home, row in zip(homes, rows, strict=True)
            for person, relationship in row.members
        ]
    )
    return len(people)
