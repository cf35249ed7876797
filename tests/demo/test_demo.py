"""The demo city and the bulk import it rests on."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db.models import Count

from safetynet.core.twid import id_number_kind
from safetynet.intake.models import Report, ReportStatus
from safetynet.linkage.models import ExternalRecord
from safetynet.people.models import Household, HouseholdMembership, IdKind, Person
from safetynet.people.services import HouseholdRow, MemberRow, households_import, person_create


def _row(code: str, district_id: int, names: list[str]) -> HouseholdRow:
    return HouseholdRow(
        code=code,
        district_id=district_id,
        village_id=None,
        neighbourhood="3",
        street="信一路",
        number="12",
        floor="5",
        members=[
            MemberRow(
                name=n,
                sex="F",
                birth_date=dt.date(1990, 1, i + 1),
                id_number="",
                relationship="child",
            )
            for i, n in enumerate(names)
        ],
    )


def test_bulk_import_returns_ids_and_keeps_the_sequence_going(city: Any) -> None:
    district = city.units["KL-FWC-QD"].catchment.first()
    before = person_create(name="林小安")
    ids = households_import(
        rows=[_row("HX1", district.pk, ["陳怡君", "陳宜君"]), _row("HX2", district.pk, ["王小明"])],
        since=dt.date(2026, 1, 1),
    )
    assert [len(i) for i in ids] == [2, 1]
    assert all(i > before.pk for group in ids for i in group)
    first = Person.objects.get(pk=ids[0][0])
    assert (first.name, first.name_normalised, first.id_kind) == ("陳怡君", "陳怡君", IdKind.NONE)
    assert Household.objects.get(code="HX1").memberships.count() == 2
    # Ordinary writes after a bulk import get fresh ids (the sequence moved past the import).
    after = person_create(name="林小平")
    assert after.pk > max(i for group in ids for i in group)


def test_demo_city_flows_through_every_state(db: Any, tmp_path: Path, settings: Any) -> None:
    # The accounts file of the developer's own demo city stays untouched.
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", population=3000, reports=150, seed=5, stdout=out)
    assert "demo city ready" in out.getvalue()
    people = Person.objects.all()
    assert 2900 <= people.count() <= 3100
    for person in people.exclude(id_number=None)[:500]:
        assert person.id_number is not None
        # raises on a bad check digit
        assert id_number_kind(person.id_number).value == person.id_kind
    assert people.filter(is_new_resident=True).exists()
    assert people.filter(is_indigenous=True).exists()
    assert not HouseholdMembership.objects.values("person").annotate(n=Count("id")).filter(n__gt=1)
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {ReportStatus.ACCEPTED, ReportStatus.RECEIVED, ReportStatus.CLOSED_NO_CASE} <= statuses
    assert Report.objects.count() >= 150
    # The systems' lists wait for the analyst's first linkage run.
    assert ExternalRecord.objects.values("source").distinct().count() >= 6
    assert not ExternalRecord.objects.exclude(person=None).exists()
    first_names = list(people.order_by("pk").values_list("name", flat=True)[:50])
    # A second run on the same seed refuses to duplicate the city.
    err = StringIO()
    call_command("demo", population=3000, reports=150, seed=5, stdout=out, stderr=err)
    assert "already exists" in err.getvalue()
    assert (tmp_path / "demo-accounts.txt").stat().st_mode & 0o077 == 0
    assert list(people.order_by("pk").values_list("name", flat=True)[:50]) == first_names
