"""Writes for agencies, units, staff accounts and API clients; each audited."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from safetynet.agencies.models import Agency, ApiClient, Staff, Unit
from safetynet.audit.changes import last_write
from safetynet.audit.services import audit_record
from safetynet.core.actor import SYSTEM, Actor
from safetynet.core.conflict import Side, StaleEdit, fingerprint
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


def _admin_value(row: models.Model, name: str) -> object:
    field = row._meta.get_field(name)
    if name == "password":
        return "••••••"  # a hash is never shown
    if field.many_to_many:
        return ", ".join(str(o) for o in getattr(row, name).all())
    if not field.concrete:
        return ""
    value = getattr(row, name)
    display = getattr(row, f"get_{name}_display", None)
    return display() if callable(display) else value


def _admin_check(
    instance: models.Model, version: str | None, changed: list[str], m2m: dict[str, str]
) -> None:
    """Lock the stored row and refuse the save unless the form was made from it as it is now."""
    model = type(instance)
    stored = model._default_manager.select_for_update().filter(pk=instance.pk).first()
    if stored is None:
        raise ServiceError("not_found", _("It was deleted meanwhile."), conflict=True)
    now = fingerprint(stored)
    if version == now:
        return
    by, at = last_write(instance._meta.label_lower, instance.pk)
    names = [n for n in changed if n in {f.name for f in model._meta.get_fields()}]
    # The admin form's labels (capitalised verbose names), in the reader's language where the
    # catalogue has them.
    label = {f.name: _(capfirst(str(getattr(f, "verbose_name", f.name))))
             for f in model._meta.get_fields()}  # fmt: skip
    raise StaleEdit(
        _("Someone changed this record after you opened it: compare and apply yours again."),
        stored=Side(now, [(label[n], _admin_value(stored, n)) for n in names], by, at),
        submitted=Side(
            version or "",
            [(label[n], m2m[n] if n in m2m else _admin_value(instance, n)) for n in names],
        ),
        field_name="row_version",
    )


def admin_save(
    *,
    actor: Actor,
    instance: models.Model,
    created: bool,
    changed: Iterable[str],
    version: str | None = None,
    submitted_m2m: dict[str, str] | None = None,
) -> models.Model:
    """What the admin site saves (units, agencies, staff, service groups, accounts): saved
    and audited with the names of the fields changed, and the new values of those that decide
    what an account may do (role, unit, active …: codes and ids, never a name or a password). A
    change is made on `version` (`core.conflict.fingerprint` of the row the form was made from):
    a stale one is refused with both versions, never saved over the other."""
    changed = list(changed)
    with transaction.atomic():
        if not created:
            _admin_check(instance, version, changed, submitted_m2m or {})
        instance.save()
        fields = sorted(changed)
        detail: dict[str, object] = {"fields": fields}
        values = {f: _value(instance, f) for f in fields if f in PERMISSION_FIELDS}
        if values:
            detail["values"] = values
        audit_record(actor=actor, action="create" if created else "update",
                     object_type=instance._meta.label_lower, object_id=instance.pk,
                     detail=detail)  # fmt: skip
        return instance


# Fields whose new value an audit row keeps: they change what an account or a system may do.
PERMISSION_FIELDS = frozenset({"role", "unit", "kind", "agency", "active", "is_active",
                               "is_staff", "is_superuser", "channel"})  # fmt: skip


def _value(instance: models.Model, name: str) -> object:
    field = instance._meta.get_field(name)
    value = getattr(instance, getattr(field, "attname", name))
    return value if isinstance(value, bool | int | str) or value is None else str(value)


def account_password_set(*, actor: Actor, user_id: int) -> None:
    """The admin site set an account's password (Django's own form saved it, in the caller's
    transaction): audited, without the password."""
    audit_record(actor=actor, action="password_set", object_type="auth.user", object_id=user_id)


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
