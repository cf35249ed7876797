"""Case membership: a person joins a case once, with the role the report gave them."""

from __future__ import annotations

import pytest

from safetynet.cases.models import Case, CaseMember
from safetynet.cases.services import case_add_members
from safetynet.people.models import Person
from tests.conftest import City

pytestmark = pytest.mark.django_db


def test_members_join_once_with_their_first_role(city: City) -> None:
    worker = city.worker
    mother, child = (Person.objects.create(name=n, name_normalised=n) for n in ("母親甲", "孩子乙"))
    case = Case.objects.create(service="vulnerable_family", lead_unit_id=worker.unit_id,
                               worker=worker, opened_at="2026-01-05T09:00+08:00")  # fmt: skip
    assert case_add_members(case=case, members=[(mother.pk, "victim")]) == [mother.pk]
    joined = case_add_members(case=case, members=[(mother.pk, "other"), (child.pk, "child"),
                                                  (child.pk, "victim")])  # fmt: skip
    assert joined == [child.pk]
    assert sorted(CaseMember.objects.values_list("person__name", "role")) == [
        ("孩子乙", "child"), ("母親甲", "victim")]  # fmt: skip
