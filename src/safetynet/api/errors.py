"""Every error the API answers, in one documented shape: {code, message, errors}, the message
and the per-field errors in the caller's language (Accept-Language, zh-Hant first)."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from safetynet.core.conflict import StaleEdit
from safetynet.core.errors import ServiceError


class Version(Schema):
    """One version of a record in a stale-edit answer (409, code "stale")."""

    version: int | str
    fields: dict[str, str] = {}
    changed_by: str = ""
    changed_at: str | None = None


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] = {}
    # Only on a stale edit: what is stored now (who changed it, when) and what was submitted.
    stored: Version | None = None
    submitted: Version | None = None


ERRORS: dict[int, type[Error]] = {
    400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 413: Error, 415: Error, 422: Error,
}  # fmt: skip


class WrongContentType(Exception):
    """A body sent as something other than JSON."""


def error(code: str, message: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "errors": errors or {}}


def not_found() -> tuple[int, dict[str, Any]]:
    return 404, error("not_found", _("No such resource."))


def _message(item: dict[str, Any]) -> str:
    """A validation error in the caller's language (pydantic's own messages are English)."""
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    if kind in ("text", "one_of", "date", "id_number"):
        return str(item.get("msg", ""))  # ours, already translated
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(n)d characters.") % {"n": ctx.get("max_length", 0)}
    if kind == "string_too_short":
        return _("This field is required.")
    if kind == "too_long":
        return _("At most %(n)d items.") % {"n": ctx.get("max_length", 0)}
    if kind == "too_short":
        return _("At least %(n)d items.") % {"n": ctx.get("min_length", 0)}
    if kind in ("enum", "literal_error"):
        return _("Not one of the allowed values.")
    if kind.startswith("int_") or kind == "greater_than_equal" or kind == "less_than_equal":
        return _("Enter a whole number in the allowed range.")
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    if kind == "string_type":
        return _("Enter text.")
    if kind == "list_type":
        return _("Enter a list.")
    return _("This value is not valid.")


def _place(location: tuple[Any, ...]) -> str:
    """("body", "payload", "persons", 0, "name") -> "persons[0].name"."""
    parts = list(location)
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts:
        parts = parts[1:]
    place = ""
    for part in parts:
        if isinstance(part, int):
            place += f"[{part}]"
        else:
            place += f".{part}" if place else str(part)
    return place or "body"


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every failure into the documented shape."""

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        body = error(exc.code, exc.message, exc.field_errors)
        if isinstance(exc, StaleEdit):
            body.update(exc.as_json())
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(NinjaValidationError)
    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for item in exc.errors:
            location = tuple(item.get("loc", ()))
            if location[:1] == ("header",) and item.get("type") == "missing":
                return api.create_response(
                    request,
                    error("idempotency_key_required", _("Send an Idempotency-Key header.")),
                    status=400,
                )
            errors.setdefault(_place(location), []).append(_message(item))
        body = error("invalid", _("Please correct the fields named in errors."), errors)
        return api.create_response(request, body, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        cause = exc.__cause__
        if isinstance(exc, AuthenticationError):
            body, status = error("unauthenticated", _("Log in or send a valid token.")), 401
        elif isinstance(cause, WrongContentType):
            body, status = error("unsupported_media_type", _("Send the body as JSON.")), 415
        elif isinstance(cause, json.JSONDecodeError | UnicodeDecodeError | ValueError):
            body, status = error("malformed_json", _("The body is not valid JSON.")), 400
        else:
            body, status = error("error", str(exc)), exc.status_code
        return api.create_response(request, body, status=status)

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        status, body = not_found()
        return api.create_response(request, body, status=status)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        body = error("too_large", _("The request is too large."))
        return api.create_response(request, body, status=413)
