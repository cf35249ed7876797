"""The intake API's request and answer shapes (they make the OpenAPI document). Requests are
parsed here into the drafts the web forms also build; the services decide the rest."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.conf import settings
from ninja import Field, Schema

from safetynet.api.types import CLEAN, IdNumber, OneOf, PastDate
from safetynet.core import codes
from safetynet.geo.services import shipped_district_codes
from safetynet.intake.domain import MAX_PERSONS, TIPVDA_ITEMS
from safetynet.intake.drafts import DecisionDraft, PersonDraft, ReportDraft
from safetynet.intake.models import (
    Concern,
    DispatchStatus,
    MatchStatus,
    Outcome,
    PersonRole,
    Progress,
    ProtectionType,
    ReporterType,
    ReportStatus,
    ReviewStatus,
    SdmSafety,
    Urgency,
    VulnerableArea,
)
from safetynet.people.models import Sex

CHANNELS = tuple(c.code for c in codes.code_system(codes.REPORTING_UNIT))
DISTRICTS = tuple(shipped_district_codes(settings.SAFETYNET_COUNTY_CODE))
Channel = Annotated[
    str, OneOf(CHANNELS, "TWSS reporting-unit code (twss-reporting-unit), e.g. 35 = 113 hotline")
]
DistrictCode = Annotated[
    str, OneOf(DISTRICTS, "District code of this city, e.g. 10017020 for 七堵區")
]


class PersonIn(Schema):
    role: PersonRole
    name: Annotated[str, Field(max_length=60, min_length=1), CLEAN]
    id_number: IdNumber = ""
    birth_date: PastDate = None
    sex: Sex = Sex.UNKNOWN

    def draft(self) -> PersonDraft:
        return PersonDraft(role=self.role.value, name=self.name, id_number=self.id_number,
                           birth_date=self.birth_date, sex=self.sex.value)  # fmt: skip


class ReportIn(Schema):
    channel: Channel
    reporter_type: ReporterType
    reporter_name: Annotated[str, Field(max_length=60), CLEAN] = ""
    reporter_phone: Annotated[str, Field(max_length=30), CLEAN] = ""
    reporter_organisation: Annotated[str, Field(max_length=80), CLEAN] = ""
    occurred_on: PastDate = None
    district: DistrictCode
    address: Annotated[str, Field(max_length=120), CLEAN] = ""
    concerns: list[Concern] = Field(default_factory=list, max_length=len(Concern))
    vulnerable_areas: list[VulnerableArea] = Field(
        default_factory=list, max_length=len(VulnerableArea)
    )
    narrative: Annotated[str, Field(max_length=10000, min_length=1), CLEAN]
    urgency: Urgency = Urgency.NORMAL
    persons: list[PersonIn] = Field(max_length=MAX_PERSONS)

    def draft(self) -> ReportDraft:
        return ReportDraft(
            channel=self.channel,
            reporter_type=self.reporter_type.value,
            reporter_name=self.reporter_name,
            reporter_phone=self.reporter_phone,
            reporter_organisation=self.reporter_organisation,
            occurred_on=self.occurred_on,
            district=self.district,
            address=self.address,
            concerns=[c.value for c in self.concerns],
            vulnerable_areas=[a.value for a in self.vulnerable_areas],
            narrative=self.narrative,
            urgency=self.urgency.value,
            persons=[p.draft() for p in self.persons],
        )


class PersonOut(Schema):
    role: PersonRole
    name: str
    id_number: str
    birth_date: dt.date | None
    # What the person index knows: for the desk and the receiving unit, never for a filer.
    match_status: MatchStatus | None = None
    candidates: list[int] | None = None
    person_id: int | None = None
    is_re_report: bool | None = None


class ReporterOut(Schema):
    reporter_type: ReporterType
    name: str
    phone: str
    organisation: str


class ReportOut(Schema):
    id: int
    number: str
    progress: Progress = Field(description="How far the report got (what its filer may know)")
    status: ReportStatus | None = Field(None, description="For the desk and the receiving unit")
    view: Literal["desk", "unit", "filer"]
    channel: str
    received_at: dt.datetime
    grading_deadline: dt.datetime
    district: str
    concerns: list[Concern]
    vulnerable_areas: list[VulnerableArea]
    urgency: Urgency
    is_re_report: bool | None = Field(
        None, description="For viewers who may know of protection cases"
    )
    reporter: ReporterOut | None = Field(None, description="For the intake desk and the filer")
    narrative: str
    persons: list[PersonOut]


class QueueItem(Schema):
    id: int
    number: str
    received_at: dt.datetime
    grading_deadline: dt.datetime
    hours_left: float
    overdue: bool
    district: str
    channel: str
    concerns: list[Concern]
    urgency: Urgency
    is_re_report: bool
    status: ReportStatus


class QueuePage(Schema):
    count: int
    page: int
    pages: int
    items: list[QueueItem]


TipvdaItem = Annotated[int, Field(ge=1, le=TIPVDA_ITEMS)]


class DecisionIn(Schema):
    outcome: Outcome
    protection_type: ProtectionType | Literal[""] = ""
    cp_grade: Literal[1, 2] | None = None
    cp_type: Literal[1, 2, 3] | None = None
    sdm_safety: SdmSafety | Literal[""] = ""
    tipvda_items: list[TipvdaItem] = Field(
        default_factory=list, max_length=TIPVDA_ITEMS,
        description="Numbers (1-15) of the TIPVDA items answered yes",
    )  # fmt: skip
    tipvda_assessed: bool = False
    vulnerable_areas: list[VulnerableArea] = Field(
        default_factory=list, max_length=len(VulnerableArea)
    )
    vulnerable_factors: Annotated[str, Field(max_length=2000), CLEAN] = ""
    factor_codes: list[Annotated[str, Field(max_length=40)]] = Field(
        default_factory=list, max_length=40,
        description="Codes of the vulnerable-family factor list in force on the report's day",
    )  # fmt: skip
    service_group: Annotated[
        str, Field(max_length=30, description="Service group code for other_service"), CLEAN
    ] = ""
    merge_case: int | None = Field(None, description="Case id (an open case of a person named)")
    unit: Annotated[
        str,
        Field(max_length=30, description="Unit code; empty for the routing table's unit"),
        CLEAN,
    ] = ""
    no_case_reason: Annotated[str, Field(max_length=2000), CLEAN] = ""
    note: Annotated[str, Field(max_length=2000), CLEAN] = ""
    beside_open_case: bool = Field(
        False,
        description="Dispatch although a person named has an open case of the same service "
        "(refused as open_case_same_service otherwise)",
    )

    def draft(self) -> DecisionDraft:
        return DecisionDraft(
            outcome=self.outcome.value,
            protection_type=str(getattr(self.protection_type, "value", self.protection_type)),
            cp_grade=self.cp_grade,
            cp_type=self.cp_type,
            sdm_safety=str(getattr(self.sdm_safety, "value", self.sdm_safety)),
            tipvda_items=sorted(set(self.tipvda_items)),
            tipvda_assessed=self.tipvda_assessed,
            vulnerable_areas=[a.value for a in self.vulnerable_areas],
            vulnerable_factors=self.vulnerable_factors,
            factor_codes=self.factor_codes,
            service_group=self.service_group,
            merge_case=self.merge_case,
            unit=self.unit,
            no_case_reason=self.no_case_reason,
            note=self.note,
            beside_open_case=self.beside_open_case,
        )


class DecisionOut(Schema):
    id: int
    report_id: int
    outcome: Outcome
    route_key: str
    review_status: ReviewStatus
    tipvda_score: int | None
    dispatch_id: int | None
    dispatched_to: str | None


class AcceptIn(Schema):
    worker_id: int


class ReturnIn(Schema):
    reason: Annotated[str, Field(max_length=2000, min_length=1), CLEAN]


class CaseOut(Schema):
    id: int
    number: str
    service: str
    lead_unit: str
    worker_id: int | None
    status: str


class DispatchOut(Schema):
    id: int
    report_id: int
    unit: str
    status: DispatchStatus
    return_reason: str
