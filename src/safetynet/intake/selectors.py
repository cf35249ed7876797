"""Reads of the intake desk, scoped to who asks (as `intake.policy` says of one report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.models import Unit
from safetynet.agencies.principal import Principal
from safetynet.cases import policy as case_policy
from safetynet.cases.models import Case, CaseMember
from safetynet.cases.selectors import open_cases_of_persons
from safetynet.core import codes
from safetynet.core.roc import format_roc
from safetynet.geo.models import District
from safetynet.geo.selectors import city_district
from safetynet.intake import domain, policy, rules
from safetynet.intake.models import (
    PROGRESS_STEPS,
    QUEUE_STATUSES,
    Concern,
    DeadlineKind,
    Dispatch,
    DispatchStatus,
    Outcome,
    Progress,
    ProtectionType,
    Report,
    ReportPerson,
    ReviewStatus,
    ScreeningDecision,
    ServiceGroup,
    Urgency,
)
from safetynet.people.models import HouseholdMembership

# A unit sees a report while it has it: dispatched and waiting, or accepted. Once it returns
# the report, it is the desk's (and maybe another unit's) again.
WITH_UNIT = (DispatchStatus.PENDING, DispatchStatus.ACCEPTED)


def grading_hours(*, on: dt.date) -> int:
    hours = rules.deadline_hours(DeadlineKind.GRADING, on=on)
    if hours is None:
        raise ImproperlyConfigured(f"no grading deadline in force on {on}")
    return hours


def suggested_unit(*, route_key: str, district: District, on: dt.date) -> Unit | None:
    code = domain.choose_unit(rules.routes(on), route=route_key, district=district.code)
    return Unit.objects.filter(code=code).first() if code else None


def unit_visibility(p: Principal) -> Q:
    """The reports a viewer's unit has: dispatched to it and not returned, or merged into a case
    it leads (the UNIT view)."""
    scope = Q(pk__in=[])
    unit_id = p.unit_id
    if unit_id is None:
        return scope
    if policy.works_for_unit(p):
        here = Dispatch.objects.filter(unit_id=unit_id, status__in=WITH_UNIT)
        scope |= Q(pk__in=here.values("report_id"))
    if case_policy.works_cases(p):
        scope |= Q(case__lead_unit_id=unit_id)
    return scope


def report_visibility(p: Principal) -> Q:
    """The reports a viewer may read: `policy.report_view` is not None for exactly these."""
    if policy.can_screen(p):
        return Q()
    scope = unit_visibility(p)
    if p.client is not None:
        scope |= Q(filed_by_client_id=p.client.pk)
    elif p.user is not None:
        scope |= Q(filed_by_id=p.user.pk)
    return scope


def report_list_visible_to(p: Principal) -> QuerySet[Report]:
    return Report.objects.filter(report_visibility(p)).select_related(
        "district", "district__county"
    )


def view_of(p: Principal, report: Report) -> policy.ReportView | None:
    """How much of this report the viewer sees."""
    unit_id = p.unit_id
    dispatched_here = (
        unit_id is not None
        and report.dispatches.filter(unit_id=unit_id, status__in=WITH_UNIT).exists()
    )
    in_our_case = (
        report.case_id is not None
        and report.case is not None
        and (report.case.lead_unit_id == p.unit_id)
    )
    return policy.report_view(p, report, dispatched_here=dispatched_here, in_our_case=in_our_case)


@dataclass(frozen=True)
class QueueFilters:
    district: str = ""  # code
    channel: str = ""
    concern: str = ""


# The queue's order of urgency: a report of immediate danger comes before an older normal one.
URGENCY_RANK = {Urgency.IMMEDIATE: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


def urgency_rank() -> models.Case:
    return models.Case(
        *(
            models.When(urgency=value, then=models.Value(rank))
            for value, rank in URGENCY_RANK.items()
        ),
        default=models.Value(len(URGENCY_RANK)),
        output_field=models.IntegerField(),
    )


def report_queue(p: Principal, filters: QueueFilters) -> QuerySet[Report]:
    """篩案 queue: every unscreened report, the most urgent first (立即危險 before an older
    normal report), then the nearest (or most overdue) deadline."""
    if not policy.can_screen(p):
        return Report.objects.none()
    reports = (
        Report.objects.filter(status__in=QUEUE_STATUSES)
        # Districts come in their own small query, not joined: PostgreSQL cannot estimate the
        # concern filter (a match on the JSON text), guesses one row, and joined the districts
        # in a nested loop over every unscreened report (200 ms at 6,000 in the queue).
        .prefetch_related(
            "district__county",
            Prefetch(
                "dispatches",
                queryset=Dispatch.objects.filter(status=DispatchStatus.RETURNED).select_related(
                    "unit"
                ),
                to_attr="returns",
            ),
            Prefetch(
                "decisions",
                queryset=ScreeningDecision.objects.filter(review_status=ReviewStatus.REJECTED),
                to_attr="send_backs",
            ),
        )
        .annotate(urgency_rank=urgency_rank())
        .order_by("urgency_rank", "grading_deadline", "pk")
    )
    if filters.district:
        district = city_district(filters.district)
        reports = reports.filter(district_id=district.pk if district else -1)
    if filters.channel:
        reports = reports.filter(channel=filters.channel)
    if filters.concern:
        # JSON containment differs per backend; the concern codes are unique words, so a
        # quoted substring match is exact on both.
        reports = reports.filter(concerns__icontains=f'"{filters.concern}"')
    return reports


def review_queue(p: Principal) -> QuerySet[ScreeningDecision]:
    if not policy.can_review(p):
        return ScreeningDecision.objects.none()
    return ScreeningDecision.objects.filter(review_status=ReviewStatus.PENDING).select_related(
        "report__district", "decided_by__staff"
    )


def unit_inbox(p: Principal) -> QuerySet[Dispatch]:
    unit_id = p.unit_id
    if unit_id is None or not policy.works_for_unit(p):
        return Dispatch.objects.none()
    return (
        Dispatch.objects.filter(unit_id=unit_id, status=DispatchStatus.PENDING)
        .select_related("report__district", "decision", "unit")
        .order_by("report__grading_deadline")
    )


def reports_filed_by(p: Principal) -> QuerySet[Report]:
    """What the viewer filed, newest first (a filer's own list)."""
    if p.client is not None:
        mine = Q(filed_by_client_id=p.client.pk)
    elif p.user is not None:
        mine = Q(filed_by_id=p.user.pk)
    else:
        return Report.objects.none()
    return Report.objects.filter(mine).select_related("district").order_by("-received_at")


@dataclass(frozen=True)
class PersonHistory:
    entry: ReportPerson
    prior_reports: list[ReportPerson]
    cases: list[Case]
    # The person's current household: a link to the family page (every member's cases).
    household_id: int | None = None


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
    homes = dict(
        HouseholdMembership.objects.filter(person_id__in=person_ids, end__isnull=True)
        .order_by("start")
        .values_list("person_id", "household_id")
    )
    return [
        PersonHistory(
            entry=e,
            prior_reports=prior_by.get(e.person_id or 0, []),
            cases=cases_by.get(e.person_id or 0, []),
            household_id=homes.get(e.person_id or 0),
        )
        for e in entries
    ]


def history_ids(history: list[PersonHistory]) -> dict[str, list[int]]:
    """The ids a history shows, for the audit row of the page that shows it."""
    return {
        "persons": sorted({h.entry.person_id for h in history if h.entry.person_id}),
        "reports": sorted({p.report_id for h in history for p in h.prior_reports}),
        "cases": sorted({c.pk for h in history for c in h.cases}),
    }


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


def desk_stats(*, start: dt.datetime, end: dt.datetime, district: District | None) -> DeskStats:
    """The desk's figures for reports received in [start, end), e.g. Tainan's 95.09 %."""
    reports = Report.objects.filter(received_at__gte=start, received_at__lt=end)
    if district is not None:
        reports = reports.filter(district=district)
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


def tipvda_high_danger(score: int, *, on: dt.datetime) -> bool:
    """High danger by the cut-off in force when the score was taken (DESIGN §4: 8–15)."""
    cut_off = rules.thresholds(timezone.localdate(on)).get("tipvda_high_danger_from")
    return cut_off is not None and domain.tipvda_high_danger(score, cut_off=cut_off)


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
    table = rules.routes(today)
    units = {u.code: u for u in Unit.objects.all()}
    out = []
    for key, label in keys:
        code = domain.choose_unit(table, route=key, district=report.district.code)
        out.append((key, label, units.get(code or "")))
    return out


def channel_choices() -> list[tuple[str, str]]:
    return codes.choices(codes.REPORTING_UNIT)


def concern_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Concern.choices]


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def outcome_rows(stats: DeskStats) -> list[tuple[str, int]]:
    return [(str(label), stats.by_outcome.get(value, 0)) for value, label in Outcome.choices]


def merge_candidates(report: Report) -> QuerySet[Case]:
    """The open cases a report could be merged into: those of the people it names."""
    person_ids = [p for p in report.people.values_list("person_id", flat=True) if p]
    return open_cases_of_persons(person_ids)


def merge_choices(report: Report) -> list[Case]:
    """The open cases of the people a report names, as the desk chooses among them: with their
    service, lead unit, worker, opening date and members (all in the page's history too)."""
    return list(
        merge_candidates(report)
        .select_related("lead_unit", "worker")
        .prefetch_related(
            Prefetch("members", queryset=CaseMember.objects.select_related("person").order_by("pk"))
        )
        .order_by("-opened_at", "pk")
    )


def merge_choice_label(case: Case) -> str:
    """One line naming an open case: number · service · lead unit · worker · opened · members."""
    members = "、".join(m.person.name for m in case.members.all())
    worker = case.worker.display_name if case.worker else "—"
    opened = format_roc(timezone.localtime(case.opened_at).date())
    return " · ".join(
        [case.number, service_label(case.service), case.lead_unit.name, worker,
         str(_("opened %(date)s") % {"date": opened}), members]
    )  # fmt: skip


def service_label(route_key: str) -> str:
    """The name of a service line (a case's service, a route) as people say it, never its key."""
    kind, _sep, rest = route_key.partition(":")
    if kind == "protection":
        return str(dict(ProtectionType.choices).get(rest, route_key))
    if kind == "service":
        group = ServiceGroup.objects.filter(code=rest).first()
        return group.name if group else route_key
    if route_key == Outcome.VULNERABLE_FAMILY:
        return str(Outcome.VULNERABLE_FAMILY.label)
    return route_key


def filer_steps(report: Report) -> list[domain.Step]:
    """How far a report got, step by step, as its filer may know it (`Report.progress`)."""
    return domain.progress_steps(
        report.progress,
        PROGRESS_STEPS,
        closed=Progress.CLOSED,
        closed_label=Progress.CLOSED.label,
    )


def high_danger_list(year: int, month: int) -> list[ScreeningDecision]:
    """The monthly high-danger network meeting's list (高危機網絡會議): intimate-partner
    reports screened in the month whose TIPVDA score reached the cut-off in force then."""
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=zone)
    decisions = (
        ScreeningDecision.objects.filter(
            decided_at__gte=start, decided_at__lt=end, protection_type=ProtectionType.IPV,
            tipvda_score__isnull=False,
        )
        .select_related("report", "report__case")
        .order_by("-tipvda_score", "decided_at")
    )  # fmt: skip
    return [d for d in decisions if tipvda_high_danger(d.tipvda_score or 0, on=d.decided_at)]
