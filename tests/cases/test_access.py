"""The access matrix of every case-management page and endpoint: lead, co-working unit, a unit
the case was referred to, a worker who broke the glass, another unit, police, school, the desk,
the desk's supervisor, an auditor. 404 for what they may not see."""

from __future__ import annotations

import datetime as dt

import pytest

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.cases.breakglass import breakglass_open
from safetynet.cases.handoffs import handoff_answer, handoff_send
from safetynet.cases.plans import plan_write
from tests.cases.test_families import household_of
from tests.cases.test_plans import actions
from tests.cases.test_services import accepted
from tests.conftest import PASSWORD, City

ROLES = ["lead", "cowork", "referred", "glass", "other", "police", "school", "desk",
         "desk_supervisor", "auditor"]  # fmt: skip
OK, NO = 200, 404
# page → the status each role gets, in the order of ROLES
MATRIX = {
    "case": [OK, OK, OK, OK, NO, NO, NO, OK, OK, NO],
    "plan": [OK, OK, OK, OK, NO, NO, NO, OK, OK, NO],
    "family": [OK, OK, OK, OK, NO, NO, NO, OK, OK, NO],
    "handoff": [OK, OK, NO, NO, NO, NO, NO, NO, NO, NO],
    "week": [OK, OK, OK, OK, OK, NO, NO, NO, NO, NO],
    "referrals": [OK, OK, OK, OK, OK, NO, NO, NO, NO, NO],
    "tracked": [NO, NO, NO, NO, NO, NO, NO, NO, OK, NO],
    "disputes": [NO, NO, NO, NO, NO, NO, NO, NO, OK, NO],
    "high_danger": [NO, OK, NO, NO, NO, NO, NO, OK, OK, NO],
    "api_case": [OK, NO, NO, OK, NO, NO, NO, NO, NO, NO],
    "breakglass_list": [NO, NO, NO, NO, NO, NO, NO, NO, NO, OK],
    "breakglass_grant": [NO, NO, NO, OK, NO, NO, NO, NO, NO, OK],
}


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_each_role_gets_what_it_may_see(city: City, page: str) -> None:
    case = accepted(city)
    home = household_of(case)
    cowork = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="cowork",
                          note="請協同", to_unit_id=city.units["KL-DV"].pk)  # fmt: skip
    handoff_answer(principal=city.principal(city.dv_worker), handoff_id=cowork.pk, version=1,
                   status="accepted")  # fmt: skip
    plan_write(principal=city.principal(city.worker), case_id=case.pk, goals="g",
               actions=actions(city))  # fmt: skip
    school = staff_create(username="school", password=PASSWORD, display_name="school",
                          unit=city.units["KL-EDU-SCC"], role=Role.SCHOOL_COUNSELLOR)  # fmt: skip
    referred = staff_create(username="youth", password=PASSWORD, display_name="youth",
                            unit=city.units["KL-YOUTH"], role=Role.CASE_WORKER)  # fmt: skip
    handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                 note="請評估", to_unit_id=referred.unit_id)  # fmt: skip
    glass = staff_create(username="glass", password=PASSWORD, display_name="glass",
                         unit=city.units["KL-FWC-ZR"], role=Role.CASE_WORKER)  # fmt: skip
    grant = breakglass_open(principal=city.principal(glass), case_id=case.pk,
                            reason="夜間接獲求助電話，須立即確認家庭狀況")  # fmt: skip
    who = {"lead": city.worker, "cowork": city.dv_worker, "referred": referred, "glass": glass,
           "other": city.other_worker, "police": city.police, "school": school,
           "desk": city.screener, "desk_supervisor": city.supervisor, "auditor": city.auditor}  # fmt: skip
    url = {
        "case": f"/cases/{case.pk}/", "plan": f"/cases/{case.pk}/plan/",
        "family": f"/families/{home.pk}/", "handoff": f"/referrals/{cowork.pk}/",
        "week": "/cases/week/", "referrals": "/referrals/", "tracked": "/tracked/",
        "disputes": "/disputes/", "high_danger": "/meetings/high-danger/",
        "api_case": f"/api/v1/cases/{case.pk}", "breakglass_list": "/breakglass/",
        "breakglass_grant": f"/breakglass/{grant.pk}/",
    }[page]  # fmt: skip
    got = [city.client_for(who[role]).get(url).status_code for role in ROLES]
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, MATRIX[page], strict=True))


def test_writes_from_outside_the_lead_unit_are_404_or_refused(city: City) -> None:
    case = accepted(city)
    soon = (dt.date.today() + dt.timedelta(days=9)).isoformat()
    posts: dict[str, dict[str, object]] = {
        f"/cases/{case.pk}/steps/propose_open/": {"version": 1, "decision": "Y", "reason": "x"},
        f"/cases/{case.pk}/contacts/": {"at": "2026-01-01T10:00", "method": "B", "target": "0"},
        f"/cases/{case.pk}/handoffs/": {"kind": "referral", "to_organisation": "x", "note": "x"},
        f"/cases/{case.pk}/plan/": {"goals": "g", "action_0": "a", "review_0": soon},
        f"/cases/{case.pk}/track/": {"reason": "x", "next_step": "y", "due_on": soon},
    }
    for outsider in (city.other_worker, city.police, city.auditor):
        for url, body in posts.items():
            status = city.client_for(outsider).post(url, {**body, "submission": "x"}).status_code
            assert status == 404, (outsider, url, status)
    assert case.events.count() == 1 and not case.contacts.exists() and not case.plans.exists()
