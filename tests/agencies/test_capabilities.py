"""The capability table: who holds what, by position and by day; what a login or a partner
system holds; and the table's own checks. Positions are data (`agencies.capabilities`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safetynet.agencies.capabilities import (
    KIND,
    PARTNER_SYSTEM,
    GrantForm,
    capabilities_of,
    holders,
)
from safetynet.agencies.defaults import CAPABILITIES
from safetynet.agencies.models import UnitKind
from safetynet.agencies.principal import Principal
from safetynet.agencies.selectors import staff_holding
from safetynet.cases import policy as case_policy
from safetynet.rules.services import rule_install
from tests.conftest import City, refused

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _install(city: City, rows: list[dict[str, Any]], on: dt.date | None = None) -> None:
    rule_install(actor=city.principal(city.admin2), kind=KIND, effective_from=on or TODAY(),
                 content=rows, unsourced=True)  # fmt: skip


def test_an_inactive_account_holds_nothing(city: City) -> None:
    city.worker.user.is_active = False
    city.worker.user.save(update_fields=["is_active"])
    principal = Principal.of_user(city.worker.user)
    assert principal.staff is None and principal.capabilities == frozenset()


def test_a_partner_system_holds_what_its_units_kind_grants(city: City) -> None:
    _install(city, [*CAPABILITIES, {"unit_kind": UnitKind.POLICE_PRECINCT, "role": PARTNER_SYSTEM,
                                    "capabilities": ["report.reporter"]}])  # fmt: skip
    police_system = city.partner(unit="KL-POL-1")
    desk_system = city.partner(channel="24")
    assert police_system.has("report.reporter") and police_system.has("report.file")
    assert not desk_system.has("report.reporter") and desk_system.has("report.file")


def test_the_positions_holding_a_capability_are_those_granted_it(city: City) -> None:
    held = set(holders(case_policy.CARRY, on=TODAY()))
    assert held and all(case_policy.CARRY in capabilities_of(k, r, on=TODAY()) for k, r in held)
    unit = city.units["KL-FWC-QD"]
    carriers = list(staff_holding(case_policy.CARRY, unit_id=unit.pk))
    assert city.worker in carriers and city.unit_supervisor not in carriers


def test_each_day_reads_the_table_in_force_that_day(city: City) -> None:
    tomorrow = TODAY() + dt.timedelta(days=1)
    rows = [{**r, "capabilities": []} if r["role"] == "auditor" else r for r in CAPABILITIES]
    _install(city, rows, on=tomorrow)
    assert "audit.read" in capabilities_of("programme_office", "auditor", on=TODAY())
    assert "audit.read" not in capabilities_of("programme_office", "auditor", on=tomorrow)


def test_a_position_listed_twice_is_refused(city: City) -> None:
    twice = [*CAPABILITIES, {"unit_kind": "*", "role": "auditor", "capabilities": []}]
    error = refused("invalid", lambda: _install(city, twice))
    assert "同一職位（單位類別與角色）列了兩次。" in str(error.field_errors)


def test_the_grant_form_names_positions_in_the_users_language() -> None:
    form = GrantForm()
    kinds = dict(form.fields["unit_kind"].choices)  # type: ignore[attr-defined]
    roles = dict(form.fields["role"].choices)  # type: ignore[attr-defined]
    assert kinds["*"] == "任何單位" and kinds[UnitKind.POLICE_PRECINCT] == "警察分局"
    assert roles[PARTNER_SYSTEM] == "合作系統（API）" and roles["auditor"] == "稽核人員"
