"""The audit row itself: who (a person or a partner system), what, which object, why."""

from __future__ import annotations

import pytest

from safetynet.audit.models import AuditEvent
from safetynet.audit.services import audit_list, audit_record
from tests.conftest import City

pytestmark = pytest.mark.django_db


def test_a_partner_systems_action_names_the_system(city: City) -> None:
    partner = city.partner()
    audit_record(actor=partner, action="create", object_type="report", object_id=7)
    row = AuditEvent.objects.get(object_type="report")
    assert row.actor_client_id == partner.client_id and row.actor_id is None
    assert (row.action, row.object_type, row.object_id) == ("create", "report", "7")


def test_a_row_without_an_object_or_a_reason_leaves_them_empty(city: City) -> None:
    audit_record(actor=city.principal(city.screener), action="login", object_type="session")
    row = AuditEvent.objects.get(object_type="session")
    assert row.object_id == "" and row.reason == "" and row.detail == {}
    assert row.actor_id == city.screener.user_id and row.actor_client_id is None


def test_a_list_row_names_the_ids_shown(city: City) -> None:
    audit_list(actor=city.principal(city.worker), object_type="dispatch", ids=[3, 1])
    row = AuditEvent.objects.get(object_type="dispatch")
    assert (row.action, row.object_type, row.detail) == ("list", "dispatch", {"ids": [3, 1]})
