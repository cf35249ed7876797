"""The person page: whose it is to see, and one audit row naming everything it shows."""

from __future__ import annotations

import pytest

from safetynet.audit.models import AuditEvent
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.models import Dispatch
from safetynet.intake.services import decision_record, dispatch_accept
from safetynet.web.persons import access_person
from tests.conftest import City, file_report

pytestmark = pytest.mark.django_db


def _person_in_a_case(city: City) -> tuple[int, int]:
    report = file_report(city)
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    case = dispatch_accept(principal=city.principal(city.worker),
                           dispatch_id=Dispatch.objects.get().pk, worker_id=city.worker.pk)  # fmt: skip
    person_id = report.people.get().person_id
    assert person_id is not None
    return person_id, case.pk


@pytest.mark.parametrize(
    ("persona", "status"),
    [("screener", 200), ("supervisor", 200), ("analyst", 200), ("worker", 200),
     ("unit_supervisor", 200), ("other_worker", 404), ("dv_worker", 404), ("police", 404),
     ("auditor", 404), (None, 404)],
)  # fmt: skip
def test_a_person_is_the_desks_linkages_and_their_units(
    city: City, persona: str | None, status: int
) -> None:
    person_id, _case = _person_in_a_case(city)
    client = city.client_for(getattr(city, persona) if persona else None)
    assert client.get(f"/people/{person_id}/").status_code == status


def test_the_page_shows_the_cases_and_reports_the_viewer_may_read(city: City) -> None:
    person_id, case_id = _person_in_a_case(city)
    page = city.client_for(city.worker).get(f"/people/{person_id}/").content.decode()
    assert f"/cases/{case_id}/" in page and "七堵社福中心" in page


def _at_home(person_id: int) -> int:
    """The person lives at a household on 東新街; another person lives elsewhere."""
    import datetime as dt

    from safetynet.people.models import Household, HouseholdMembership, Person

    home = Household.objects.create(code="H-TEST-1", street="東新街", number="12")
    away = Household.objects.create(code="H-TEST-2", street="南榮路", number="3")
    HouseholdMembership.objects.create(household=home, person_id=person_id, relationship="head",
                                       start=dt.date(2020, 1, 1))  # fmt: skip
    stranger = Person.objects.create(name="鄰居甲", name_normalised="鄰居甲")
    HouseholdMembership.objects.create(household=away, person=stranger, relationship="head",
                                       start=dt.date(2020, 1, 1))  # fmt: skip
    return home.pk


def test_the_page_shows_the_persons_household_and_no_other(city: City) -> None:
    person_id, _case = _person_in_a_case(city)
    _at_home(person_id)
    page = city.client_for(city.worker).get(f"/people/{person_id}/").content.decode()
    assert "東新街12號" in page and "戶長" in page and "南榮路" not in page


def test_reading_a_person_writes_one_row_naming_what_was_shown(city: City) -> None:
    person_id, case_id = _person_in_a_case(city)
    home = _at_home(person_id)
    shown = access_person(city.principal(city.worker), person_id)
    [row] = AuditEvent.objects.filter(action="read", object_type="person")
    assert row.actor_id == city.worker.user_id and row.object_id == str(person_id)
    assert row.detail["households"] == [home] and [
        h.membership.household_id for h in shown.homes
    ] == [home]
    assert row.detail["cases"] == [case_id] and row.detail["reports"] == [
        e.report_id for e in shown.entries
    ]
    assert row.detail["records"] == [] and row.detail["systems"] == []


def test_the_page_names_only_this_persons_reports(city: City) -> None:
    from safetynet.intake.drafts import PersonDraft
    from safetynet.people.models import Person
    from tests.conftest import national_id

    for n in range(3):  # a person's id is not the id of the row that names them on a report
        Person.objects.create(name=f"先建{n}", name_normalised=f"先建{n}")
    stranger = file_report(city, persons=[PersonDraft(role="victim", name="王大明",
                                                      id_number=national_id("C", "1", 7654321))])  # fmt: skip
    first, second = file_report(city), file_report(city)
    person_id = first.people.get().person_id
    assert person_id is not None and second.people.get().person_id == person_id
    shown = access_person(city.principal(city.screener), person_id)
    assert sorted(e.report_id for e in shown.entries) == [first.pk, second.pk]
    assert {e.person_id for e in shown.entries} == {person_id}
    [row] = AuditEvent.objects.filter(action="read", object_type="person")
    assert (
        row.detail["reports"] == [first.pk, second.pk] and stranger.pk not in row.detail["reports"]
    )


def test_a_unit_sees_only_the_persons_reports_it_may_read(city: City) -> None:
    person_id, _case = _person_in_a_case(city)
    later = file_report(city)  # the same person again, still at the desk
    assert later.people.get().person_id == person_id
    shown = access_person(city.principal(city.worker), person_id)
    assert later.pk not in [e.report_id for e in shown.entries] and len(shown.entries) == 1
    page = city.client_for(city.worker).get(f"/people/{person_id}/").content.decode()
    assert later.number not in page
