"""What a report or a screening decision says, once parsed: the input of the intake services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from safetynet.agencies.models import Unit
from safetynet.cases.models import Case
from safetynet.geo.models import District
from safetynet.intake.models import ServiceGroup


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
    district: District
    narrative: str
    urgency: str
    persons: Sequence[PersonDraft]
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_organisation: str = ""
    occurred_on: dt.date | None = None
    address: str = ""
    concerns: Sequence[str] = field(default_factory=list)
    vulnerable_areas: Sequence[str] = field(default_factory=list)

    @classmethod
    def from_cleaned(cls, report: dict[str, Any], persons: Sequence[dict[str, Any]]) -> ReportDraft:
        return cls(persons=[PersonDraft(**p) for p in persons if p], **report)


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
    service_group: ServiceGroup | None = None
    merge_case: Case | None = None
    unit: Unit | None = None
    no_case_reason: str = ""
    note: str = ""
