"""Loading the versioned place lists."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from safetynet.core import codes

PLACES_VERSION = "places-2026"
PLACES_CSV = Path(__file__).parent / "data" / f"{PLACES_VERSION}.csv"


def places_load(*, county_model: Any, district_model: Any) -> int:
    """Insert or update every county and district of the fixture; returns the district count.

    Takes the model classes so a data migration can pass its historical models.
    """
    exchange = {c.display: c.code for c in codes.code_system(codes.COUNTY)}
    with PLACES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counties = {}
    for row in rows:
        if row["level"] == "county":
            counties[row["code"]], _ = county_model.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "name_en": row["name_en"],
                    "exchange_code": exchange.get(row["name"], ""),
                    "dataset_version": PLACES_VERSION,
                },
            )
    count = 0
    for row in rows:
        if row["level"] == "town":
            district_model.objects.update_or_create(
                code=row["code"],
                defaults={
                    "county": counties[row["parent_code"]],
                    "name": row["name"],
                    "dataset_version": PLACES_VERSION,
                },
            )
            count += 1
    return count


def shipped_district_codes(county_code: str) -> list[str]:
    """The codes of a county's districts in the shipped place list (what the migrations load):
    the API declares them as its district enum without reading the database."""
    with PLACES_CSV.open(encoding="utf-8") as handle:
        return [
            row["code"]
            for row in csv.DictReader(handle)
            if row["level"] == "town" and row["parent_code"] == county_code
        ]
