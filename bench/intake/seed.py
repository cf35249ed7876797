"""Load the benchmark's history: 100,000 persons and 200,000 reports at database speed.

The history is bulk-inserted (as a migration from a legacy system would load it); what the
benchmark measures afterwards goes through the real services, views and API.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from safetynet.agencies.models import Staff
from safetynet.cases.models import Case, CaseMember, CaseStatus
from safetynet.demo.city import COUNTY_CODE, build_institutions, create_accounts, household_row
from safetynet.demo.population import PopulationGenerator
from safetynet.geo.models import District
from safetynet.intake.models import Report, ReportPerson, ReportStatus
from safetynet.people.services import MemberRow, households_import

Family = list[tuple[int, MemberRow]]  # person ids with what was imported

BATCH = 5000
# The demo accounts' authenticator-app secrets (username -> base32), for the desk's login.
TOTP_SECRETS: dict[str, str] = {}


def seed(*, persons: int, reports: int, seed: int = 7) -> tuple[str, list[Family]]:
    """Returns the demo password and the households (their persons, with pks) for load tests."""
    call_command("migrate", verbosity=0)
    units = build_institutions()
    password = secrets.token_urlsafe(9)
    TOTP_SECRETS.update(create_accounts(units, password))
    districts = list(District.objects.filter(county__code=COUNTY_CODE).order_by("code"))
    villages = [list(d.villages.values_list("pk", flat=True)) for d in districts]
    generator = PopulationGenerator(seed=seed, today=timezone.localdate())
    homes: list[Family] = []
    batch = []
    for home in generator.households(
        population=persons,
        district_count=len(districts),
        villages_per_district=[len(v) for v in villages],
    ):
        batch.append(household_row(home, districts, villages))
        if len(batch) >= BATCH:
            ids = households_import(rows=batch, since=dt.date(2020, 1, 1))
            homes += [
                list(zip(i, row.members, strict=True)) for i, row in zip(ids, batch, strict=True)
            ]
            batch = []
    if batch:
        ids = households_import(rows=batch, since=dt.date(2020, 1, 1))
        homes += [list(zip(i, row.members, strict=True)) for i, row in zip(ids, batch, strict=True)]
    _reports(homes, districts, reports, random.Random(seed))
    return password, homes


def _reports(
    homes: list[Family], districts: list[District], total: int, rng: random.Random
) -> None:
    now = timezone.now()
    worker = Staff.objects.filter(unit__code="KL-FWC-QD", role="case_worker").first()
    assert worker is not None
    made = 0
    while made < total:
        size = min(BATCH, total - made)
        with transaction.atomic():
            rows = []
            chosen: list[Family] = []
            for i in range(size):
                family = rng.choice(homes)
                chosen.append(family)
                received = now - dt.timedelta(seconds=rng.uniform(0, 2 * 365 * 86400))
                # The newest 1 % are still waiting for screening, some of them overdue.
                waiting = made + i >= total * 0.99
                if waiting:
                    received = now - dt.timedelta(hours=rng.uniform(0, 48))
                rows.append(
                    Report(
                        channel=rng.choice(["35", "7", "24", "15", "16"]),
                        reporter_type="neighbour",
                        reporter_name="通報人",
                        received_at=received,
                        district=rng.choice(districts),
                        concerns=[rng.choice(["child", "ipv", "elder"])],
                        vulnerable_areas=[],
                        narrative="基準測試用通報。",
                        urgency="normal",
                        status=ReportStatus.RECEIVED if waiting else ReportStatus.ACCEPTED,
                        grading_deadline=received + dt.timedelta(hours=24),
                        screened_at=None
                        if waiting
                        else received + dt.timedelta(hours=rng.uniform(1, 30)),
                    )
                )
            Report.objects.bulk_create(rows)
            ReportPerson.objects.bulk_create(
                [
                    ReportPerson(
                        report=r,
                        person_id=pk,
                        role="victim" if j == 0 else "household",
                        name=m.name,
                        id_number=m.id_number or "",
                        birth_date=m.birth_date,
                        sex=m.sex,
                        match_status="id",
                    )
                    for r, family in zip(rows, chosen, strict=True)
                    for j, (pk, m) in enumerate(family[:4])
                ]
            )
            cases = [
                Case(
                    service="protection:child",
                    lead_unit_id=worker.unit_id,
                    worker=worker,
                    opened_at=r.received_at,
                    status=CaseStatus.CLOSED,
                    closed_at=r.received_at + dt.timedelta(days=90),
                )
                for r in rows[: size // 5]
            ]
            Case.objects.bulk_create(cases)
            CaseMember.objects.bulk_create(
                [
                    CaseMember(case=c, person_id=pk, role="member")
                    for c, family in zip(cases, chosen, strict=False)
                    for pk, _ in family[:4]
                ],
                ignore_conflicts=True,
            )
        made += size
        print(f"\rreports: {made}/{total}", end="", flush=True)
    print()
