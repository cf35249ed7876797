"""Reads of places."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from safetynet.geo.models import District


def city_districts() -> QuerySet[District]:
    """The districts of the city this deployment serves (SAFETYNET_COUNTY_CODE)."""
    return District.objects.filter(county__code=settings.SAFETYNET_COUNTY_CODE).select_related(
        "county"
    )
