"""Changes to who may do what are audited with what they became: a staff member's role or unit,
an account switched off, a password set in the admin site (never the password itself). Rule
table changes (capabilities included) are audited by the rule services (tests/rules)."""

from __future__ import annotations

import pytest

from safetynet.agencies.models import Role, Staff
from safetynet.audit.models import AuditEvent
from tests.conftest import City

pytestmark = pytest.mark.django_db


def test_a_role_change_in_the_admin_site_names_the_new_role_and_unit(city: City) -> None:
    staff = city.worker
    client = city.client_for(city.admin)
    page = client.get(f"/admin/agencies/staff/{staff.pk}/change/")
    form = {"user": staff.user_id, "unit": city.units["KL-DESK"].pk, "role": Role.SCREENER,
            "display_name": staff.display_name, "row_version": page.context["row_version"]}  # fmt: skip
    saved = client.post(f"/admin/agencies/staff/{staff.pk}/change/", form)
    assert saved.status_code == 302, saved.content.decode()[-1500:]
    assert Staff.objects.get(pk=staff.pk).role == Role.SCREENER
    row = AuditEvent.objects.get(object_type="agencies.staff", object_id=str(staff.pk))
    assert row.actor_id == city.admin.user_id and row.detail == {
        "fields": ["role", "unit"],
        "values": {"role": "screener", "unit": city.units["KL-DESK"].pk},
    }


def test_a_password_set_in_the_admin_site_is_audited_without_the_password(city: City) -> None:
    client = city.client_for(city.admin)
    user_id = city.worker.user_id
    new = "another-horse-battery-9"
    done = client.post(f"/admin/auth/user/{user_id}/password/",
                       {"password1": new, "password2": new, "usable_password": "true"})  # fmt: skip
    assert done.status_code == 302, done.content.decode()[-2000:]
    [row] = AuditEvent.objects.filter(action="password_set")
    assert (row.object_type, row.object_id, row.actor_id) == (
        "auth.user", str(user_id), city.admin.user_id)  # fmt: skip
    assert new not in str(row.detail) and row.detail == {}


def test_a_refused_password_form_is_not_audited(city: City) -> None:
    client = city.client_for(city.admin)
    done = client.post(f"/admin/auth/user/{city.worker.user_id}/password/",
                       {"password1": "a-long-pass-1", "password2": "different-pass-2"})  # fmt: skip
    assert done.status_code == 200
    assert not AuditEvent.objects.filter(action="password_set").exists()
