"""Responses that carry personal data are never kept by a browser or a proxy.

The rule is the simplest that is safe: every answer to a logged-in person and every API answer
(a partner system's token is not a login) gets `Cache-Control: no-store` (with `private`,
`no-cache`, `must-revalidate`, `max-age=0` for old caches). Static files never reach this (the
static-file middleware answers them first); the login page and the 404 page of an anonymous
visitor carry nothing personal and may be cached."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

API_PREFIX = "/api/"


class NoStore:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = user is not None and user.is_authenticated
        if personal or request.path.startswith(API_PREFIX):
            add_never_cache_headers(response)
        return response
