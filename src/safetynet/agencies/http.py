"""The request as the platform's views see it: with its principal (and htmx's details)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from safetynet.agencies.principal import Principal


class Request(HttpRequest):
    principal: Principal
    htmx: HtmxDetails
