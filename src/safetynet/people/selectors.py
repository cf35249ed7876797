"""Reads of the person index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection

from safetynet.core.sql import placeholders
from safetynet.people.domain import normalise_name
from safetynet.people.models import Person


@dataclass(frozen=True)
class PersonMatch:
    """How a person named in a report was found in the index."""

    status: str  # "id", "name_birth", "ambiguous" or "new"
    person: Person | None = None
    candidates: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Sought:
    """A person as a report names them."""

    name: str
    id_number: str
    birth_date: dt.date | None


MAX_CANDIDATES = 10


def persons_match(sought: Sequence[Sought]) -> list[PersonMatch]:
    """Match everyone a report names against the index, in one query."""
    if not sought:
        return []
    keys = [(normalise_name(s.name), s.birth_date) for s in sought]
    ids = sorted({s.id_number for s in sought if s.id_number})
    names = sorted({name for name, birth in keys if birth is not None})
    births = sorted({birth for _, birth in keys if birth is not None})
    # Every report filed runs this, so it is plain SQL: building it with the ORM cost more
    # than running it (bench/intake). Names × dates may fetch a few rows too many;
    # `_match_one` keeps only the exact pairs.
    where = []
    params: list[str | dt.date] = []
    if ids:
        where.append(f"id_number IN ({placeholders(len(ids))})")
        params += ids
    if names:
        where.append(
            f"(name_normalised IN ({placeholders(len(names))}) AND birth_date IN ({placeholders(len(births))}))"
        )
        params += [*names, *births]
    if not where:
        return [PersonMatch("new") for _ in sought]
    # Only what matching reads; the other fields load if a caller ever touches them.
    fields = ["id", "name", "name_normalised", "birth_date", "id_number"]
    columns = ", ".join(fields)
    sql = f"SELECT {columns} FROM {Person._meta.db_table} WHERE {' OR '.join(where)} ORDER BY id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = [Person.from_db(cursor.db.alias, fields, row) for row in cursor.fetchall()]
    by_id = {p.id_number: p for p in found if p.id_number}
    return [_match_one(one, key, by_id, found) for one, key in zip(sought, keys, strict=True)]


def _match_one(
    one: Sought,
    key: tuple[str, dt.date | None],
    by_id: dict[str, Person],
    found: list[Person],
) -> PersonMatch:
    """Exact valid ID first; else same normalised name and birth date. Never guesses between two."""
    if one.id_number and one.id_number in by_id:
        person = by_id[one.id_number]
        return PersonMatch("id", person, [person.pk])
    if key[1] is None:
        return PersonMatch("new")
    same = [
        p
        for p in found
        if (p.name_normalised, p.birth_date) == key
        # A person on file with another valid ID is someone else (a namesake, a twin).
        and not (one.id_number and p.id_number)
    ]
    if len(same) == 1:
        return PersonMatch("name_birth", same[0], [same[0].pk])
    if len(same) > 1:
        return PersonMatch("ambiguous", None, [p.pk for p in same[:MAX_CANDIDATES]])
    return PersonMatch("new")
