"""Reads of places."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from safetynet.core import reference
from safetynet.geo.models import District


def city_districts() -> QuerySet[District]:
    """The districts of the city this deployment serves (SAFETYNET_COUNTY_CODE)."""
    return District.objects.filter(county__code=settings.SAFETYNET_COUNTY_CODE).select_related(
        "county"
    )


def city_district(code: str) -> District | None:
    """One district of the city by its code (cached: every report names one)."""
    by_code = reference.cached("city-districts", lambda: {d.code: d for d in city_districts()})
    return by_code.get(code)
