"""The platform's access matrix: every page and endpoint (but the admin site and the
authentication pages, whose own tests cover them: tests/agencies) × every persona × GET and POST. What each persona may reach is written below; anything
else answering 2xx (or a redirect that is not to the login page) is an unauthorised answer.
A new URL without a row fails the test, so the matrix grows with every endpoint.

Prints "access matrix: N combinations tried, M unauthorised 2xx" (README, issue 11)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from safetynet.agencies.models import Role, Staff
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.breakglass import breakglass_open
from safetynet.cases.handoffs import handoff_answer, handoff_send
from safetynet.cases.models import Notice
from safetynet.cases.plans import plan_write
from safetynet.cases.services import contact_record
from safetynet.intake.models import Dispatch
from safetynet.intake.services import decision_record
from safetynet.people.models import Household, HouseholdMembership
from safetynet.rules.models import RuleVersion
from tests.cases.test_plans import actions
from tests.cases.test_services import FAMILY, visit
from tests.conftest import PASSWORD, City, file_report

PERSONAS = ["lead", "lead_head", "cowork", "referred", "glass", "other", "police", "school",
            "screener", "desk_head", "analyst", "admin", "auditor", "outsider", "anonymous"]  # fmt: skip
STAFF = set(PERSONAS) - {"outsider", "anonymous"}
UNITS = {"lead", "lead_head", "cowork", "referred", "glass", "other"}  # staff who work cases
DESK = {"screener", "desk_head"}
FILERS = STAFF - {"admin", "auditor"}
SKIP = re.compile(
    r"^(admin/|i18n/|login/$|logout/$|health/$|accounts/|api/v1/$|api/v1/openapi\.json$)"
)


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            out += _patterns(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.append((prefix + str(p.pattern), p.name or ""))
    return out


# Who may reach each page with a GET (an answer, or a redirect elsewhere than the login page),
# and who may change something with a bare POST (usually nobody: a POST needs its form).
CASE_READERS = {"lead", "lead_head", "cowork", "referred", "glass", "screener", "desk_head"}
FULL_READERS = {"lead", "lead_head", "glass", "screener", "desk_head"}
NOBODY: set[str] = set()
MATRIX: dict[str, tuple[set[str], set[str]]] = {
    "": (STAFF | {"outsider"}, NOBODY),
    "addresses/": ({"lead_head", "desk_head"}, NOBODY),
    "api/v1/cases": (UNITS, NOBODY),
    "api/v1/cases/<case_id>": ({"lead", "lead_head", "glass"}, NOBODY),
    "api/v1/cases/<case_id>/contacts": (NOBODY, NOBODY),
    "api/v1/dispatches/<dispatch_id>/accept": (NOBODY, NOBODY),
    "api/v1/dispatches/<dispatch_id>/return": (NOBODY, NOBODY),
    "api/v1/docs": (STAFF, NOBODY),  # staff only; assets served locally
    "api/v1/due": (UNITS, NOBODY),
    "api/v1/queue": (DESK, NOBODY),
    "api/v1/reports": (NOBODY, NOBODY),
    "api/v1/reports/<report_id>": ({"lead", "lead_head"} | DESK, NOBODY),
    "api/v1/reports/<report_id>/decision": (NOBODY, NOBODY),
    "breakglass/": ({"lead_head", "auditor"}, NOBODY),
    "breakglass/<int:grant_id>/": ({"glass", "auditor"}, NOBODY),
    "cases/": (UNITS | DESK, NOBODY),
    "cases/<int:case_id>/": (CASE_READERS, NOBODY),
    "cases/<int:case_id>/assessments/": (NOBODY, NOBODY),
    "cases/<int:case_id>/assign/": (NOBODY, NOBODY),
    "cases/<int:case_id>/breakglass/": (UNITS, NOBODY),
    "cases/<int:case_id>/contacts/": (NOBODY, NOBODY),
    "cases/<int:case_id>/contacts/<int:contact_id>/": (FULL_READERS, NOBODY),
    "cases/<int:case_id>/handoffs/": (NOBODY, NOBODY),
    "cases/<int:case_id>/plan/": (CASE_READERS, NOBODY),
    "cases/<int:case_id>/plan/<int:plan_id>/<slug:step>/": (NOBODY, NOBODY),
    "cases/<int:case_id>/reports/": (NOBODY, NOBODY),
    "cases/<int:case_id>/schedule/": (NOBODY, NOBODY),
    "cases/<int:case_id>/steps/<slug:step>/": (NOBODY, NOBODY),
    "cases/<int:case_id>/track/": (NOBODY, NOBODY),
    "cases/week/": (UNITS, NOBODY),
    "dashboard/": ({"analyst", "auditor"} | DESK, NOBODY),
    "dispatches/<int:dispatch_id>/": ({"lead", "lead_head"} | DESK, NOBODY),
    "disputes/": ({"desk_head"}, NOBODY),
    "families/<int:household_id>/": (CASE_READERS, NOBODY),
    "inbox/": (UNITS, NOBODY),
    "investigations/<int:investigation_id>/": (NOBODY, NOBODY),
    "linkage/": ({"analyst", "desk_head"}, NOBODY),
    "linkage/map/": (NOBODY, NOBODY),
    "linkage/records/<int:record_id>/unmerge/": (NOBODY, NOBODY),
    "linkage/review/": ({"analyst", "desk_head"}, NOBODY),
    "linkage/review/<int:pair_id>/": (NOBODY, NOBODY),
    # Linkage staff start a run with the defaults (the first one; the next waits for it).
    "linkage/runs/": (NOBODY, {"desk_head"}),
    "linkage/runs/<int:run_id>/": (NOBODY, NOBODY),
    "linkage/upload/": (NOBODY, NOBODY),
    "meetings/high-danger/": ({"cowork"} | DESK, NOBODY),
    "notices/": (STAFF, NOBODY),
    "notices/<int:notice_id>/": ({"lead"}, NOBODY),
    "oversight/": ({"lead_head", "desk_head", "auditor"}, NOBODY),
    "oversight/alerts/": ({"lead_head", "desk_head", "auditor"}, NOBODY),
    "oversight/alerts/<int:alert_id>/": (NOBODY, NOBODY),
    "oversight/who-viewed/<slug:kind>/<int:pk>/": ({"lead_head", "auditor"}, NOBODY),
    "people/<int:person_id>/": (CASE_READERS | {"analyst"}, NOBODY),
    "people/<int:person_id>/addresses/<int:household_id>/": (NOBODY, NOBODY),
    "queue/": (DESK, NOBODY),
    "referrals/": (UNITS, NOBODY),
    "referrals/<int:handoff_id>/": ({"lead", "lead_head", "cowork"}, NOBODY),
    "referrals/<int:handoff_id>/dispute/": (NOBODY, NOBODY),
    # The sender marks the outcome seen.
    "referrals/<int:handoff_id>/seen/": (NOBODY, {"lead"}),
    "reports/<int:report_id>/": ({"lead", "lead_head"} | DESK, NOBODY),
    "reports/<int:report_id>/decide/": (DESK, NOBODY),
    "reports/<int:report_id>/investigate/": (NOBODY, NOBODY),
    "reports/mine/": (FILERS, NOBODY),
    "reports/new/": (FILERS, NOBODY),
    "reviews/": ({"desk_head"}, NOBODY),
    "reviews/<int:decision_id>/": (NOBODY, NOBODY),
    "rules/": ({"admin", "auditor"}, NOBODY),
    "rules/<str:kind>/": ({"admin", "auditor"}, NOBODY),
    # An administrator starts a draft of a table.
    "rules/<str:kind>/draft/": (NOBODY, {"admin"}),
    "rules/versions/<int:version_id>/": ({"admin", "auditor"}, NOBODY),
    "rules/versions/<int:version_id>/<slug:action>/": (NOBODY, NOBODY),
    "tracked/": ({"desk_head"}, NOBODY),
}


def _world(city: City) -> dict[str, Any]:
    def make(name: str, unit: str, role: str) -> Staff:
        return staff_create(username=name, password=PASSWORD, display_name=name,
                            unit=city.units[unit], role=role)  # fmt: skip

    youth = make("youth", "KL-YOUTH", Role.CASE_WORKER)
    glass = make("zr", "KL-FWC-ZR", Role.CASE_WORKER)
    school = make("school", "KL-EDU-SCC", Role.SCHOOL_COUNSELLOR)
    report = file_report(city)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=FAMILY)  # fmt: skip
    dispatch = Dispatch.objects.get(decision=decision)
    from safetynet.intake.services import dispatch_accept

    case = dispatch_accept(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                           worker_id=city.worker.pk)  # fmt: skip
    member = case.members.get()
    home = Household.objects.create(code="H-MATRIX", street="東新街", number="12",
                                    confidential="shelter")  # fmt: skip
    HouseholdMembership.objects.create(household=home, person_id=member.person_id,
                                       relationship="head", start=dt.date(2020, 1, 1))  # fmt: skip
    cowork = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="cowork",
                          note="請協同", to_unit_id=city.units["KL-DV"].pk)  # fmt: skip
    handoff_answer(principal=city.principal(city.dv_worker), handoff_id=cowork.pk, version=1,
                   status="accepted")  # fmt: skip
    handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                 note="請評估", to_unit_id=youth.unit_id)  # fmt: skip
    contact = contact_record(principal=city.principal(city.worker), case_id=case.pk, draft=visit())
    plan = plan_write(principal=city.principal(city.worker), case_id=case.pk, goals="g",
                      actions=actions(city))  # fmt: skip
    grant = breakglass_open(principal=city.principal(glass), case_id=case.pk,
                            reason="夜間接獲求助電話，須立即確認家庭狀況")  # fmt: skip
    notice = Notice.objects.filter(recipient=city.worker).first()
    version = RuleVersion.objects.filter(kind="cases.programmes").first()
    ids = {
        "report_id": report.pk, "decision_id": decision.pk, "dispatch_id": dispatch.pk,
        "case_id": case.pk, "contact_id": contact.pk, "plan_id": plan.pk,
        "household_id": home.pk, "handoff_id": cowork.pk, "grant_id": grant.pk,
        "notice_id": notice.pk if notice else 999999, "person_id": member.person_id,
        "version_id": version.pk if version else 999999, "kind": "cases.programmes",
        "step": "propose_open", "action": "propose", "investigation_id": 999999,
        "run_id": 999999, "pair_id": 999999, "record_id": 999999, "alert_id": 999999,
    }  # fmt: skip
    who = {
        "lead": city.worker, "lead_head": city.unit_supervisor, "cowork": city.dv_worker,
        "referred": youth, "glass": glass, "other": city.other_worker, "police": city.police,
        "school": school, "screener": city.screener, "desk_head": city.supervisor,
        "analyst": city.analyst, "admin": city.admin, "auditor": city.auditor,
    }  # fmt: skip
    return {"ids": ids, "who": who}


def _url(pattern: str, ids: dict[str, Any]) -> str:
    if pattern.startswith("oversight/who-viewed/"):  # who viewed the case
        ids = {**ids, "kind": "case", "pk": ids["case_id"]}

    def fill(match: re.Match[str]) -> str:
        return str(ids[match.group(2)])

    path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, pattern)
    return "/" + path


def _client(city: City, who: dict[str, Staff], persona: str) -> Client:
    if persona == "anonymous":
        return Client()
    if persona == "outsider":
        return city.client_for(None)
    return city.client_for(who[persona])


# Rows that record a look, not a change: a POST that leaves only these changed nothing.
LOOKS = ("read", "list", "denied", "replay", "who_viewed", "search")


def _writes() -> int:
    return AuditEvent.objects.exclude(action__in=LOOKS).count()


def _reached(status: int, location: str) -> bool:
    """A GET reached its page: an answer, or a redirect somewhere but the login page."""
    if 200 <= status < 300:
        return True
    return status in (301, 302, 303) and "/login/" not in location


@pytest.mark.django_db
def test_no_persona_reaches_what_it_may_not(city: City, capsys: Any) -> None:
    world = _world(city)
    patterns = [(p, n) for p, n in _patterns(get_resolver()) if not SKIP.match(p)]
    observed: dict[str, tuple[set[str], set[str]]] = {}
    tried = 0
    for pattern, _name in patterns:
        url = _url(pattern, world["ids"])
        got: tuple[set[str], set[str]] = (set(), set())
        for persona in PERSONAS:
            client = _client(city, world["who"], persona)
            answer = client.get(url)
            if _reached(answer.status_code, answer.get("Location", "")):
                got[0].add(persona)
            # A POST with no body: whoever it is, it must change nothing (every write is audited).
            before = _writes()
            client.post(url)
            if _writes() != before:
                got[1].add(persona)
            tried += 2
        observed[pattern] = got
    missing = sorted(p for p in observed if p not in MATRIX)
    assert not missing, f"URLs with no row in the access matrix: {missing}"
    unauthorised = sorted(
        (pattern, method, persona)
        for pattern, got in observed.items()
        for method, allowed, reached in zip(("GET", "POST"), MATRIX[pattern], got, strict=True)
        for persona in reached - allowed
    )
    denied = sorted(
        (pattern, method, persona)
        for pattern, got in observed.items()
        for method, allowed, reached in zip(("GET", "POST"), MATRIX[pattern], got, strict=True)
        for persona in allowed - reached
    )
    with capsys.disabled():
        print(f"\naccess matrix: {tried} combinations tried, {len(unauthorised)} unauthorised 2xx")
    assert unauthorised == [], unauthorised
    assert denied == [], denied  # the matrix is exact: what it grants, each persona reaches
