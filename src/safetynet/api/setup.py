"""The API's assembly parts: the JSON-only parser and a configured NinjaAPI (the routers of the
contexts are added in `safetynet.apiv1`)."""

from __future__ import annotations

import json
from typing import Any, cast

from django.http import HttpRequest
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


def new_api(**kwargs: Any) -> NinjaAPI:
    api = NinjaAPI(auth=AUTH, parser=JsonOnly(), **kwargs)
    errors.install(api)
    return api
