"""The ministry's exchange vocabulary (TW Social Service Base IG code systems), as data.

This module is the one place the draft code lists are read; everything else asks it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_CSV = Path(__file__).parent / "data" / "twss-code-systems.csv"


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str


@cache
def code_system(system: str) -> tuple[Code, ...]:
    with _CSV.open(encoding="utf-8") as handle:
        return tuple(
            Code(row["code_system"], row["code"], row["display"])
            for row in csv.DictReader(handle)
            if row["code_system"] == system
        )


def choices(system: str) -> list[tuple[str, str]]:
    return [(c.code, c.display) for c in code_system(system)]


def display(system: str, code: str) -> str:
    for entry in code_system(system):
        if entry.code == code:
            return entry.display
    return code


REPORTING_UNIT = "twss-reporting-unit"
COUNTY = "twss-county-city-code"
OPEN_CASE = "twss-open-case-status"
