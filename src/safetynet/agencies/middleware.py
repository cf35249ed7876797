"""The principal of every request: `request.principal`, built once, when first asked for."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from safetynet.agencies.principal import Principal


class PrincipalMiddleware:
    """After AuthenticationMiddleware. The API replaces it with a partner system's principal
    when a bearer token is sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.principal = SimpleLazyObject(lambda: Principal.of_user(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)
