"""Load the case-management benchmark's city: 25,000 cases and 500,000 contacts at database speed.

The rows are bulk-inserted, as a migration from a legacy system would load them, but in the shapes
the services write (`cases.services`, `demo.casework`): a case opened by accepting a dispatch
(programme from its intake route, received time, child-protection grade, schedule start), every
status change a `CaseEvent` by the worker or the unit's supervisor, written reports as events of
their clock, contacts with twss method and target codes recorded by the case's worker, a drug
case's category and schedule start set after the first contact. Drug cases mostly keep their
schedule (DESIGN.md §4 tiers): 85 % of their windows get the contacts they require.

Programmes without an intake route (mh_discharge, suicide, perpetrator, family_followup) are not
seeded: no service opens such a case yet (`case_open` takes the programme from the route).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from safetynet.agencies.models import Role, Staff, Unit
from safetynet.agencies.services import staff_create
from safetynet.cases import domain
from safetynet.cases.defaults import REST_DAYS, SCHEDULES
from safetynet.cases.models import (
    Case,
    CaseEvent,
    CaseMember,
    CaseStatus,
    Contact,
    EventKind,
    OpenDecision,
)
from safetynet.cases.rules import rest_day_test_from, schedule_rows
from safetynet.core.rows import insert_rows
from safetynet.demo.casework import NOTES, PLACES
from safetynet.demo.city import COUNTY_CODE, build_institutions, create_accounts, household_row
from safetynet.demo.population import PopulationGenerator
from safetynet.geo.models import District
from safetynet.intake.models import Report, ReportStatus
from safetynet.people.services import households_import

S = CaseStatus
BATCH = 5000

# (programme, intake route, share of the city's cases, the report's concerns)
MIX: list[tuple[str, str, float, list[str]]] = [
    ("cp", "protection:child", 0.15, ["child"]),
    ("ap_ipv", "protection:ipv", 0.10, ["ipv"]),
    ("ap_elder", "protection:elder", 0.03, ["elder"]),
    ("ap_disability", "protection:disability", 0.01, ["disability"]),
    ("ap_family", "protection:family", 0.02, ["family"]),
    ("sa", "protection:sexual_assault", 0.03, ["sexual_assault"]),
    ("vulnerable_family", "vulnerable_family", 0.33, []),
    ("mh_multi", "service:mental_health", 0.15, ["mental_health"]),
    ("drug", "service:drugs", 0.12, ["drugs"]),
    ("youth", "service:youth_counselling", 0.06, ["child"]),
]
# Family welfare centres share the vulnerable-family cases by the size of their districts.
WELFARE_SHARE = {"KL-FWC-ZX": 0.3, "KL-FWC-ZR": 0.3, "KL-FWC-AL": 0.15, "KL-FWC-QD": 0.25}
UNIT_OF = {"vulnerable_family": "", "mh_multi": "KL-MHC", "drug": "KL-DRUG", "youth": "KL-YOUTH"}
ROLE_OF = {"KL-MHC": Role.MH_SOCIAL_WORKER, "KL-DRUG": Role.DRUG_CASE_MANAGER}
SUPERVISOR_OF = {
    "KL-DV": "dvsupervisor", "KL-MHC": "mhsupervisor", "KL-DRUG": "drugsupervisor",
    "KL-FWC-ZX": "zxsupervisor", "KL-FWC-ZR": "zrsupervisor", "KL-FWC-AL": "alsupervisor",
    "KL-FWC-QD": "fwcsupervisor", "KL-YOUTH": "youthsupervisor",
}  # fmt: skip
# Open cases per worker: the programme's standard (心衛社工 1:25, 藥癮個管 1:30), else 35.
CASELOAD = {"KL-MHC": 25, "KL-DRUG": 30}
DEFAULT_CASELOAD = 35
# twss-case-status of the city's cases: mostly open (F, I, B, D, E), some ended (C, N).
STATUS_WEIGHTS = {S.ASSESSMENT: 6, S.OPEN_REVIEW: 3, S.SERVICE: 55, S.FOLLOW_UP: 10,
                  S.CLOSE_REVIEW: 1, S.CLOSED: 22, S.NOT_OPENED: 3}  # fmt: skip
# The demo worker whose "my week" is measured, and how many open cases she carries.
WEEK_WORKER = "worker"
WEEK_CASES = 40
BIG_CASE_CONTACTS = 200
DAY = dt.timedelta(days=1)


@dataclass
class Spec:
    """One case before it is written: its record, its history and its contacts."""

    programme: str
    route: str
    unit: str
    status: str
    opened: dt.datetime
    received: dt.datetime
    closed: dt.datetime | None = None
    decision: str = ""
    grade: int | None = None
    category: str = ""
    schedule_start: dt.date | None = None
    worker: int = 0
    home: int = 0
    first: dt.datetime | None = None
    # (at, kind, from, to, code, reason, by: "worker", "lead" (the unit's supervisor) or "")
    events: list[tuple[dt.datetime, str, str, str, str, str, str]] = field(default_factory=list)
    # (at, method)
    contacts: list[tuple[dt.datetime, str]] = field(default_factory=list)
    version: int = 1


@dataclass
class Seeded:
    password: str
    week_worker: str
    unit_supervisor: str
    big_case: int
    counts: dict[str, int]


def seed(*, cases: int, contacts: int, persons: int, seed: int = 10) -> Seeded:
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    now = timezone.now()
    units = build_institutions()
    password = secrets.token_urlsafe(9)
    create_accounts(units, password)
    districts = list(District.objects.filter(county__code=COUNTY_CODE).order_by("code"))
    homes = _population(persons, districts, seed)
    specs = [_spec(rng, now) for _ in range(cases)]
    big = _big_case(specs, now)
    _assign_workers(rng, specs, units, password)
    for spec in specs:
        spec.home = rng.randrange(len(homes))
    _schedule_contacts(rng, specs, now)
    _fill_contacts(rng, specs, contacts, big, now)
    ids = _write(rng, specs, homes, districts, big)
    return Seeded(password, WEEK_WORKER, SUPERVISOR_OF["KL-FWC-QD"], ids[big], _counts())


def _population(persons: int, districts: list[District], seed: int) -> list[list[int]]:
    villages = [list(d.villages.values_list("pk", flat=True)) for d in districts]
    generator = PopulationGenerator(seed=seed, today=timezone.localdate())
    homes: list[list[int]] = []
    batch = []
    for home in generator.households(population=persons, district_count=len(districts),
                                     villages_per_district=[len(v) for v in villages]):  # fmt: skip
        batch.append(household_row(home, districts, villages))
        if len(batch) >= BATCH:
            homes += households_import(rows=batch, since=dt.date(2020, 1, 1))
            batch = []
    if batch:
        homes += households_import(rows=batch, since=dt.date(2020, 1, 1))
    return homes


def _days(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(days=rng.uniform(low, high))


def _spec(rng: random.Random, now: dt.datetime) -> Spec:
    programme, route, _, _ = rng.choices(MIX, weights=[m[2] for m in MIX])[0]
    if programme in UNIT_OF:
        unit = (
            UNIT_OF[programme]
            or rng.choices(list(WELFARE_SHARE), weights=list(WELFARE_SHARE.values()))[0]
        )
    else:
        unit = "KL-DV"
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    age = {S.ASSESSMENT: (0.5, 20), S.OPEN_REVIEW: (8, 25), S.CLOSED: (90, 1400),
           S.NOT_OPENED: (30, 1400)}.get(status, (40, 730))  # fmt: skip
    opened = now - _days(rng, *age)
    received = opened - _days(rng, 0.05, 2)
    spec = Spec(programme, route, unit, status, opened, received)
    if programme == "cp":
        spec.grade = rng.choices([1, 2], weights=[3, 7])[0]
    spec.schedule_start = timezone.localdate(received)
    _life(rng, spec, now)
    return spec


def _life(rng: random.Random, spec: Spec, now: dt.datetime) -> None:
    """The case's history as the services would have written it (demo.casework's pace)."""
    ev = spec.events
    ev.append((spec.opened, EventKind.STATUS, "", S.ASSESSMENT, "", "", ""))
    first = spec.opened + dt.timedelta(days=rng.choice([0.3, 0.6, 0.9, 1.5, 3]))
    if first < now:
        spec.first = first
        spec.contacts.append((first, "B"))
    if spec.programme in ("cp", "vulnerable_family") and spec.first:
        clock = "investigation_report" if spec.programme == "cp" else "assessment_report"
        handed = spec.received + (_days(rng, 2, 5) if spec.programme == "cp"
                                  else _days(rng, 14, 40))  # fmt: skip
        if handed < now and (spec.status != S.ASSESSMENT or rng.random() < 0.5):
            ev.append((handed, EventKind.REPORT, "", "", clock,
                       "評估摘要：案家支持系統有限，建議持續服務。", "worker"))  # fmt: skip
    if spec.status == S.ASSESSMENT:
        return
    assert spec.first is not None
    if spec.programme == "drug":
        spec.category = rng.choices("123", weights=[3, 4, 3])[0]
        spec.schedule_start = timezone.localdate(spec.first)
        spec.version += 1
    elif spec.programme == "mh_multi":
        spec.category = rng.choice("ABCDE")
        spec.version += 1
    if spec.status == S.NOT_OPENED:
        spec.decision = OpenDecision.NOT_OPEN
    elif spec.status == S.OPEN_REVIEW:
        spec.decision = rng.choices("YS", weights=[9, 1])[0]
    else:
        spec.decision = rng.choices("YS", weights=[9, 1])[0]
    proposed = min(spec.first + _days(rng, 2, 15), now - _days(rng, 0.1, 1))
    ev.append((proposed, EventKind.STATUS, S.ASSESSMENT, S.OPEN_REVIEW, spec.decision,
               "評估完成，建議如下。", "worker"))  # fmt: skip
    spec.version += 1
    if spec.status == S.OPEN_REVIEW:
        return
    approved = proposed + _days(rng, 0.2, 3)
    after = S.NOT_OPENED if spec.decision == OpenDecision.NOT_OPEN else S.SERVICE
    ev.append((approved, EventKind.STATUS, S.OPEN_REVIEW, after, spec.decision, "", "lead"))
    spec.version += 1
    if spec.status == S.NOT_OPENED:
        spec.closed = approved
        return
    status = S.SERVICE
    if spec.status == S.FOLLOW_UP or (spec.status == S.CLOSED and rng.random() < 0.15):
        span = ((now if spec.status == S.FOLLOW_UP else approved + dt.timedelta(days=240))
                - approved).total_seconds()  # fmt: skip
        moved = approved + dt.timedelta(seconds=rng.uniform(0.5, 0.9) * span)
        ev.append((moved, EventKind.STATUS, S.SERVICE, S.FOLLOW_UP, "", "", "worker"))
        spec.version += 1
        status = S.FOLLOW_UP
    if spec.status in (S.SERVICE, S.FOLLOW_UP):
        return
    if spec.status == S.CLOSE_REVIEW:
        asked = now - _days(rng, 0.1, 5)
    else:
        asked = max(approved + _days(rng, 45, 240), ev[-1][0] + _days(rng, 7, 30))
        asked = min(asked, now - _days(rng, 5, 30))
    ev.append((asked, EventKind.STATUS, status, S.CLOSE_REVIEW, "", "服務目標達成，案家功能恢復。",
               "worker"))  # fmt: skip
    spec.version += 1
    if spec.status == S.CLOSE_REVIEW:
        return
    decided = asked + _days(rng, 0.5, 4)
    ev.append((decided, EventKind.STATUS, S.CLOSE_REVIEW, S.CLOSED, "", "", "lead"))
    spec.version += 1
    spec.closed = decided


def _big_case(specs: list[Spec], now: dt.datetime) -> int:
    """The case page's case: a category-1 drug case of the drug centre's demo manager, 20 months
    into its schedule, with 200 contacts (some of them joint visits)."""
    rng = random.Random(200)
    opened = now - dt.timedelta(days=610)
    spec = Spec(
        "drug", "service:drugs", "KL-DRUG", S.SERVICE, opened, opened - dt.timedelta(hours=20)
    )
    while True:
        spec.events, spec.contacts, spec.version = [], [], 1
        _life(rng, spec, now)
        if spec.category == "1":
            break
        spec.category = ""
    specs.append(spec)
    return len(specs) - 1


def _assign_workers(rng: random.Random, specs: list[Spec], units: dict[str, Unit],
                    password: str) -> None:  # fmt: skip
    """Enough workers per unit for the programme's caseload; the week worker carries 40."""
    staff = {s.user.username: s for s in Staff.objects.select_related("user", "unit")}
    hashed = make_password(password)
    by_unit: dict[str, list[Spec]] = defaultdict(list)
    for spec in specs:
        by_unit[spec.unit].append(spec)
    for unit, unit_specs in by_unit.items():
        open_specs = [s for s in unit_specs if s.status not in (S.CLOSED, S.NOT_OPENED)]
        ended = [s for s in unit_specs if s.status in (S.CLOSED, S.NOT_OPENED)]
        role = ROLE_OF.get(unit, Role.CASE_WORKER)
        existing = [s for s in staff.values() if s.unit.code == unit and s.role == role]
        fixed: dict[int, int] = {}  # worker pk → open cases they carry
        week = staff[WEEK_WORKER]
        if week.unit.code == unit:
            fixed[week.pk] = WEEK_CASES
            existing = [s for s in existing if s.pk != week.pk]
        rest = len(open_specs) - sum(fixed.values())
        need = max(1, math.ceil(rest / CASELOAD.get(unit, DEFAULT_CASELOAD)))
        workers = [s.pk for s in existing[:need]]
        for n in range(need - len(workers)):
            workers.append(staff_create(
                username=f"bench-{unit.lower()}-{n:03d}", password_hash=hashed,
                display_name=f"工作者{n:03d}", unit=units[unit], role=role,
            ).pk)  # fmt: skip
        rng.shuffle(open_specs)
        position = 0
        for pk, count in fixed.items():
            for spec in open_specs[position : position + count]:
                spec.worker = pk
            position += count
        for i, spec in enumerate(open_specs[position:]):
            spec.worker = workers[i % len(workers)]
        for spec in ended:
            spec.worker = rng.choice([*workers, *fixed])
    big = specs[-1]
    big.worker = staff["drugmanager"].pk


def _schedule_contacts(rng: random.Random, specs: list[Spec], now: dt.datetime) -> None:
    """Drug cases keep most of their schedule: 85 % of the windows that have begun get the
    contacts they require."""
    rest = rest_day_test_from(REST_DAYS)
    today = timezone.localdate(now)
    for spec in specs:
        if spec.programme != "drug" or not spec.category or spec.schedule_start is None:
            continue
        rows = schedule_rows(f"drug:{spec.category}", SCHEDULES)
        last = timezone.localdate(spec.closed) if spec.closed else today
        for window in domain.windows(rows, spec.schedule_start, rest, until=last):
            if rng.random() >= 0.85:
                continue
            end = min(window.end, last)
            for _ in range(window.required):
                day = window.start + dt.timedelta(days=rng.randint(0, (end - window.start).days))
                spec.contacts.append((_at(rng, day, now), window.method))


def _at(rng: random.Random, day: dt.date, now: dt.datetime) -> dt.datetime:
    zone = timezone.get_current_timezone()
    at = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)), tzinfo=zone)
    return min(at, now - dt.timedelta(minutes=rng.randint(5, 600)))


def _fill_contacts(rng: random.Random, specs: list[Spec], total: int, big: int,
                   now: dt.datetime) -> None:  # fmt: skip
    """The rest of the contacts, spread over the cases by how long each has been served (a
    contact every two to six weeks on average); the big case gets exactly 200."""
    big_spec = specs[big]
    big_spec.contacts = big_spec.contacts[:BIG_CASE_CONTACTS]
    missing_big = BIG_CASE_CONTACTS - len(big_spec.contacts)
    others = [s for i, s in enumerate(specs) if i != big and s.first is not None]
    left = total - sum(len(s.contacts) for s in specs) - missing_big
    spans = [((s.closed or now) - s.first).total_seconds() for s in others if s.first]
    whole = sum(spans)
    shares = [left * span / whole for span in spans]
    counts = [int(x) for x in shares]
    for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[: left - sum(counts)]:
        counts[i] += 1
    for spec, count in [*zip(others, counts, strict=True), (big_spec, missing_big)]:
        assert spec.first is not None
        end = spec.closed or now
        span = (end - spec.first).total_seconds()
        for _ in range(count):
            at = spec.first + dt.timedelta(seconds=rng.uniform(0, span))
            day = timezone.localdate(at)
            method = rng.choices("ABDGC", weights=[50, 35, 8, 4, 3])[0]
            spec.contacts.append((min(_at(rng, day, now), end), method))


def _write(rng: random.Random, specs: list[Spec], homes: list[list[int]],
           districts: list[District], big: int) -> list[int]:  # fmt: skip
    supervisors = {
        unit: Staff.objects.get(user__username=name).pk for unit, name in SUPERVISOR_OF.items()
    }
    units = {u.code: u.pk for u in Unit.objects.all()}
    joint = [units["KL-MHC"], units["KL-FWC-QD"]]
    concerns = {m[0]: m[3] for m in MIX}
    ids: list[int] = []
    now = timezone.now()
    for start in range(0, len(specs), BATCH):
        chunk = specs[start : start + BATCH]
        with transaction.atomic():
            cases = [
                Case(service=s.route, programme=s.programme, category=s.category,
                     lead_unit_id=units[s.unit], worker_id=s.worker, status=s.status,
                     open_decision=s.decision, opened_at=s.opened, closed_at=s.closed,
                     received_at=s.received, grade=s.grade, schedule_start=s.schedule_start,
                     version=s.version)
                for s in chunk
            ]  # fmt: skip
            Case.objects.bulk_create(cases, batch_size=2000)
            ids += [c.pk for c in cases]
            CaseMember.objects.bulk_create([
                CaseMember(case=c, person_id=pk, role="victim" if j == 0 else "household")
                for c, s in zip(cases, chunk, strict=True)
                for j, pk in enumerate(homes[s.home][:4])
            ], batch_size=5000)  # fmt: skip
            Report.objects.bulk_create([
                Report(channel=rng.choice(["35", "7", "24", "15", "16"]), reporter_type="neighbour",
                       reporter_name="通報人", received_at=s.received,
                       district=rng.choice(districts), concerns=concerns[s.programme],
                       vulnerable_areas=["economic"] if s.programme == "vulnerable_family" else [],
                       narrative="基準測試用通報。", urgency="normal", status=ReportStatus.ACCEPTED,
                       grading_deadline=s.received + dt.timedelta(hours=24),
                       screened_at=s.received + dt.timedelta(hours=1), case=c)
                for c, s in zip(cases, chunk, strict=True)
            ], batch_size=2000)  # fmt: skip
            CaseEvent.objects.bulk_create([
                CaseEvent(case=c, kind=kind, status_from=frm, status_to=to, code=code,
                          reason=reason, at=at,
                          by_id={"worker": s.worker, "lead": supervisors[s.unit]}.get(by))
                for c, s in zip(cases, chunk, strict=True)
                for at, kind, frm, to, code, reason, by in s.events
            ], batch_size=5000)  # fmt: skip
            rows = []
            for c, s in zip(cases, chunk, strict=True):
                for at, method in sorted(s.contacts):
                    rows.append(Contact(
                        case=c, at=at, method=method, target=rng.choice("0025"),
                        place=rng.choice(PLACES) if method != "A" else "",
                        notes=rng.choice(NOTES), recorded_by_id=s.worker,
                        recorded_at=min(at + dt.timedelta(hours=rng.uniform(0.5, 30)), now),
                    ))  # fmt: skip
            for i in range(0, len(rows), BATCH):
                insert_rows(rows[i : i + BATCH])
            if start <= big < start + BATCH:
                made = [r for r in rows if r.case_id == cases[big - start].pk]
                through = Contact.joint_units.through
                through.objects.bulk_create([
                    through(contact_id=r.pk, unit_id=joint[n % 2])
                    for n, r in enumerate(made[::20])
                ])  # fmt: skip
        print(f"\rcases: {start + len(chunk)}/{len(specs)}", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


def _counts() -> dict[str, int]:
    statuses = Counter(Case.objects.values_list("status", flat=True))
    return {
        "cases": Case.objects.count(),
        "open_cases": sum(n for s, n in statuses.items() if s not in (S.CLOSED, S.NOT_OPENED)),
        "contacts": Contact.objects.count(),
        "case_events": CaseEvent.objects.count(),
        "written_reports": CaseEvent.objects.filter(kind=EventKind.REPORT).count(),
        "staff": Staff.objects.count(),
        **{f"status_{s}": n for s, n in sorted(statuses.items())},
    }
