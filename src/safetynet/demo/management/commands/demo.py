"""`safetynet demo`: generate the demo city (institutions, population, a year of reports)."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from safetynet.agencies.models import Unit
from safetynet.demo.city import (
    ACCOUNTS,
    COUNTY_CODE,
    build_institutions,
    create_accounts,
    household_row,
    mark_confidential_homes,
)
from safetynet.demo.flow import context_for, run_year
from safetynet.demo.lists import import_lists
from safetynet.demo.population import PopulationGenerator, SyntheticHousehold
from safetynet.geo.models import District
from safetynet.people.models import Person
from safetynet.people.services import HouseholdRow, households_import

BATCH = 2000


def accounts_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.txt"


class Command(BaseCommand):
    help = "Generate the demo city: Keelung-sized, deterministic from a seed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=111)
        parser.add_argument("--population", type=int, default=360_000)
        parser.add_argument(
            "--reports", type=int, default=5219, help="Keelung received 5,219 in 111年"
        )
        parser.add_argument(
            "--lists", type=int, default=3000, help="records in the external systems' lists"
        )
        parser.add_argument("--if-empty", action="store_true", help="do nothing if a city exists")

    def handle(self, *args: Any, **options: Any) -> None:
        if Unit.objects.filter(code="KL-DESK").exists():
            if options["if_empty"]:
                self._print_accounts()
                return
            self.stderr.write("The demo city already exists; use a fresh database.")
            return
        started = time.monotonic()
        with transaction.atomic():
            units = build_institutions()
            password = secrets.token_urlsafe(9)
            totp_secrets = create_accounts(units, password)
        districts = list(District.objects.filter(county__code=COUNTY_CODE).order_by("code"))
        villages = [list(d.villages.order_by("pk").values_list("pk", flat=True)) for d in districts]
        generator = PopulationGenerator(seed=options["seed"], today=timezone.localdate())
        kept: list[SyntheticHousehold] = []
        batch: list[HouseholdRow] = []
        for home in generator.households(
            population=options["population"],
            district_count=len(districts),
            villages_per_district=[len(v) for v in villages],
        ):
            if home.key % 20 == 0 or options["population"] < 50_000:
                kept.append(home)  # the families the year's reports are about
            batch.append(household_row(home, districts, villages))
            if len(batch) >= BATCH:
                households_import(rows=batch, since=timezone.localdate().replace(month=1, day=1))
                batch = []
        if batch:
            households_import(rows=batch, since=timezone.localdate().replace(month=1, day=1))
        mark_confidential_homes()
        self.stdout.write(
            f"population: {Person.objects.count()} persons ({time.monotonic() - started:.0f} s)"
        )
        with transaction.atomic():
            ctx = context_for(seed=options["seed"], now=timezone.now(), districts=districts)
            run_year(
                ctx, kept, reports=options["reports"], progress=self._progress(options["reports"])
            )
        if options["lists"] and kept:
            import_lists(seed=options["seed"], homes=kept, count=options["lists"])
        accounts_file().parent.mkdir(parents=True, exist_ok=True)
        # Written once, kept under var/ (never committed), readable by its owner only: the
        # password and each account's authenticator-app secret (`safetynet democode USER`
        # prints its current code).
        accounts_file().write_text(
            "".join(
                f"{a.username}\t{password}\t{a.role}\t{a.unit_code}\t{totp_secrets[a.username]}\n"
                for a in ACCOUNTS
            )
        )
        accounts_file().chmod(0o600)
        self.stdout.write(f"demo city ready in {time.monotonic() - started:.0f} s")
        self._print_accounts()

    def _progress(self, total: int) -> Any:
        def report(done: int) -> None:
            self.stdout.write(f"\rreports: {done}/{total}", ending="")
            self.stdout.flush()

        return report

    def _print_accounts(self) -> None:
        if not accounts_file().exists():
            return
        self.stdout.write(
            "\nDemo accounts (username / password / role / unit / authenticator-app secret;"
            " `safetynet democode USERNAME` prints the current code):"
        )
        for line in accounts_file().read_text().splitlines():
            self.stdout.write("  " + "  ".join(line.split("\t")))
