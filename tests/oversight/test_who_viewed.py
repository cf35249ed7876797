"""Who viewed a person, a case, a report: every audit row naming it (directly or as what else a
page showed), who may ask, and that asking is on the record."""

from __future__ import annotations

import pytest
from django.http import Http404

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.audit.services import audit_list, audit_record
from safetynet.cases.models import Case
from safetynet.oversight import policy
from safetynet.oversight.access import access_who_viewed
from safetynet.oversight.policy import Target, can_see_who_viewed
from tests.cases.test_services import accepted
from tests.conftest import PASSWORD, City


def member_of(case: Case) -> int:
    return int(case.members.values_list("person_id", flat=True).first() or 0)


def rows_of(city: City, viewer: object, kind: str, pk: int) -> list[AuditEvent]:
    return [v.event for v in access_who_viewed(city.principal(viewer), kind, pk).rows]  # type: ignore[arg-type]


def test_a_person_page_read_and_the_case_page_showing_them_are_listed(city: City) -> None:
    case = accepted(city)
    person = member_of(case)
    city.client_for(city.worker).get(f"/people/{person}/")
    city.client_for(city.worker).get(f"/cases/{case.pk}/")
    shown = access_who_viewed(city.principal(city.auditor), "person", person)
    hows = {(v.event.object_type, v.event.action, v.via) for v in shown.rows}
    assert ("person", "read", "direct") in hows
    assert ("case", "read", "members") in hows
    assert all(v.who for v in shown.rows)
    worker_rows = [v for v in shown.rows if v.event.actor_id == city.worker.user_id]
    assert {v.unit for v in worker_rows} == {city.worker.unit.name}


def test_list_rows_name_a_case_only_for_their_own_kind(city: City) -> None:
    case = accepted(city)
    p = city.principal(city.other_worker)
    audit_list(actor=p, object_type="case", ids=[case.pk])
    audit_list(actor=p, object_type="report", ids=[case.pk])  # a report with the same number
    rows = rows_of(city, city.auditor, "case", case.pk)
    lists = [e for e in rows if e.action == "list"]
    assert [e.object_type for e in lists] == ["case"]


def test_report_rows_through_its_dispatch_and_scalar_mentions(city: City) -> None:
    case = accepted(city)
    report = case.reports.first()
    assert report is not None
    accept = AuditEvent.objects.get(action="accept")  # the dispatch accepted: {"report": …}
    rows = rows_of(city, city.auditor, "report", report.pk)
    assert accept.pk in {e.pk for e in rows}
    assert AuditEvent.objects.get(action="create", object_type="report").pk in {e.pk for e in rows}


def test_denied_and_breakglass_rows_show_and_unrelated_rows_do_not(city: City) -> None:
    case = accepted(city)
    p = city.principal(city.other_worker)
    audit_record(actor=p, action="denied", object_type="case", object_id=case.pk)
    audit_record(actor=p, action="read", object_type="case", object_id=case.pk + 1,
                 detail={"members": [999_999], "reports": [case.pk + 10_000]})  # fmt: skip
    rows = rows_of(city, city.auditor, "case", case.pk)
    assert "denied" in {e.action for e in rows}
    assert str(case.pk + 1) not in {e.object_id for e in rows}


def test_looking_is_recorded_with_what_was_shown(city: City) -> None:
    case = accepted(city)
    shown = access_who_viewed(city.principal(city.auditor), "case", case.pk)
    row = AuditEvent.objects.filter(action="who_viewed").latest("pk")
    assert (row.actor_id, row.object_type, row.object_id) == (
        city.auditor.user_id,
        "case",
        str(case.pk),
    )
    assert row.detail == {"events": [v.event.pk for v in shown.rows]}
    # …and it shows on the case's own page the next time
    assert row.pk in {e.pk for e in rows_of(city, city.auditor, "case", case.pk)}


def test_pages_of_fifty_newest_first(city: City) -> None:
    case = accepted(city)
    p = city.principal(city.worker)
    for _ in range(60):
        audit_record(actor=p, action="read", object_type="case", object_id=case.pk)
    first = access_who_viewed(city.principal(city.auditor), "case", case.pk, page=1)
    second = access_who_viewed(city.principal(city.auditor), "case", case.pk, page=2)
    assert len(first.rows) == 50 and first.pages == 2 and first.has_next
    assert second.total == first.total + 1  # the first look is a row of its own
    ats = [(v.event.at, v.event.pk) for v in first.rows]
    assert ats == sorted(ats, reverse=True)
    assert len(second.rows) == second.total - 50


def test_missing_and_unknown_kinds_are_404(city: City) -> None:
    p = city.principal(city.auditor)
    for kind, pk in (("case", 424242), ("household", 1), ("person", 0)):
        with pytest.raises(Http404):
            access_who_viewed(p, kind, pk)
    assert not AuditEvent.objects.filter(action="who_viewed").exists()


# --- the policy: each position × each kind of record ----------------------------------------

CASE_T = Target(policy.CASE, frozenset({7}), reported=False)
PERSON_T = Target(policy.PERSON, frozenset({7}), reported=True)
UNREPORTED = Target(policy.PERSON, frozenset(), reported=False)
REPORT_T = Target(policy.REPORT, frozenset(), reported=True)
OTHER_CASE = Target(policy.CASE, frozenset({8}), reported=False)


class _P:
    def __init__(self, caps: set[str], unit: int = 7, staff: bool = True) -> None:
        self.capabilities = frozenset(caps)
        self.unit_id = unit
        self.staff = object() if staff else None
        self.user_id = 1

    def has(self, c: str) -> bool:
        return c in self.capabilities


@pytest.mark.parametrize(("caps", "expect"), [
    ({policy.AUDIT}, [True, True, True, True, True]),
    ({policy.UNIT}, [True, True, False, False, False]),
    ({policy.DESK}, [False, True, False, True, False]),
    ({"case.work", "case.approve"}, [False, False, False, False, False]),
])  # fmt: skip
def test_policy_by_position_and_record(caps: set[str], expect: list[bool]) -> None:
    p = _P(caps)
    got = [can_see_who_viewed(p, t) for t in (CASE_T, PERSON_T, UNREPORTED, REPORT_T, OTHER_CASE)]  # type: ignore[arg-type]
    assert got == expect


def test_policy_needs_a_staff_record_and_a_known_kind() -> None:
    assert not can_see_who_viewed(_P({policy.AUDIT}, staff=False), CASE_T)  # type: ignore[arg-type]
    assert not can_see_who_viewed(_P({policy.AUDIT}), Target("household", frozenset(), True))  # type: ignore[arg-type]


def test_positions_granted_by_the_migration(city: City) -> None:
    assert city.principal(city.auditor).has(policy.AUDIT)
    assert city.principal(city.unit_supervisor).has(policy.UNIT)
    assert city.principal(city.dv_supervisor).has(policy.UNIT)
    desk = city.principal(city.supervisor)
    assert desk.has(policy.DESK) and desk.has(policy.UNIT)
    for staff in (city.worker, city.screener, city.police, city.analyst, city.admin):
        p = city.principal(staff)
        assert not (p.has(policy.AUDIT) or p.has(policy.UNIT) or p.has(policy.DESK)), staff


def test_a_unit_supervisor_sees_the_units_cases_and_members_only(city: City) -> None:
    case = accepted(city)
    person = member_of(case)
    boss = city.principal(city.unit_supervisor)
    assert access_who_viewed(boss, "case", case.pk).total >= 1
    access_who_viewed(boss, "person", person)  # no 404
    for kind, pk in (("report", case.reports.first().pk),):  # type: ignore[union-attr]
        with pytest.raises(Http404):
            access_who_viewed(boss, kind, pk)
    other_boss = staff_create(username="zxboss", password=PASSWORD, display_name="zxboss",
                              unit=city.units["KL-FWC-ZX"], role=Role.SUPERVISOR)  # fmt: skip
    for kind, pk in (("case", case.pk), ("person", person)):
        with pytest.raises(Http404):
            access_who_viewed(city.principal(other_boss), kind, pk)


def test_the_desk_supervisor_sees_reports_and_their_persons_not_cases(city: City) -> None:
    case = accepted(city)
    desk = city.principal(city.supervisor)
    report = case.reports.first()
    assert report is not None
    assert access_who_viewed(desk, "report", report.pk).total >= 1
    access_who_viewed(desk, "person", member_of(case))  # no 404
    with pytest.raises(Http404):
        access_who_viewed(desk, "case", case.pk)
