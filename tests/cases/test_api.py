"""The cases API for a unit's own case system: its unit's cases only (404 otherwise), a contact
posted once per Idempotency-Key, the due list; bad input refused, never a 500; reads audited."""

from __future__ import annotations

import datetime as dt
import uuid

from django.test import Client
from django.utils import timezone

from safetynet.agencies.services import api_client_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Contact
from tests.cases.test_services import accepted
from tests.conftest import City


def system_of(city: City, unit: str) -> Client:
    _client, token = api_client_create(name=f"{unit} case system", unit=city.units[unit],
                                       channel="35")  # fmt: skip
    return Client(headers={"authorization": f"Bearer {token}"})


def test_a_units_system_reads_its_cases_and_no_others(city: City) -> None:
    case = accepted(city)
    mine, other = system_of(city, "KL-FWC-QD"), system_of(city, "KL-FWC-ZX")
    listed = mine.get("/api/v1/cases").json()
    assert [c["id"] for c in listed["items"]] == [case.pk] and listed["count"] == 1
    read = mine.get(f"/api/v1/cases/{case.pk}").json()
    assert read["status"] == "F" and read["programme"] == "vulnerable_family"
    assert {d["what"] for d in read["due"]} == {"assessment_report", "window:B"}
    assert read["members"] and read["members"][0]["name"]
    assert other.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert other.get("/api/v1/cases").json()["count"] == 0
    # A filing-only system (the desk's 113 line) reads no cases.
    assert system_of(city, "KL-DESK").get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert AuditEvent.objects.filter(action="read", object_type="case",
                                     object_id=str(case.pk)).count() == 1  # fmt: skip


def test_a_contact_is_posted_once_per_key(city: City) -> None:
    case = accepted(city)
    api = system_of(city, "KL-FWC-QD")
    body = {"at": (timezone.now() - dt.timedelta(hours=2)).isoformat(), "method": "B",
            "target": "0", "place": "案家", "notes": "家訪"}  # fmt: skip
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = api.post(f"/api/v1/cases/{case.pk}/contacts", body, content_type="application/json",
                     headers=key)  # fmt: skip
    again = api.post(f"/api/v1/cases/{case.pk}/contacts", body, content_type="application/json",
                     headers=key)  # fmt: skip
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    contact = Contact.objects.get()
    assert contact.recorded_by is None and contact.recorded_client is not None
    due = api.get("/api/v1/due").json()
    assert all(d["case_id"] == case.pk for d in due)
    assert not [d for d in due if d["what"] == "window:B"]  # the home visit met it


def test_bad_contacts_are_refused_never_a_500(city: City) -> None:
    case = accepted(city)
    api = system_of(city, "KL-FWC-QD")
    good = {"at": timezone.now().isoformat(), "method": "B", "target": "0"}

    def post(body: object, headers: dict[str, str] | None = None, case_id: int = case.pk) -> int:
        return api.post(f"/api/v1/cases/{case_id}/contacts", body, content_type="application/json",
                        headers=headers if headers is not None
                        else {"Idempotency-Key": str(uuid.uuid4())}).status_code  # fmt: skip

    assert post({**good, "method": "Q"}) == 422
    assert post({**good, "target": "x"}) == 422
    assert post({**good, "notes": "a\x00b"}) == 422
    assert post({**good, "at": (timezone.now() + dt.timedelta(days=2)).isoformat()}) == 422
    assert post({**good, "at": "not a time"}) == 422
    assert post(good, headers={}) in (400, 422)
    assert post(good, case_id=999999) == 404
    assert not Contact.objects.exists()


def test_a_contact_time_is_kept_in_utc_whatever_offset_it_was_sent_with(city: City) -> None:
    """Found by the fuzzing on PostgreSQL: an offset beyond ±16 h, or a year before 民國1年
    once in UTC, answered 500."""
    case = accepted(city)
    api = system_of(city, "KL-FWC-QD")

    def post(at: str) -> int:
        return api.post(f"/api/v1/cases/{case.pk}/contacts",
                        {"at": at, "method": "B", "target": "0"}, content_type="application/json",
                        headers={"Idempotency-Key": str(uuid.uuid4())}).status_code  # fmt: skip

    assert post("0205-08-09T17:15:23-17:15") == 422
    assert post("0001-01-01T00:00:00+05:00") == 422
    sent = (timezone.now() - dt.timedelta(hours=3)).astimezone(dt.timezone(dt.timedelta(hours=-17)))
    assert post(sent.isoformat()) == 201
    assert abs(Contact.objects.get().at - sent) < dt.timedelta(seconds=1)
