"""Appending new rows in one statement, for the writes every report makes.

Filing a report inserts the report, its people, its audit row and its idempotency record.
Through `Model.objects.create()` / `bulk_create()` each insert cost about twice the CPU of the
statement itself: Django rebuilds the SQL, resolves expressions and walks the save machinery
every time (bench/intake; docs/decisions.md, "Filing a report fast"). `insert_rows` keeps the
ORM's meaning — every field's own `pre_save` (so `auto_now_add` and defaults) and
`get_db_prep_save` (so JSON and time zones) — and caches the statement per model and row count.

What it does not do, like `bulk_create`: send `pre_save`/`post_save` signals, call `save()`,
or accept expressions as values. Use it for append-only rows whose models have an automatic
primary key and no database defaults; everything else goes through the ORM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connections, router
from django.db.models import NOT_PROVIDED, Field, Model

from safetynet.core.sql import placeholders

M = TypeVar("M", bound=Model)

# (model, number of rows, database alias) -> INSERT ... RETURNING pk
_statements: dict[tuple[type[Model], int, str], str] = {}


def insert_rows(rows: Sequence[M]) -> None:
    """INSERT these new instances of one model in one statement and set their primary keys."""
    if not rows:
        return
    model = type(rows[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = _fields(model)
    if not connection.features.can_return_rows_from_bulk_insert:
        for row in rows:
            row.save(force_insert=True, using=alias)
        return
    values = []
    for row in rows:
        if type(row) is not model or not row._state.adding:
            raise ValueError("insert_rows takes new instances of one model")
        # What save() and bulk_create() do first: take the keys of related rows saved since.
        row._prepare_related_fields_for_save(operation_name="insert_rows")  # type: ignore[attr-defined]
        for field in fields:
            value = field.pre_save(row, True)
            if hasattr(value, "resolve_expression"):
                raise TypeError(f"insert_rows does not take expressions ({field.name})")
            values.append(field.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(_statement(model, len(rows), alias), values)
        keys = cursor.fetchall()
    for row, (key,) in zip(rows, keys, strict=True):
        row.pk = key
        row._state.adding = False
        row._state.db = alias


def _fields(model: type[Model]) -> list[Field[object, object]]:
    pk = model._meta.pk
    if pk is None or model._meta.auto_field is not pk:
        raise TypeError(f"insert_rows needs an automatic primary key ({model.__name__})")
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    if any(f.db_default is not NOT_PROVIDED for f in fields):
        raise TypeError(f"insert_rows does not fill database defaults ({model.__name__})")
    return fields


def _statement(model: type[Model], count: int, alias: str) -> str:
    key = (model, count, alias)
    statement = _statements.get(key)
    if statement is None:
        quote = connections[alias].ops.quote_name
        meta = model._meta
        assert meta.pk is not None
        columns = [quote(f.column) for f in _fields(model)]
        row = f"({placeholders(len(columns))})"
        statement = _statements[key] = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
            f"VALUES {', '.join([row] * count)} RETURNING {quote(meta.pk.column)}"
        )
    return statement
