"""`core.rows.insert_rows`: the same rows as the ORM would write, in one statement."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import F
from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.core.rows import insert_rows
from safetynet.intake.models import Report, ReportPerson
from tests.conftest import City, file_report

pytestmark = pytest.mark.django_db


def _people(report: Report, count: int) -> list[ReportPerson]:
    return [
        ReportPerson(
            report=report,
            role="household",
            name=f"成員{i}",
            birth_date=dt.date(1980 + i, 1, 2) if i % 2 else None,
            match_status="new",
            candidates=[i, i + 1],
            is_re_report=bool(i % 3),
        )
        for i in range(count)
    ]


def test_rows_get_their_keys_in_order_and_read_back_as_written(city: City) -> None:
    report = file_report(city)
    rows = _people(report, 5)
    insert_rows(rows)
    assert all(not row._state.adding for row in rows)
    for row in rows:
        stored = ReportPerson.objects.get(pk=row.pk)
        assert (stored.report_id, stored.name, stored.birth_date, stored.candidates) == (
            report.pk, row.name, row.birth_date, row.candidates
        )  # fmt: skip
        assert stored.sex == "U" and stored.is_re_report == row.is_re_report


def test_field_defaults_and_auto_now_add_are_filled_as_the_orm_fills_them(city: City) -> None:
    before = timezone.now()
    event = AuditEvent(actor=city.screener.user, action="read", object_type="report")
    insert_rows([event])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.at == event.at and before <= stored.at <= timezone.now()
    assert stored.detail == {} and stored.actor_id == city.screener.user.pk
    assert stored.object_id == "" and stored.actor_client_id is None


def test_without_returning_rows_it_saves_them_one_by_one(
    city: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    rows = _people(file_report(city), 3)
    insert_rows(rows)
    assert [r.pk for r in rows] == list(
        ReportPerson.objects.filter(name__startswith="成員")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def test_what_it_cannot_write_is_refused_before_anything_is_written(city: City) -> None:
    report = file_report(city)
    saved = ReportPerson.objects.filter(report=report).first()
    assert saved is not None
    with pytest.raises(ValueError):
        insert_rows([saved])
    with pytest.raises(ValueError):  # a related row not saved yet
        insert_rows([ReportPerson(report=Report(), role="victim", name="甲", match_status="new")])
    with pytest.raises(TypeError):
        insert_rows([AuditEvent(action=F("object_type"), object_type="report")])
    with pytest.raises(TypeError):
        insert_rows([Session(session_key="k", session_data="", expire_date=timezone.now())])
    assert ReportPerson.objects.count() == 1 and AuditEvent.objects.filter(action="").count() == 0
