"""Confidential addresses (shelter, foster family): masked everywhere; shown to one worker only
once a second person of the worker's unit approved their request, and only for a while."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.people.disclosure import disclosure_decide, disclosure_request, masked_line
from safetynet.people.models import AddressDisclosure, Household
from tests.conftest import City, refused
from tests.web.test_persons import _at_home, _person_in_a_case

WHY = "需將孩子的藥品送至安置處所"


def _sheltered(city: City) -> tuple[int, int]:
    person_id, _case = _person_in_a_case(city)
    home = _at_home(person_id)
    Household.objects.filter(pk=home).update(confidential="shelter")
    return person_id, home


def test_a_shelters_address_is_masked_on_every_page(city: City) -> None:
    person_id, home = _sheltered(city)
    for staff in (city.worker, city.screener, city.analyst):
        page = city.client_for(staff).get(f"/people/{person_id}/").content.decode()
        assert "東新街" not in page and "保密地址" in page and "庇護處所" in page
    assert masked_line(Household.objects.get(pk=home)) == "保密地址"
    assert masked_line(Household(street="南榮路", number="3")) == "南榮路3號"


def test_a_second_person_of_the_unit_shows_it_to_the_one_who_asked(city: City) -> None:
    person_id, home = _sheltered(city)
    worker = city.principal(city.worker)
    asked = disclosure_request(principal=worker, household_id=home, reason=WHY)
    assert disclosure_request(principal=worker, household_id=home, reason=WHY).pk == asked.pk
    # Not the one who asked, not another unit's supervisor.
    for stranger in (worker, city.principal(city.dv_supervisor)):
        refused("not_found", lambda s=stranger: disclosure_decide(
            principal=s, disclosure_id=asked.pk, approve=True, note="", version=1))  # fmt: skip
    head = city.principal(city.unit_supervisor)
    refused("invalid", lambda: disclosure_decide(principal=head, disclosure_id=asked.pk,
                                                 approve=False, note="", version=1))  # fmt: skip
    refused("stale", lambda: disclosure_decide(principal=head, disclosure_id=asked.pk,
                                               approve=True, note="", version=3))  # fmt: skip
    assert (
        "東新街" not in city.client_for(city.worker).get(f"/people/{person_id}/").content.decode()
    )
    done = disclosure_decide(principal=head, disclosure_id=asked.pk, approve=True, note="",
                             version=1)  # fmt: skip
    assert done.until is not None and done.until - done.decided_at == dt.timedelta(hours=24)  # type: ignore[operator]
    page = city.client_for(city.worker).get(f"/people/{person_id}/").content.decode()
    assert "東新街12號" in page
    row = AuditEvent.objects.filter(action="read", object_type="person").latest("pk")
    assert row.detail["disclosed"] == [home]
    # Only to the one who asked; and only for its hours.
    assert "東新街" not in city.client_for(city.unit_supervisor).get(
        f"/people/{person_id}/").content.decode()  # fmt: skip
    AddressDisclosure.objects.filter(pk=asked.pk).update(until=timezone.now())
    assert (
        "東新街" not in city.client_for(city.worker).get(f"/people/{person_id}/").content.decode()
    )
    actions = list(AuditEvent.objects.filter(object_type="household").values_list("action",
                                                                                  flat=True))  # fmt: skip
    assert sorted(actions) == ["address_decide", "address_request"]


def test_what_a_request_must_have(city: City) -> None:
    _person_id, home = _sheltered(city)
    worker = city.principal(city.worker)
    refused("invalid", lambda: disclosure_request(principal=worker, household_id=home, reason=" "))
    refused("forbidden", lambda: disclosure_request(principal=city.principal(city.police),
                                                    household_id=home, reason=WHY))  # fmt: skip
    plain = Household.objects.create(code="H-PLAIN", street="信一路", number="1")
    refused("not_found", lambda: disclosure_request(principal=worker, household_id=plain.pk,
                                                    reason=WHY))  # fmt: skip
    assert not AddressDisclosure.objects.exists()


def test_the_pages_ask_and_decide(city: City) -> None:
    person_id, home = _sheltered(city)
    client = city.client_for(city.worker)
    assert "請求揭露此地址" in client.get(f"/people/{person_id}/").content.decode()
    # Only for a household of a person the viewer may see.
    assert city.client_for(city.other_worker).post(
        f"/people/{person_id}/addresses/{home}/", {"reason": WHY}).status_code == 404  # fmt: skip
    other = Household.objects.create(code="H-ELSE", street="信二路", number="2",
                                     confidential="foster")  # fmt: skip
    assert client.post(f"/people/{person_id}/addresses/{other.pk}/",
                       {"reason": WHY}).status_code == 404  # fmt: skip
    assert client.post(f"/people/{person_id}/addresses/{home}/", {"reason": WHY}).status_code == 302
    asked = AddressDisclosure.objects.get()
    head = city.client_for(city.unit_supervisor)
    listing = head.get("/addresses/")
    assert listing.status_code == 200 and WHY in listing.content.decode()
    for nobody in (city.worker, city.police, city.auditor):
        assert city.client_for(nobody).get("/addresses/").status_code == 404
    decided = head.post("/addresses/", {"request": asked.pk, "version": 1, "approve": "yes"})
    assert decided.status_code == 302
    assert "東新街12號" in client.get(f"/people/{person_id}/").content.decode()
