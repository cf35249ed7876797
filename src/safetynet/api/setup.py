"""The API's assembly parts: the JSON-only parser and a configured NinjaAPI (the routers of the
contexts are added in `safetynet.apiv1`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.parser import Parser

from safetynet.api import errors
from safetynet.api.auth import AUTH


class JsonOnly(Parser):
    """Bodies are JSON, said so in Content-Type; anything else is refused (415)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        content_type = request.content_type or ""
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise errors.WrongContentType(content_type)
        return cast(dict[str, Any], json.loads(request.body))


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's docs page and its OpenAPI document: for staff who are logged in (a login page
    for anyone else, the not-found page for a login without a staff record)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.principal.staff is None:  # type: ignore[attr-defined]
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def new_api(**kwargs: Any) -> NinjaAPI:
    # The docs page's Swagger UI is served from this server ("ninja" is an installed app).
    api = NinjaAPI(auth=AUTH, parser=JsonOnly(), docs_decorator=staff_only, **kwargs)
    errors.install(api)
    return api
