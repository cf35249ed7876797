"""Writes to the person index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from safetynet.core.sql import placeholders
from safetynet.core.twid import IdNumberKind, InvalidIdNumber, id_number_kind
from safetynet.people.domain import normalise_name
from safetynet.people.models import Household, HouseholdMembership, IdKind, Person

_KIND = {
    IdNumberKind.NATIONAL: IdKind.NATIONAL,
    IdNumberKind.RESIDENT_NEW: IdKind.RESIDENT_NEW,
    IdNumberKind.RESIDENT_OLD: IdKind.RESIDENT_OLD,
}


def person_create(
    *, name: str, id_number: str = "", birth_date: dt.date | None = None, sex: str = "U"
) -> Person:
    with transaction.atomic():
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
class MemberRow:
    """One person of a bulk import, with their relationship to the household head."""

    name: str
    sex: str
    birth_date: dt.date | None
    id_number: str
    relationship: str
    is_indigenous: bool = False
    is_new_resident: bool = False


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
    members: list[MemberRow]


Row = tuple[Any, ...]
_PERSON_COLUMNS = ["id", "name", "name_normalised", "birth_date", "sex", "id_number", "id_kind",
                   "is_indigenous", "tribe", "is_new_resident", "nationality", "created_at"]  # fmt: skip


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows, taken from the table's own sequence or counter.

    On PostgreSQL the ids come from the sequence, so concurrent writers never collide; on SQLite
    the caller's IMMEDIATE transaction holds the write lock, so max(id) is stable.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]
    first = (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1
    return list(range(first, first + count))


def _insert(model: type[models.Model], columns: Sequence[str], rows: list[Row]) -> None:
    ops = connection.ops
    # Identifiers come from the model's metadata and are quoted by the backend.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(c) for c in columns),
        placeholders(len(columns)),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def households_import(*, rows: Sequence[HouseholdRow], since: dt.date) -> list[list[int]]:
    """Insert a batch of households and their members; returns each household's person ids.

    A register extract or the demo city brings hundreds of thousands of people, so this path
    writes plain rows with `executemany` instead of building model instances (ten times faster).
    The values are adapted by the backend's own operations, so both databases get proper types.
    """
    with transaction.atomic():
        ops = connection.ops
        now = ops.adapt_datetimefield_value(timezone.now())
        start = ops.adapt_datefield_value(since)
        home_ids = _reserve_ids(Household, len(rows))
        member_count = sum(len(r.members) for r in rows)
        person_ids = iter(_reserve_ids(Person, member_count))
        membership_ids = iter(_reserve_ids(HouseholdMembership, member_count))
        homes: list[Row] = []
        people: list[Row] = []
        memberships: list[Row] = []
        result: list[list[int]] = []
        for home_id, row in zip(home_ids, rows, strict=True):
            homes.append(
                (home_id, row.code, row.district_id, row.village_id, row.neighbourhood, row.street,
                 "", "", "", row.number, row.floor, now)
            )  # fmt: skip
            ids: list[int] = []
            for m in row.members:
                person_id = next(person_ids)
                kind = _KIND[id_number_kind(m.id_number)] if m.id_number else IdKind.NONE
                people.append(
                    (person_id, m.name, normalise_name(m.name), ops.adapt_datefield_value(m.birth_date),
                     m.sex, m.id_number or None, kind.value, m.is_indigenous, "", m.is_new_resident, "", now)
                )  # fmt: skip
                memberships.append(
                    (next(membership_ids), home_id, person_id, m.relationship, start)
                )
                ids.append(person_id)
            result.append(ids)
        _insert(
            Household,
            ["id", "code", "district_id", "village_id", "neighbourhood", "street", "section", "lane",
             "alley", "number", "floor", "created_at"],
            homes,
        )  # fmt: skip
        _insert(Person, _PERSON_COLUMNS, people)
        _insert(
            HouseholdMembership,
            ["id", "household_id", "person_id", "relationship", "start"],
            memberships,
        )
        return result


def persons_import(*, people: Sequence[MemberRow]) -> list[int]:
    """Insert persons without a household (e.g. found only in an external list); their ids.

    An ID number already in the index is left off the new person rather than failing the
    batch: the index keeps one person per ID, and linkage review sorts out the rest.
    """
    with transaction.atomic():
        numbers = [m.id_number for m in people if m.id_number]
        taken = set(
            Person.objects.filter(id_number__in=numbers).values_list("id_number", flat=True)
        )
        ops = connection.ops
        now = ops.adapt_datetimefield_value(timezone.now())
        ids = _reserve_ids(Person, len(people))
        rows = []
        for person_id, m in zip(ids, people, strict=True):
            number = m.id_number if m.id_number and m.id_number not in taken else ""
            try:
                kind = _KIND[id_number_kind(number)] if number else IdKind.NONE
            except InvalidIdNumber:
                number, kind = "", IdKind.NONE
            taken.add(number)
            rows.append(
                (person_id, m.name, normalise_name(m.name), ops.adapt_datefield_value(m.birth_date),
                 m.sex, number or None, kind.value, m.is_indigenous, "", m.is_new_resident, "", now)
            )  # fmt: skip
        _insert(Person, _PERSON_COLUMNS, rows)
        return ids
