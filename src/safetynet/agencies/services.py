"""Writes for agencies, units, staff accounts and API clients; each audited."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.translation import gettext as _

from safetynet.agencies.models import Agency, ApiClient, Staff, Unit
from safetynet.audit.services import audit_record
from safetynet.core.actor import SYSTEM, Actor
from safetynet.core.errors import ServiceError
from safetynet.geo.models import County, District


def agency_create(*, code: str, name: str, name_en: str, kind: str, county: County) -> Agency:
    """Set-up (the demo city, an installation): create or update an agency by code."""
    with transaction.atomic():
        agency, _created = Agency.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "county": county}
        )
        return agency


def unit_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    name_en: str,
    kind: str,
    catchment: Iterable[District] = (),
) -> Unit:
    """Set-up: create or update a unit by code, with the districts it serves."""
    with transaction.atomic():
        unit, _created = Unit.objects.update_or_create(
            code=code, defaults={"agency": agency, "name": name, "name_en": name_en, "kind": kind}
        )
        unit.catchment.set(list(catchment))
        return unit


def staff_create(
    *,
    username: str,
    display_name: str,
    unit: Unit,
    role: str,
    password: str = "",
    password_hash: str = "",
    actor: Actor = SYSTEM,
) -> Staff:
    """A new login with its staff record. An existing username is refused: an account is
    changed on purpose (`staff_update`, the admin site), never by creating it again.

    `password_hash` (from make_password) lets a batch share one slow hash computation.
    """
    with transaction.atomic():
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            raise ServiceError("exists", _("An account with this username exists already."))
        user = user_model.objects.create(
            username=username, password=password_hash or make_password(password)
        )
        staff = Staff.objects.create(user=user, unit=unit, role=role, display_name=display_name)
        audit_record(actor=actor, action="create", object_type="staff", object_id=staff.pk,
                     detail={"unit": unit.pk, "role": role})  # fmt: skip
        return staff


def admin_save(
    *, actor: Actor, instance: models.Model, created: bool, changed: Iterable[str]
) -> models.Model:
    """What the admin site saves (units, agencies, staff, service groups, accounts): saved
    and audited with the names of the fields changed (never their values)."""
    with transaction.atomic():
        instance.save()
        audit_record(actor=actor, action="create" if created else "update",
                     object_type=instance._meta.label_lower, object_id=instance.pk,
                     detail={"fields": sorted(changed)})  # fmt: skip
        return instance


def admin_delete(*, actor: Actor, instance: models.Model) -> None:
    with transaction.atomic():
        label, pk = instance._meta.label_lower, instance.pk
        instance.delete()
        audit_record(actor=actor, action="delete", object_type=label, object_id=pk)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_client_create(
    *, name: str, unit: Unit, channel: str, actor: Actor = SYSTEM
) -> tuple[ApiClient, str]:
    """Returns the client and its token; only the hash is stored, so show the token once."""
    with transaction.atomic():
        token = secrets.token_urlsafe(32)
        client = ApiClient.objects.create(
            name=name, unit=unit, channel=channel, token_hash=token_hash(token)
        )
        audit_record(actor=actor, action="create", object_type="apiclient", object_id=client.pk,
                     detail={"unit": unit.pk, "channel": channel})  # fmt: skip
        return client, token


def api_client_revoke(*, actor: Actor, client_id: int) -> ApiClient:
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client_id)
        if client.active:
            client.active = False
            client.save(update_fields=["active"])
            audit_record(actor=actor, action="revoke", object_type="apiclient", object_id=client.pk)
        return client
