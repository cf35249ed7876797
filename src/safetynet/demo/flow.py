"""A year of reports flowing through every state of the intake desk, through the real services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from safetynet.agencies.models import Staff
from safetynet.agencies.principal import Principal
from safetynet.demo.casework import Workers, work_case
from safetynet.demo.population import SyntheticHousehold
from safetynet.geo.models import District
from safetynet.intake.drafts import DecisionDraft, PersonDraft, ReportDraft
from safetynet.intake.models import Dispatch, Outcome, ReporterType, Urgency
from safetynet.intake.services import (
    decision_record,
    decision_review,
    dispatch_accept,
    dispatch_return,
    report_create,
)

# (share, concerns, outcome, protection type or service group)
PROFILES = [
    (0.28, ["child"], Outcome.PROTECTION, "child"),
    (0.22, ["ipv"], Outcome.PROTECTION, "ipv"),
    (0.04, ["family"], Outcome.PROTECTION, "family"),
    (0.04, ["elder"], Outcome.PROTECTION, "elder"),
    (0.01, ["disability"], Outcome.PROTECTION, "disability"),
    (0.02, ["sexual_assault"], Outcome.PROTECTION, "sexual_assault"),
    (0.25, [], Outcome.VULNERABLE_FAMILY, ""),
    (0.06, ["suicide", "mental_health"], Outcome.OTHER_SERVICE, "mental_health"),
    (0.03, ["drugs"], Outcome.OTHER_SERVICE, "drugs"),
    (0.02, ["child"], Outcome.OTHER_SERVICE, "youth_counselling"),
    (0.03, [], Outcome.OTHER_SERVICE, "employment"),
]
AREAS = ["economic", "misfortune", "conflict", "child_development", "illness", "adjustment"]
CHANNELS = [
    ("35", 0.3),
    ("7", 0.25),
    ("24", 0.15),
    ("15", 0.1),
    ("16", 0.1),
    ("25", 0.05),
    ("31", 0.05),
]
NARRATIVES = [
    "鄰居反映夜間常聽到大聲爭吵與摔東西的聲音。",
    "學校導師發現學生手臂有多處瘀傷，學生表示是在家中受傷。",
    "案家經濟困難，主要照顧者失業，房租已積欠三個月。",
    "醫院急診通報：病人自述遭同居人毆打。",
    "里長反映獨居長者近日未出門，家中環境髒亂。",
    "個案情緒低落，曾表示有輕生念頭。",
]


@dataclass
class FlowContext:
    rng: random.Random
    now: dt.datetime
    desk: Principal
    supervisor: Principal
    unit_principals: dict[int, Principal]
    # Each unit's supervisor (approves the unit's case decisions), where it has one.
    lead_principals: dict[int, Principal]
    unit_workers: dict[int, Staff]
    districts: list[District]
    open_cases_by_household: dict[int, int] = field(default_factory=dict)


def _principal(staff: Staff) -> Principal:
    return Principal.of_user(staff.user)


def context_for(*, seed: int, now: dt.datetime, districts: list[District]) -> FlowContext:
    staff = list(Staff.objects.select_related("user", "unit"))
    by_user = {s.user.username: s for s in staff}
    unit_workers: dict[int, Staff] = {}
    leads: dict[int, Staff] = {}
    for s in staff:
        if s.role in ("case_worker", "mh_social_worker", "drug_case_manager"):
            unit_workers.setdefault(s.unit_id, s)
        elif s.role == "supervisor" and not s.unit.is_intake_desk:
            leads.setdefault(s.unit_id, s)
    return FlowContext(
        rng=random.Random(seed + 1),
        now=now,
        desk=_principal(by_user["screener"]),
        supervisor=_principal(by_user["supervisor"]),
        unit_principals={unit_id: _principal(s) for unit_id, s in unit_workers.items()},
        lead_principals={unit_id: _principal(s) for unit_id, s in leads.items()},
        unit_workers=unit_workers,
        districts=districts,
    )


def _persons(
    ctx: FlowContext, home: SyntheticHousehold, profile: tuple[object, ...]
) -> list[PersonDraft]:
    rng = ctx.rng
    members = home.members
    phone_report = rng.random() < 0.3  # the hotline often gets no ID
    children = [m for m in members if m.relationship == "child"]
    adults = [m for m in members if m.relationship != "child"]
    drafts = []
    for m in members:
        if m in children and profile[3] == "child":
            role = "victim" if m is children[0] else "child"
        elif m is adults[0]:
            role = "perpetrator" if profile[3] in ("child", "ipv", "family") else "victim"
        elif m in adults[1:2] and profile[3] == "ipv":
            role = "victim"
        else:
            role = "household"
        drafts.append(
            PersonDraft(
                role=role,
                name=m.name,
                id_number="" if phone_report else m.id_number,
                birth_date=m.birth_date,
                sex=m.sex,
            )
        )
    return drafts[:6]


def file_report(ctx: FlowContext, home: SyntheticHousehold, received: dt.datetime) -> None:
    """File one report and, where its time has come, screen, dispatch and answer it."""
    rng = ctx.rng
    profile = rng.choices(PROFILES, [p[0] for p in PROFILES])[0]
    _, concerns, outcome, detail = profile
    areas = (
        rng.sample(AREAS, rng.randint(1, 2))
        if outcome == Outcome.VULNERABLE_FAMILY or not concerns
        else []
    )
    channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
    reporter_type = {"24": ReporterType.MANDATED_POLICE, "15": ReporterType.MANDATED_EDUCATION,
                     "16": ReporterType.MANDATED_MEDICAL, "25": ReporterType.VILLAGE_CHIEF}.get(
        channel, rng.choice([ReporterType.MANDATED_SOCIAL, ReporterType.NEIGHBOUR, ReporterType.FAMILY])
    )  # fmt: skip
    report, _people = report_create(
        principal=ctx.desk,
        received_at=received,
        draft=ReportDraft(
            channel=channel,
            reporter_type=reporter_type,
            reporter_name="通報人" + rng.choice("甲乙丙丁戊"),
            reporter_phone=f"02-24{rng.randrange(10**6):06d}",
            district=ctx.districts[home.district_index].code,
            address=f"{home.street}{home.number}號",
            concerns=concerns,
            vulnerable_areas=areas,
            narrative=rng.choice(NARRATIVES),
            urgency=Urgency.IMMEDIATE if rng.random() < 0.05 else Urgency.NORMAL,
            occurred_on=timezone.localdate(received) - dt.timedelta(days=rng.randint(0, 5)),
            persons=_persons(ctx, home, profile),
        ),
    )
    screened = received + dt.timedelta(
        hours=rng.uniform(0.5, 23.5) if rng.random() < 0.95 else rng.uniform(25, 60)
    )
    if screened > ctx.now:
        return  # still in the queue (and some of those are overdue)
    open_case = ctx.open_cases_by_household.get(home.key)
    if open_case is not None and rng.random() < 0.5:
        decision_record(principal=ctx.desk, report_id=report.pk, at=screened,
                        draft=DecisionDraft(outcome=Outcome.MERGE, merge_case=open_case))  # fmt: skip
        return
    draft = DecisionDraft(
        outcome=outcome,
        protection_type=detail if outcome == Outcome.PROTECTION else "",
        cp_grade=rng.choice([1, 2, 2, 2])
        if detail == "child" and outcome == Outcome.PROTECTION
        else None,
        cp_type=rng.choice([1, 2, 3])
        if detail == "child" and outcome == Outcome.PROTECTION
        else None,
        sdm_safety=rng.choice(["safe", "safe_with_plan", "unsafe"]) if detail == "child" else "",
        tipvda_items=rng.sample(range(1, 16), rng.randint(2, 11)) if detail == "ipv" else (),
        tipvda_assessed=detail == "ipv",
        vulnerable_areas=areas,
        service_group=detail if outcome == Outcome.OTHER_SERVICE else "",
        beside_open_case=True,  # the other half of the families with an open case
    )
    if rng.random() < 0.08:
        decision = decision_record(principal=ctx.desk, report_id=report.pk, at=screened,
                                   draft=DecisionDraft(outcome=Outcome.NO_CASE, no_case_reason="查無具體事證，已提供資源資訊。"))  # fmt: skip
        reviewed = screened + dt.timedelta(hours=rng.uniform(2, 48))
        if reviewed < ctx.now:
            approve = rng.random() < 0.9
            decision_review(
                principal=ctx.supervisor,
                decision_id=decision.pk,
                approve=approve,
                at=reviewed,
                note="" if approve else "請補充訪視資料後重新評估。",
            )
            again = reviewed + dt.timedelta(hours=rng.uniform(1, 6))
            if not approve and again < ctx.now:
                _dispatch_and_answer(ctx, report.pk, draft, again, home)  # screened again
        return
    _dispatch_and_answer(ctx, report.pk, draft, screened, home)


def _dispatch_and_answer(
    ctx: FlowContext,
    report_id: int,
    draft: DecisionDraft,
    screened: dt.datetime,
    home: SyntheticHousehold,
) -> None:
    rng = ctx.rng
    decision = decision_record(principal=ctx.desk, report_id=report_id, draft=draft, at=screened)
    dispatch_row = Dispatch.objects.filter(decision=decision).first()
    if dispatch_row is None:
        return
    answered = screened + dt.timedelta(hours=rng.uniform(1, 40))
    if answered > ctx.now:
        return  # waiting in the unit's inbox
    unit_principal = ctx.unit_principals[dispatch_row.unit_id]
    if rng.random() < 0.06:
        dispatch_return(principal=unit_principal, dispatch_id=dispatch_row.pk, at=answered,
                        reason="案家非本中心轄區，請重新派案。")  # fmt: skip
        again = answered + dt.timedelta(hours=rng.uniform(1, 8))
        if again < ctx.now:
            _dispatch_and_answer(ctx, report_id, draft, again, home)
        return
    case = dispatch_accept(principal=unit_principal, dispatch_id=dispatch_row.pk,
                           worker_id=ctx.unit_workers[dispatch_row.unit_id].pk, at=answered)  # fmt: skip
    who = Workers(
        unit_principal,
        ctx.lead_principals.get(dispatch_row.unit_id),
        units=ctx.unit_principals,
        leads=ctx.lead_principals,
        desk=ctx.supervisor,
    )
    if work_case(rng, case, answered, ctx.now, who) is not None:
        ctx.open_cases_by_household.pop(home.key, None)
    else:
        ctx.open_cases_by_household[home.key] = case.pk


JUST_IN = 3


def run_year(
    ctx: FlowContext,
    homes: list[SyntheticHousehold],
    *,
    reports: int,
    progress: Callable[[int], None] = lambda _: None,
) -> None:
    """Spread `reports` over the year before `ctx.now`, some families reported again."""
    rng = ctx.rng
    start = ctx.now - dt.timedelta(days=365)
    # The desk always has a queue: the last few reports came in within the half hour (screening
    # takes at least that), whatever the date and hour the demo is built at.
    just_in = min(JUST_IN, reports)
    times = sorted(
        [
            start + dt.timedelta(seconds=rng.uniform(0, 365 * 86400))
            for _ in range(reports - just_in)
        ]
        + [ctx.now - dt.timedelta(minutes=rng.uniform(1, 29)) for _ in range(just_in)]
    )
    reported: list[SyntheticHousehold] = []
    for i, received in enumerate(times):
        home = rng.choice(reported) if reported and rng.random() < 0.12 else rng.choice(homes)
        reported.append(home)
        file_report(ctx, home, received)
        if i % 250 == 0:
            progress(i)
