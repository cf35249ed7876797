"""One lead unit per family at a time: set by the family's first open case, passed on when its
unit has no open case of the family left, handed over or decided by the desk; history kept."""

from __future__ import annotations

from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.cases.familylead import current_lead, families_refresh, family_lead_set
from safetynet.cases.models import FamilyLead
from safetynet.people.models import Household
from tests.cases.test_families import household_of
from tests.cases.test_services import CHILD, accepted, step
from tests.conftest import City, refused


def _family(city: City) -> tuple[Household, int, int]:
    """A family served by 七堵社福中心 (first) and then by 家防中心."""
    first = accepted(city)
    home = household_of(first)
    assert current_lead(home.pk) is None  # the household was recorded after the case opened
    second = accepted(city, CHILD)  # opening it looks at the family: the oldest open case leads
    return home, first.pk, second.pk


def test_the_first_open_case_leads_and_the_next_takes_over_when_it_ends(city: City) -> None:
    home, first, second = _family(city)
    lead = current_lead(home.pk)
    assert lead is not None and lead.unit_id == city.worker.unit_id and lead.reason == "first_case"
    from safetynet.cases.models import Case

    case = Case.objects.get(pk=first)
    step(city, city.worker, case, "propose_open", "不符開案", "N")
    step(city, city.unit_supervisor, case, "approve_open")
    lead = current_lead(home.pk)
    assert lead is not None and lead.unit_id == city.dv_worker.unit_id
    assert lead.reason == "previous_ended" and lead.case_id == second
    assert FamilyLead.objects.filter(household=home).count() == 2  # who led when, kept
    # Reopening the first case does not take the family back: the lead still serves it.
    step(city, city.worker, Case.objects.get(pk=first), "reopen", "再度通報")
    lead_after = current_lead(home.pk)
    assert lead_after is not None and lead_after.pk == lead.pk


def test_no_open_case_no_lead(city: City) -> None:
    home, first, _second = _family(city)
    from safetynet.cases.models import Case

    for pk in (first, _second):
        Case.objects.filter(pk=pk).update(status="C")
    families_refresh(home.memberships.values_list("person_id", flat=True), timezone.now())
    assert current_lead(home.pk) is None


def test_the_lead_hands_over_and_the_desk_decides(city: City) -> None:
    home, _first, _second = _family(city)
    dv = city.units["KL-DV"].pk
    # Not the other unit, not a worker of the lead unit; not to a unit that does not serve it.
    for stranger in (city.dv_supervisor, city.worker, city.screener):
        refused("forbidden", lambda s=stranger: family_lead_set(
            principal=city.principal(s), household_id=home.pk, unit_id=dv, note="協調結果"))  # fmt: skip
    head = city.principal(city.unit_supervisor)
    refused("invalid", lambda: family_lead_set(principal=head, household_id=home.pk, unit_id=dv,
                                               note=" "))  # fmt: skip
    refused("not_serving", lambda: family_lead_set(principal=head, household_id=home.pk,
                                                   unit_id=city.units["KL-FWC-ZX"].pk,
                                                   note="協調結果"))  # fmt: skip
    handed = family_lead_set(principal=head, household_id=home.pk, unit_id=dv, note="保護優先")
    assert handed.reason == "handed_over" and handed.set_by_id == city.unit_supervisor.pk
    assert (
        family_lead_set(
            principal=city.principal(city.dv_supervisor),
            household_id=home.pk,
            unit_id=dv,
            note="保護優先",
        ).pk
        == handed.pk
    )  # same unit: unchanged
    decided = family_lead_set(principal=city.principal(city.supervisor), household_id=home.pk,
                              unit_id=city.worker.unit_id, note="篩派案中心裁決")  # fmt: skip
    assert decided.reason == "decided"
    assert FamilyLead.objects.filter(household=home, until__isnull=True).count() == 1
    assert AuditEvent.objects.filter(action="family_lead").count() == 2


def test_the_family_page_shows_and_sets_it(city: City) -> None:
    home, _first, _second = _family(city)
    page = city.client_for(city.dv_worker).get(f"/families/{home.pk}/").content.decode()
    assert "家庭主責單位" in page and "七堵社福中心" in page and "移交" not in page
    head = city.client_for(city.unit_supervisor)
    assert "移交給另一個服務此家庭的單位" in head.get(f"/families/{home.pk}/").content.decode()
    seen = current_lead(home.pk)
    assert seen is not None
    answer = head.post(
        f"/families/{home.pk}/",
        {"unit": city.units["KL-DV"].pk, "note": "保護優先", "seen": seen.pk},
    )
    assert answer.status_code == 302
    lead = current_lead(home.pk)
    assert lead is not None and lead.unit_id == city.units["KL-DV"].pk
