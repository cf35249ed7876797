"""Writes for agencies, units, staff accounts and API clients."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from safetynet.agencies.models import Agency, ApiClient, Role, Staff, Unit
from safetynet.geo.models import County, District


@transaction.atomic
def agency_create(*, code: str, name: str, name_en: str, kind: str, county: County) -> Agency:
    agency, _ = Agency.objects.update_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "county": county}
    )
    return agency


@transaction.atomic
def unit_create(
    *,
    agency: Agency,
    code: str,
    name: str,
    name_en: str,
    kind: str,
    catchment: Iterable[District] = (),
) -> Unit:
    unit, _ = Unit.objects.update_or_create(
        code=code, defaults={"agency": agency, "name": name, "name_en": name_en, "kind": kind}
    )
    unit.catchment.set(list(catchment))
    return unit


@transaction.atomic
def staff_create(
    *,
    username: str,
    display_name: str,
    unit: Unit,
    role: str,
    password: str = "",
    password_hash: str = "",
) -> Staff:
    """A login with its staff record; administrators may also use the admin site.

    `password_hash` (from make_password) lets a batch share one slow hash computation.
    """
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username)
    user.password = password_hash or make_password(password)
    is_admin = role == Role.ADMINISTRATOR
    user.is_staff = is_admin
    user.is_superuser = is_admin
    user.save()
    staff, _ = Staff.objects.update_or_create(
        user=user, defaults={"unit": unit, "role": role, "display_name": display_name}
    )
    return staff


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_client_create(*, name: str, unit: Unit, channel: str) -> tuple[ApiClient, str]:
    """Returns the client and its token; only the hash is stored, so show the token once."""
    token = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name, unit=unit, channel=channel, token_hash=token_hash(token)
    )
    return client, token
