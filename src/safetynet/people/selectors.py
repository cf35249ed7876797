"""Reads of the person index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from safetynet.people.domain import normalise_name
from safetynet.people.models import Person


@dataclass(frozen=True)
class PersonMatch:
    """How a person named in a report was found in the index."""

    status: str  # "id", "name_birth", "ambiguous" or "new"
    person: Person | None = None
    candidates: list[int] = field(default_factory=list)


def person_match(*, name: str, id_number: str, birth_date: dt.date | None) -> PersonMatch:
    """Exact valid ID first; else same normalised name and birth date. Never guesses between two."""
    if id_number:
        by_id = Person.objects.filter(id_number=id_number).first()
        if by_id is not None:
            return PersonMatch("id", by_id, [by_id.pk])
    if birth_date is not None:
        same = Person.objects.filter(name_normalised=normalise_name(name), birth_date=birth_date)
        if id_number:
            # A person on file with another valid ID is someone else (a namesake, a twin).
            same = same.filter(id_number__isnull=True)
        found = list(same.order_by("pk")[:11])
        if len(found) == 1:
            return PersonMatch("name_birth", found[0], [found[0].pk])
        if len(found) > 1:
            return PersonMatch("ambiguous", None, [p.pk for p in found[:10]])
    return PersonMatch("new")
