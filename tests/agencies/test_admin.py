"""Accounts and the admin site: opened by capability, every change through an audited service."""

from __future__ import annotations

import pytest

from safetynet.agencies.models import ApiClient, Role, Unit
from safetynet.agencies.services import api_client_create, api_client_revoke, staff_create
from safetynet.audit.models import AuditEvent
from safetynet.core.errors import ServiceError
from tests.conftest import PASSWORD, City

pytestmark = pytest.mark.django_db


def test_creating_an_account_that_exists_is_refused_not_a_silent_reset(city: City) -> None:
    before = city.worker.user.password
    with pytest.raises(ServiceError) as raised:
        staff_create(username="worker", password="another-password-1", display_name="x",
                     unit=city.units["KL-DESK"], role=Role.SCREENER)  # fmt: skip
    assert raised.value.code == "exists"
    city.worker.user.refresh_from_db()
    city.worker.refresh_from_db()
    assert city.worker.user.password == before and city.worker.unit.code == "KL-FWC-QD"
    assert not city.worker.user.is_superuser


def test_an_account_is_created_with_an_audit_row_and_no_admin_flags(city: City) -> None:
    staff = staff_create(username="newadmin", password=PASSWORD, display_name="新管理",
                         unit=city.units["KL-SA-PROG"], role=Role.ADMINISTRATOR)  # fmt: skip
    assert not staff.user.is_staff and not staff.user.is_superuser  # the capability opens admin
    row = AuditEvent.objects.get(object_type="staff", object_id=str(staff.pk))
    assert row.action == "create" and row.detail == {"unit": staff.unit_id, "role": "administrator"}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("screener", 302), ("supervisor", 302), ("auditor", 302), (None, 302)],
)
def test_the_admin_site_opens_to_those_who_administer(
    city: City, persona: str | None, status: int
) -> None:
    client = city.client_for(getattr(city, persona) if persona else None)
    assert client.get("/admin/").status_code == status
    assert client.get("/admin/agencies/unit/").status_code == status


def test_an_admin_edit_goes_through_a_service_and_is_audited(city: City) -> None:
    unit = city.units["KL-FWC-QD"]
    client = city.client_for(city.admin)
    page = client.get(f"/admin/agencies/unit/{unit.pk}/change/")
    assert page.status_code == 200
    form = {"code": unit.code, "agency": unit.agency_id, "name": "七堵暖暖社福中心",
            "name_en": unit.name_en, "kind": unit.kind,
            "catchment": list(unit.catchment.values_list("pk", flat=True)),
            "row_version": page.context["row_version"]}  # fmt: skip
    saved = client.post(f"/admin/agencies/unit/{unit.pk}/change/", form)
    assert saved.status_code == 302, saved.content.decode()[-1500:]
    assert Unit.objects.get(pk=unit.pk).name == "七堵暖暖社福中心"
    row = AuditEvent.objects.get(object_type="agencies.unit", object_id=str(unit.pk))
    assert row.action == "update" and row.actor_id == city.admin.user_id
    assert row.detail == {"fields": ["name"]}  # field names, never values


def test_the_rule_tables_are_read_only_in_the_admin_site(city: City) -> None:
    client = city.client_for(city.admin)
    assert client.get("/admin/rules/ruleversion/").status_code == 200
    assert client.get("/admin/rules/ruleversion/add/").status_code == 403
    assert client.get("/admin/intake/").status_code == 200
    assert client.get("/admin/intake/routingrule/").status_code == 404  # no longer a table


def test_revoking_a_partner_system_is_audited_and_stops_its_token(city: City) -> None:
    from django.test import Client

    client, token = api_client_create(name="113", unit=city.units["KL-DESK"], channel="35")
    api = Client(headers={"authorization": f"Bearer {token}"})
    assert api.get("/api/v1/reports/1").status_code == 404  # known, nothing to read
    api_client_revoke(actor=city.principal(city.admin), client_id=client.pk)
    api_client_revoke(actor=city.principal(city.admin), client_id=client.pk)  # idempotent
    assert not ApiClient.objects.get(pk=client.pk).active
    assert api.get("/api/v1/reports/1").status_code == 401
    [row] = AuditEvent.objects.filter(object_type="apiclient", action="revoke")
    assert row.object_id == str(client.pk) and row.actor_id == city.admin.user_id


def test_registering_a_partner_system_is_audited_with_its_id(city: City) -> None:
    client, _token = api_client_create(name="113", unit=city.units["KL-DESK"], channel="35")
    row = AuditEvent.objects.get(object_type="apiclient", action="create")
    assert row.object_id == str(client.pk) and row.detail == {
        "unit": client.unit_id,
        "channel": "35",
    }


def test_an_admin_delete_goes_through_a_service_and_is_audited(city: City) -> None:
    from safetynet.geo.models import Village

    village = Village.objects.create(
        district=city.units["KL-FWC-QD"].catchment.first(), name="測試里"
    )  # type: ignore[misc]
    client = city.client_for(city.admin)
    done = client.post(f"/admin/geo/village/{village.pk}/delete/", {"post": "yes"})
    assert done.status_code == 302 and not Village.objects.filter(pk=village.pk).exists()
    row = AuditEvent.objects.get(object_type="geo.village", action="delete")
    assert row.object_id == str(village.pk) and row.actor_id == city.admin.user_id


def test_an_admin_addition_is_audited_as_a_creation(city: City) -> None:
    from safetynet.geo.models import Village

    district = city.units["KL-FWC-QD"].catchment.first()
    assert district is not None
    client = city.client_for(city.admin)
    done = client.post("/admin/geo/village/add/", {"district": district.pk, "name": "新設里"})
    assert done.status_code == 302, done.content.decode()[-1500:]
    village = Village.objects.get(district=district, name="新設里")
    row = AuditEvent.objects.get(object_type="geo.village", object_id=str(village.pk))
    assert row.action == "create" and row.actor_id == city.admin.user_id
