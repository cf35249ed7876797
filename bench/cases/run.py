"""bench/cases: case management's reads on PostgreSQL with the demo city at 25,000 cases.

    bash bench/cases/run             # starts a throwaway PostgreSQL, seeds, measures

Seeds the demo city's institutions and accounts, 40,000 persons, 25,000 cases across the
programmes that have an intake route (mostly open) with their history, written reports and
500,000 contacts (bench/cases/seed.py). Then, in this process, through Django's test Client as
logged-in staff (the whole middleware, view and template; no HTTP server or socket), after a
warm-up, it times:
  - "my week" (GET /cases/week/) of a worker with 40 open cases;
  - the unit's week (the same page) of that unit's supervisor;
  - the case page (GET /cases/<id>/) of a case with 200 contacts, as its worker;
  - the family page (GET /families/<household>/) of the 200-contact case's household, which
    also holds the members of two other open cases led by other units, as that worker;
and the due list of every open case of the city: `cases.due.dues(all open cases)` in one call
(the cases read, then their clocks and windows), with the number of cases and items.
Figures are printed and written to bench/results/cases.json. `--profile` also writes cProfile
statistics of each measured read to bench/results/cases-*.prof and prints their top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "results"
TARGET_PAGE_MS = 150.0
TARGET_DUE_S = 2.0


def _machine_speed_ms() -> float:
    """A fixed pure-Python loop, timed, to show this shared machine's speed beside the figures
    (as bench/intake does; lower is faster)."""
    started = time.process_time()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return round((time.process_time() - started) * 1000, 1)


def _percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
        "n": len(samples),
    }


def _profile(name: str, call: Callable[[], object], top: int) -> None:
    profiler = cProfile.Profile()
    profiler.runcall(call)
    path = OUT / f"cases-{name}.prof"
    profiler.dump_stats(path)
    print(f"\n--- profile of {name} ({path.relative_to(ROOT)}) ---")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def measure_pages(seeded: object, *, requests: int, warmup: int, profile: bool,
                  top: int) -> dict[str, object]:  # fmt: skip
    from django.contrib.auth.models import User
    from django.test import Client

    from bench.cases.seed import Seeded

    assert isinstance(seeded, Seeded)

    def client(username: str) -> Client:
        from allauth.account.internal.flows.login import record_authentication
        from django.test import RequestFactory

        user = User.objects.get(username=username)
        if not user.check_password(seeded.password):
            raise RuntimeError(f"cannot log in as {username}")
        c = Client()
        c.force_login(user)
        # The second factor passed, as allauth records it (what tests/conftest.py does).
        request = RequestFactory().get("/")
        request.session = c.session
        request.user = user
        record_authentication(request, request.user, method="mfa", type="totp")
        request.session.save()
        return c

    family = _family_of(seeded.big_case)
    pages = {
        "my_week": (client(seeded.week_worker), "/cases/week/"),
        "unit_week": (client(seeded.unit_supervisor), "/cases/week/"),
        "case_page_200_contacts": (client("drugmanager"), f"/cases/{seeded.big_case}/"),
        "family_page_200_contacts": (client("drugmanager"), f"/families/{family}/"),
    }
    results: dict[str, object] = {}
    for name, (c, url) in pages.items():

        def get(c: Client = c, url: str = url) -> float:
            started = time.perf_counter()
            response = c.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"{url} → {response.status_code}")
            return elapsed

        for _ in range(warmup):
            get()
        samples = [get() for _ in range(requests)]
        shown = url.replace(str(seeded.big_case), "<id>").replace(f"/{family}/", "/<id>/")
        results[name] = {**_percentiles(samples), "url": shown,
                         "bytes": len(c.get(url).content)}  # fmt: skip
        print(f"{name}: {results[name]}", flush=True)
        if profile:
            _profile(name, get, top)
    return results


def _family_of(case_id: int) -> int:
    """A household of the big case's members and those of two other open cases of other units
    (the family page shows every case of every member)."""
    import datetime as dt

    from safetynet.cases.models import OPEN_STATUSES, Case, CaseMember
    from safetynet.people.models import Household, HouseholdMembership

    big = Case.objects.get(pk=case_id)
    others = list(Case.objects.filter(status__in=OPEN_STATUSES).exclude(
        lead_unit_id=big.lead_unit_id).order_by("pk")[:2])  # fmt: skip
    persons = set(CaseMember.objects.filter(case__in=[big, *others]).values_list(
        "person_id", flat=True))  # fmt: skip
    home = Household.objects.create(code="BENCH-FAMILY")
    HouseholdMembership.objects.bulk_create(
        [HouseholdMembership(household=home, person_id=p, relationship="other",
                             start=dt.date(2020, 1, 1)) for p in sorted(persons)]
    )  # fmt: skip
    return home.pk


def measure_dues(*, rounds: int, profile: bool, top: int) -> dict[str, object]:
    from django.utils import timezone

    from safetynet.cases.due import dues
    from safetynet.cases.models import OPEN_STATUSES, Case
    from safetynet.cases.views import HORIZON

    def city() -> tuple[int, int, int, int]:
        cases = Case.objects.filter(status__in=OPEN_STATUSES).order_by("pk")
        found = dues(cases)
        today = timezone.localdate()
        items = sum(len(d.open_items(today, HORIZON)) for d in found)
        clocks = sum(len(d.clocks) for d in found)
        windows = sum(len(d.windows) for d in found)
        return len(found), clocks, windows, items

    city()  # warm-up: rule tables and code lists cached per process
    samples = []
    shape = (0, 0, 0, 0)
    for _ in range(rounds):
        started = time.perf_counter()
        shape = city()
        samples.append(time.perf_counter() - started)
    cases, clocks, windows, items = shape
    result: dict[str, object] = {
        "median_s": round(statistics.median(samples), 2), "max_s": round(max(samples), 2),
        "min_s": round(min(samples), 2), "rounds": rounds, "open_cases": cases,
        "clocks": clocks, "windows": windows, "items_due_or_overdue_in_7_days": items,
    }  # fmt: skip
    print(f"due_list_city: {result}", flush=True)
    if profile:
        _profile("due_list_city", city, top)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=25_000)
    parser.add_argument("--contacts", type=int, default=500_000)
    parser.add_argument("--persons", type=int, default=40_000)
    parser.add_argument("--requests", type=int, default=60, help="timed GETs per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed GETs per page first")
    parser.add_argument("--due-rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30, help="functions shown per profile")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (bash bench/cases/run does).")
    os.environ["SAFETYNET_VAR_DIR"] = tempfile.mkdtemp(prefix="safetynet-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    django.setup()
    from bench.cases.seed import seed

    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    seeded = seed(cases=args.cases, contacts=args.contacts, persons=args.persons)
    dataset = {**seeded.counts, "persons": args.persons,
               "seed_s": round(time.perf_counter() - started, 1)}  # fmt: skip
    print(json.dumps(dataset, indent=2), flush=True)
    speed = [_machine_speed_ms()]
    pages = measure_pages(seeded, requests=args.requests, warmup=args.warmup,
                          profile=args.profile, top=args.top)  # fmt: skip
    due = measure_dues(rounds=args.due_rounds, profile=args.profile, top=args.top)
    speed.append(_machine_speed_ms())
    pages_met = all(
        p["p95_ms"] <= TARGET_PAGE_MS
        for p in pages.values()
        if isinstance(p, dict) and "p95_ms" in p
    )
    median = due["median_s"]
    machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "speed_ms": speed}
    targets = {
        "page_p95_ms": TARGET_PAGE_MS,
        "due_list_s": TARGET_DUE_S,
        "pages_met": pages_met,
        "due_list_met": isinstance(median, float) and median <= TARGET_DUE_S,
    }
    results = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "dataset": dataset,
        "pages": pages,
        "due_list_city": due,
        "targets": targets,
    }
    print(json.dumps(results, indent=2, ensure_ascii=False))
    (OUT / "cases.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
