"""Who calls the API: a partner system with `Authorization: Bearer <token>`, or a person's
session (with its CSRF token for writes). A request that sends a bearer token is judged by the
token alone: an invalid token is refused, never taken as the browser's session.

The partner system behind a token is kept with the reference rows (its unit, its channel), but
whether it is still active is read on every request (one row by primary key): a revoked token is
refused from the very next request, in every process (docs/security.md)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from safetynet.agencies.models import ApiClient
from safetynet.agencies.principal import Principal
from safetynet.agencies.services import token_hash
from safetynet.core import reference


def _still_active(client_id: int) -> bool:
    """Whether the client is still active, read from the database on every request (a revoked
    token is refused from the next request in every process), by primary key in plain SQL: the
    ORM's query building cost more than the row (bench/intake/instructions)."""
    with connection.cursor() as cursor:
        cursor.execute(_ACTIVE_SQL, [client_id])
        row = cursor.fetchone()
    return bool(row and row[0])


_ACTIVE_SQL = f"SELECT active FROM {ApiClient._meta.db_table} WHERE id = %s"  # noqa: S608 - a model's table name


class PartnerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        digest = token_hash(token)
        client = reference.cached(
            f"api-client:{digest}",
            lambda: (
                ApiClient.objects.select_related("unit")
                .filter(token_hash=digest, active=True)
                .first()
            ),
        )
        if client is None or not _still_active(client.pk):
            return None
        principal = Principal.of_client(client)
        request.principal = principal  # type: ignore[attr-defined]
        return principal


class StaffSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.META.get("HTTP_AUTHORIZATION"):
            return None  # a token was sent: the token decides
        principal: Principal = request.principal  # type: ignore[attr-defined]
        return principal if principal.user is not None else None


AUTH = [PartnerToken(), StaffSession()]
