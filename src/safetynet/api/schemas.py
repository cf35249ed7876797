"""The API's request and response shapes (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class PersonIn(Schema):
    role: str = Field(description="victim, perpetrator, child, household or other")
    name: str
    id_number: str = Field("", description="National ID or resident certificate number")
    birth_date: str = Field(
        "", description="ROC (112/04/14, 1120414, 民國112年4月14日) or ISO date"
    )
    sex: str = Field("U", description="M, F or U")


class ReportIn(Schema):
    channel: str = Field(description="TWSS reporting-unit code, e.g. 35 = 113 hotline, 7 = ECARE")
    reporter_type: str
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_organisation: str = ""
    occurred_on: str = ""
    district: str = Field(description="District code, e.g. 10017020 for 七堵區")
    address: str = ""
    concerns: list[str] = []
    vulnerable_areas: list[str] = []
    narrative: str
    urgency: str = "normal"
    persons: list[PersonIn]


class PersonOut(Schema):
    role: str
    name: str
    id_number: str
    birth_date: dt.date | None
    match_status: str
    candidates: list[int]
    person_id: int | None
    is_re_report: bool


class ReporterOut(Schema):
    reporter_type: str
    name: str
    phone: str
    organisation: str


class ReportOut(Schema):
    id: int
    number: str
    status: str
    channel: str
    received_at: dt.datetime
    grading_deadline: dt.datetime
    district: str
    concerns: list[str]
    vulnerable_areas: list[str]
    urgency: str
    is_re_report: bool
    reporter: ReporterOut | None = Field(None, description="Only for the intake desk")
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
    concerns: list[str]
    is_re_report: bool
    status: str


class QueuePage(Schema):
    count: int
    page: int
    pages: int
    items: list[QueueItem]


class DecisionIn(Schema):
    outcome: str = Field(description="protection, vulnerable_family, other_service, merge, no_case")
    protection_type: str = ""
    cp_grade: int | None = None
    cp_type: int | None = None
    sdm_safety: str = ""
    tipvda_items: list[int] = Field(
        [], description="Numbers (1-15) of the TIPVDA items answered yes"
    )
    tipvda_assessed: bool = False
    vulnerable_areas: list[str] = []
    vulnerable_factors: str = ""
    service_group: str = Field("", description="Service group code for other_service")
    merge_case: int | None = None
    unit: str = Field("", description="Unit code; empty for the routing table's choice")
    no_case_reason: str = ""
    note: str = ""


class DecisionOut(Schema):
    id: int
    report_id: int
    outcome: str
    route_key: str
    review_status: str
    tipvda_score: int | None
    dispatch_id: int | None
    dispatched_to: str | None


class AcceptIn(Schema):
    worker_id: int


class ReturnIn(Schema):
    reason: str


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
    status: str
    return_reason: str


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] = {}
