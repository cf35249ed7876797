"""Who calls the API: a partner system with `Authorization: Bearer <token>`, or a person's
session (with its CSRF token for writes). A request that sends a bearer token is judged by the
token alone: an invalid token is refused, never taken as the browser's session.

The partner system behind a token is read on every request (one indexed row with its unit), not
kept in the reference cache: a revoked token is refused from the very next request, in every
process (docs/security.md)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from safetynet.agencies.models import ApiClient
from safetynet.agencies.principal import Principal
from safetynet.agencies.services import token_hash


class PartnerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        digest = token_hash(token)
        client = (
            ApiClient.objects.select_related("unit").filter(token_hash=digest, active=True).first()
        )
        if client is None:
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
