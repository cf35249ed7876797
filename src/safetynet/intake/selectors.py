"""Reads of the intake desk, scoped to who asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from safetynet.agencies.models import Unit
from safetynet.agencies.principal import Principal
from safetynet.cases.models import Case
from safetynet.core import codes, reference
from safetynet.geo.models import District
from safetynet.intake import domain
from safetynet.intake.models import (
    QUEUE_STATUSES,
    Concern,
    DeadlineRule,
    Dispatch,
    DispatchStatus,
    Outcome,
    ProtectionType,
    Report,
    ReportPerson,
    ReviewStatus,
    RoutingRule,
    ScreeningDecision,
    ServiceGroup,
)


def deadline_hours(kind: str, *, on: dt.date) -> int:
    rules = reference.cached(
        f"deadline-rules:{kind}", lambda: list(DeadlineRule.objects.filter(kind=kind))
    )
    rule = domain.rule_in_force(rules, on)
    if rule is None:
        raise ImproperlyConfigured(f"no deadline rule {kind} in force on {on}")
    return rule.hours


def suggested_unit(*, route_key: str, district: District, on: dt.datetime | dt.date) -> Unit | None:
    day = on.date() if isinstance(on, dt.datetime) else on
    rules = list(
        RoutingRule.objects.filter(route_key=route_key, effective_from__lte=day)
        .filter(Q(district=district) | Q(district__isnull=True))
        .select_related("unit")
    )
    routes = [domain.Route(r.route_key, r.district_id, r.unit_id, r.effective_from) for r in rules]
    unit_id = domain.choose_unit(routes, route_key=route_key, district_id=district.pk, on=day)
    return next((r.unit for r in rules if r.unit_id == unit_id), None)


def report_visibility(principal: Principal) -> Q:
    """Need-to-know: the desk sees every report; a unit sees what was sent to it; a filer
    sees what they filed. Everyone else sees nothing."""
    if principal.at_desk:
        return Q()
    scope = Q(pk__in=[])
    if principal.client is not None:
        scope |= Q(filed_by_client=principal.client)
    if principal.user is not None:
        scope |= Q(filed_by=principal.user)
    if principal.staff is not None:
        scope |= Q(pk__in=Dispatch.objects.filter(unit=principal.staff.unit).values("report_id"))
    return scope


def report_list_visible_to(principal: Principal) -> QuerySet[Report]:
    return Report.objects.filter(report_visibility(principal)).select_related("district")


@dataclass(frozen=True)
class QueueFilters:
    district: int | None = None
    channel: str = ""
    concern: str = ""


def report_queue(principal: Principal, filters: QueueFilters) -> QuerySet[Report]:
    """篩案 queue: every unscreened report, the nearest (or most overdue) deadline first."""
    reports = (
        report_list_visible_to(principal)
        .filter(status__in=QUEUE_STATUSES)
        # Districts come in their own small query, not joined: PostgreSQL cannot estimate the
        # concern filter (a match on the JSON text), guesses one row, and joined the districts
        # in a nested loop over every unscreened report (200 ms at 6,000 in the queue).
        .select_related(None)
        .prefetch_related(
            "district__county",
            Prefetch(
                "dispatches",
                queryset=Dispatch.objects.filter(status=DispatchStatus.RETURNED).select_related(
                    "unit"
                ),
                to_attr="returns",
            ),
        )
        .order_by("grading_deadline", "pk")
    )
    if filters.district:
        reports = reports.filter(district_id=filters.district)
    if filters.channel:
        reports = reports.filter(channel=filters.channel)
    if filters.concern:
        # JSON containment differs per backend; the concern codes are unique words, so a
        # quoted substring match is exact on both.
        reports = reports.filter(concerns__icontains=f'"{filters.concern}"')
    return reports


def review_queue(principal: Principal) -> QuerySet[ScreeningDecision]:
    if not principal.is_desk_supervisor:
        return ScreeningDecision.objects.none()
    return ScreeningDecision.objects.filter(review_status=ReviewStatus.PENDING).select_related(
        "report__district", "decided_by"
    )


def unit_inbox(principal: Principal) -> QuerySet[Dispatch]:
    if principal.staff is None:
        return Dispatch.objects.none()
    return (
        Dispatch.objects.filter(unit=principal.staff.unit, status=DispatchStatus.PENDING)
        .select_related("report__district", "decision", "unit")
        .order_by("report__grading_deadline")
    )


@dataclass(frozen=True)
class PersonHistory:
    entry: ReportPerson
    prior_reports: list[ReportPerson]
    cases: list[Case]


def report_history(report: Report) -> list[PersonHistory]:
    """For every person in a report: their other reports and every case, open or closed."""
    entries = list(report.people.select_related("person").order_by("pk"))
    person_ids = [e.person_id for e in entries if e.person_id]
    prior = (
        ReportPerson.objects.filter(person_id__in=person_ids)
        .exclude(report=report)
        .select_related("report", "report__district")
        .order_by("-report__received_at")
    )
    cases = (
        Case.objects.filter(members__person_id__in=person_ids)
        .select_related("lead_unit")
        .annotate(member_person=F("members__person_id"))
        .order_by("-opened_at")
    )
    prior_by: dict[int, list[ReportPerson]] = {}
    for p in prior:
        assert p.person_id is not None
        prior_by.setdefault(p.person_id, []).append(p)
    cases_by: dict[int, list[Case]] = {}
    for c in cases:
        cases_by.setdefault(c.member_person, []).append(c)
    return [
        PersonHistory(
            entry=e,
            prior_reports=prior_by.get(e.person_id or 0, []),
            cases=cases_by.get(e.person_id or 0, []),
        )
        for e in entries
    ]


@dataclass(frozen=True)
class DeskStats:
    received: int
    screened: int
    screened_in_time: int
    dispatched: int
    accepted: int
    returned: int
    by_outcome: dict[str, int]
    monthly: list[dict[str, Any]]

    @property
    def in_time_share(self) -> float | None:
        return domain.share(self.screened_in_time, self.received)


def desk_stats(*, start: dt.datetime, end: dt.datetime, district: int | None = None) -> DeskStats:
    """The desk's figures for reports received in [start, end), e.g. Tainan's 95.09 %."""
    reports = Report.objects.filter(received_at__gte=start, received_at__lt=end)
    if district:
        reports = reports.filter(district_id=district)
    in_time = Q(screened_at__isnull=False, screened_at__lte=F("grading_deadline"))
    totals = reports.aggregate(
        received=Count("pk"),
        screened=Count("pk", filter=Q(screened_at__isnull=False)),
        in_time=Count("pk", filter=in_time),
    )
    dispatches = Dispatch.objects.filter(report__in=reports).aggregate(
        dispatched=Count("pk"),
        accepted=Count("pk", filter=Q(status=DispatchStatus.ACCEPTED)),
        returned=Count("pk", filter=Q(status=DispatchStatus.RETURNED)),
    )
    by_outcome = dict(
        ScreeningDecision.objects.filter(report__in=reports)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    monthly = list(
        reports.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(received=Count("pk"), in_time=Count("pk", filter=in_time))
        .order_by("month")
    )
    return DeskStats(
        received=totals["received"],
        screened=totals["screened"],
        screened_in_time=totals["in_time"],
        dispatched=dispatches["dispatched"],
        accepted=dispatches["accepted"],
        returned=dispatches["returned"],
        by_outcome=by_outcome,
        monthly=monthly,
    )


def clock_for(report: Report, *, now: dt.datetime | None = None) -> domain.Clock:
    return domain.Clock(deadline=report.grading_deadline, now=now or timezone.now())


def route_suggestions(report: Report) -> list[tuple[str, str, Unit | None]]:
    """For each outcome the desk might choose, the unit the routing table would send it to."""
    keys: list[tuple[str, str]] = [
        (f"protection:{value}", str(label)) for value, label in ProtectionType.choices
    ]
    keys.append(("vulnerable_family", str(Outcome.VULNERABLE_FAMILY.label)))
    keys += [(f"service:{g.code}", g.name) for g in ServiceGroup.objects.filter(active=True)]
    today = timezone.localdate()
    return [
        (key, label, suggested_unit(route_key=key, district=report.district, on=today))
        for key, label in keys
    ]


def channel_choices() -> list[tuple[str, str]]:
    return codes.choices(codes.REPORTING_UNIT)


def concern_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Concern.choices]


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def outcome_rows(stats: DeskStats) -> list[tuple[str, int]]:
    return [(str(label), stats.by_outcome.get(value, 0)) for value, label in Outcome.choices]


def open_cases_of(report: Report) -> QuerySet[Case]:
    """The open cases a report could be merged into: those of the people it names."""
    person_ids = report.people.exclude(person=None).values("person_id")
    return (
        Case.objects.filter(status="open", members__person_id__in=person_ids)
        .select_related("lead_unit")
        .distinct()
    )


def district_id_for_code(code: str) -> int | None:
    return District.objects.filter(code=code).values_list("pk", flat=True).first()
