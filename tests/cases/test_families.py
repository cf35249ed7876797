"""The family page: every member's cases across agencies, each at the level the viewer's
relation allows (a rule table), 404 for those with no relation, every read audited."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Case
from safetynet.cases.needtoknow import level_for
from safetynet.cases.services import ContactDraft, contact_record
from safetynet.intake.drafts import DecisionDraft
from safetynet.people.models import Household, HouseholdMembership
from tests.cases.test_services import CHILD, accepted
from tests.conftest import City

ROWS = [
    {"relation": "family", "programme": "*", "level": "summary"},
    {"relation": "family", "programme": "drug", "level": "existence"},
]


def test_a_programmes_row_beats_the_wildcard_and_no_row_shows_nothing() -> None:
    assert level_for(ROWS, "family", "cp") == "summary"
    assert level_for(ROWS, "family", "drug") == "existence"
    assert level_for(ROWS, "lead", "cp") is None


def household_of(*cases: Case) -> Household:
    home = Household.objects.create(code="H-TEST-1")
    persons = {m.person_id for c in cases for m in c.members.all()}
    for pid in sorted(persons):
        HouseholdMembership.objects.create(household=home, person_id=pid, relationship="other",
                                           start=dt.date(2020, 1, 1))  # fmt: skip
    return home


def test_each_viewer_sees_the_familys_cases_as_far_as_their_relation_allows(city: City) -> None:
    family_case = accepted(city)  # 七堵社福中心, vulnerable family
    protection = accepted(city, CHILD)  # 家防中心, child protection: the same family (same persons)
    manager = staff_create(username="drugs", password="x" * 12, display_name="drugs",
                           unit=city.units["KL-DRUG"], role=Role.DRUG_CASE_MANAGER)  # fmt: skip
    drug = accepted(city, DecisionDraft(outcome="other_service", service_group="drugs"), manager)
    home = household_of(family_case, protection, drug)
    url = f"/families/{home.pk}/"

    page = city.client_for(city.worker).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    # Its own case in full (a link), the protection case in summary, the drug case: existence.
    assert f'href="/cases/{family_case.pk}/"' in text
    assert f'href="/cases/{protection.pk}/"' not in text and protection.number in text
    assert "僅限該方案檢視" in text and drug.number in text and "毒品危害防制中心" in text
    assert text.count("評估中") == 2  # status of the two cases shown in summary or full

    desk = city.client_for(city.screener).get(url).content.decode()
    assert f'href="/cases/{protection.pk}/"' in desk
    # A special category: the desk's case page shows its summary only.
    assert f'href="/cases/{drug.pk}/"' in desk
    summary = city.client_for(city.screener).get(f"/cases/{drug.pk}/").content.decode()
    assert "聯繫與訪視</h2>" not in summary and drug.number in summary

    for outsider in (city.other_worker, city.police, city.analyst):
        assert city.client_for(outsider).get(url).status_code == 404
    assert city.client_for(city.worker).get("/families/999999/").status_code == 404
    row = AuditEvent.objects.filter(action="read", object_type="household").first()
    assert row is not None and row.detail["cases"] == sorted(
        [family_case.pk, protection.pk, drug.pk]
    )


def test_the_case_page_links_to_the_family(city: City) -> None:
    case = accepted(city)
    home = household_of(case)
    page = city.client_for(city.worker).get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/families/{home.pk}/"' in page
    # … and from the person page and the screener's history.
    person = case.members.first()
    assert person is not None
    page = city.client_for(city.worker).get(f"/people/{person.person_id}/").content.decode()
    assert f'href="/families/{home.pk}/"' in page
    report = case.reports.get()
    history = city.client_for(city.screener).get(f"/reports/{report.pk}/").content.decode()
    assert f'href="/families/{home.pk}/"' in history


def test_a_co_working_unit_sees_the_summary(city: City) -> None:
    from safetynet.cases.handoffs import handoff_answer, handoff_send

    case = accepted(city)
    home = household_of(case)
    url = f"/families/{home.pk}/"
    assert city.client_for(city.dv_worker).get(url).status_code == 404
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="cowork",
                        note="請協同", to_unit_id=city.units["KL-DV"].pk)  # fmt: skip
    handoff_answer(principal=city.principal(city.dv_worker), handoff_id=sent.pk, version=1,
                   status="accepted")  # fmt: skip
    page = city.client_for(city.dv_worker).get(url).content.decode()
    assert case.number in page and f'href="/cases/{case.pk}/"' in page and "評估中" in page
    # The case page at the summary level: no contacts, assessments, reports or history.
    contact_record(principal=city.principal(city.worker), case_id=case.pk, draft=ContactDraft(
        at=timezone.now(), method="B", target="0", notes="家訪紀錄內容"))  # fmt: skip
    seen = city.client_for(city.dv_worker).get(f"/cases/{case.pk}/").content.decode()
    assert "家訪紀錄內容" not in seen and case.number in seen
    assert "家訪紀錄內容" in city.client_for(city.worker).get(f"/cases/{case.pk}/").content.decode()


def test_the_family_page_says_how_to_reach_each_cases_worker(city: City) -> None:
    case = accepted(city)
    home = household_of(case)
    city.worker.phone = "02-2420-1234"
    city.worker.save(update_fields=["phone"])
    page = city.client_for(city.worker).get(f"/families/{home.pk}/").content.decode()
    assert "02-2420-1234" in page
    assert "02-2420-1234" in city.client_for(city.worker).get(f"/cases/{case.pk}/").content.decode()
