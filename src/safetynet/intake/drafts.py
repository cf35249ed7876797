"""What a report or a screening decision says, once parsed (by the web form or the API schema):
the input of the intake services, which enforce every rule over it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class PersonDraft:
    role: str
    name: str
    id_number: str = ""
    birth_date: dt.date | None = None
    sex: str = "U"


@dataclass(frozen=True)
class ReportDraft:
    channel: str
    reporter_type: str
    district: str  # the district's code; the service checks it is one of this city's
    narrative: str
    urgency: str
    persons: Sequence[PersonDraft]
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_organisation: str = ""
    occurred_on: dt.date | None = None
    address: str = ""
    concerns: Sequence[str] = field(default_factory=tuple)
    vulnerable_areas: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class DecisionDraft:
    outcome: str
    protection_type: str = ""
    cp_grade: int | None = None
    cp_type: int | None = None
    sdm_safety: str = ""
    tipvda_items: Sequence[int] = ()
    tipvda_assessed: bool = False
    vulnerable_areas: Sequence[str] = ()
    vulnerable_factors: str = ""
    # Codes of the vulnerable-family factor list in force on the report's day.
    factor_codes: Sequence[str] = ()
    service_group: str = ""  # code
    merge_case: int | None = None  # a case id
    unit: str = ""  # code; empty for the routing table's unit
    no_case_reason: str = ""
    note: str = ""
    # The screener saw that a person in the report has an open case of the same service and
    # still dispatches a new one (rather than merging into it).
    beside_open_case: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
