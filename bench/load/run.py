"""bench/load: the production set-up (nginx + gunicorn, deploy/) at twice the demo city's peak
hour, with slow clients mixed in.

    bash bench/load/run [--factor 2] [--window 60] [--population 60000]

Starts a throwaway PostgreSQL on loopback (bench/load/run), generates the demo city through its
own generator (`safetynet demo`: 5,219 reports in the year, Keelung's 111年 count), and derives
the peak hour from what the generator made: the most reports received in one clock hour of
the generated year. The bench then plays `factor` × that hour on the production set-up:

  - reports: `factor` × peak-hour reports filed by a partner system (POST /api/v1/reports),
    each then worked by the desk: the queue page, the report's decision page, the decision
    posted through the page's form (a dispatch), the queue page again;
  - the desk looking at its queue besides: `desk_staff` screeners each opening the queue page
    once every `desk_every` minutes (unsourced guesses: 6 screeners on shift, every 2 minutes),
    also × `factor`;
  - slow clients all the while: 50 connections that never finish their request head (renewed
    as nginx closes them), 50 that never begin TLS, 5 uploads that trickle a byte a second.

The hour is played in `window` seconds (default 60: 60 times faster than the real hour), so the
request rate is 60 × that of twice the peak: a far stricter load than the hour itself, whose
p95 bounds the hour's. Arrivals are a Poisson process (uniform times, fixed seed). Everything
runs on 127.0.0.1 and stops after the window (plus the scenarios still in flight, at most 30 s).
Prints per request kind: count, p50, p95, max, errors; throughput; writes
bench/results/load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
import httpx

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    async def timed(self, kind: str, call: Any, expect: tuple[int, ...]) -> httpx.Response | None:
        started = time.monotonic()
        try:
            response: httpx.Response = await call
        except httpx.HTTPError as exc:
            self.samples.append(Sample(kind, time.monotonic() - started, False))
            self.errors[f"{kind}: {type(exc).__name__}"] += 1
            return None
        ok = response.status_code in expect
        self.samples.append(Sample(kind, time.monotonic() - started, ok))
        if not ok:
            self.errors[f"{kind}: HTTP {response.status_code}"] += 1
        return response


def peak_hour() -> dict[str, Any]:
    """The most reports the demo generator put in one clock hour (Asia/Taipei) of its year."""
    from django.db.models import Count
    from django.db.models.functions import TruncHour

    from safetynet.intake.models import Report

    hours = (
        Report.objects.annotate(hour=TruncHour("received_at"))
        .values("hour")
        .annotate(n=Count("id"))
        .order_by("-n", "hour")
    )
    busiest = hours.first()
    total = Report.objects.count()
    return {
        "reports_in_year": total,
        "mean_per_hour": round(total / (365 * 24), 3),
        "peak_hour_reports": busiest["n"] if busiest else 0,
        "peak_hour": busiest["hour"].isoformat() if busiest else None,
    }


def report_body(rng: random.Random) -> dict[str, Any]:
    from safetynet.core.twid import check_digit

    prefix = f"C{rng.choice('12')}{rng.randrange(10**7):07d}"
    return {
        "channel": "7",
        "reporter_type": "mandated_education",
        "reporter_name": "導師乙",
        "district": rng.choice(["10017010", "10017020", "10017030", "10017040"]),
        "concerns": ["child"],
        "narrative": "學生手臂有瘀傷，表示在家被打。",
        "urgency": rng.choice(["normal", "high"]),
        "occurred_on": "民國115年11月20日",
        "persons": [
            {"role": "victim", "name": rng.choice(["王小明", "林小華", "陳小安", "張小芳"]),
             "id_number": prefix + check_digit(prefix), "birth_date": "1040301", "sex": "M"},
        ],
    }  # fmt: skip


async def scenario(run: Run, at: float, start: float, partner: httpx.AsyncClient,
                   desk: httpx.AsyncClient, body: dict[str, Any], key: str) -> None:  # fmt: skip
    """One report: filed, then worked by the desk a few (compressed) seconds later."""
    await asyncio.sleep(max(0.0, start + at - time.monotonic()))
    filed = await run.timed(
        "file a report (API)",
        partner.post("/api/v1/reports", json=body, headers={"Idempotency-Key": key}),
        (201,),
    )
    if filed is None or filed.status_code != 201:
        return
    report = filed.json()["id"]
    await asyncio.sleep(random.uniform(0.5, 3))
    await run.timed("queue page", desk.get("/queue/"), (200,))
    await run.timed("decision page", desk.get(f"/reports/{report}/decide/"), (200,))
    await run.timed(
        "decision posted (form)",
        desk.post(f"/reports/{report}/decide/", data={
            "outcome": "vulnerable_family", "vulnerable_areas": ["economic"],
            "beside_open_case": "on", "csrfmiddlewaretoken": desk.headers["X-CSRFToken"]}),
        (302,),
    )  # fmt: skip
    await run.timed("queue page", desk.get("/queue/"), (200,))


async def glance(run: Run, at: float, start: float, desk: httpx.AsyncClient) -> None:
    await asyncio.sleep(max(0.0, start + at - time.monotonic()))
    await run.timed("queue page", desk.get("/queue/"), (200,))


async def slow_clients(port: int, context: ssl.SSLContext, until: float) -> dict[str, int]:
    """Head-never-finished, handshake-never-begun and trickling-upload connections, kept up (a
    closed one is opened again) until `until`."""
    counts = {"slow heads opened": 0, "stalled handshakes opened": 0, "trickled uploads": 0}

    async def head() -> None:
        while time.monotonic() < until:
            try:
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", port, ssl=context, server_hostname="localhost"
                )
                counts["slow heads opened"] += 1
                writer.write(b"GET /queue/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                await writer.drain()
                while time.monotonic() < until and not reader.at_eof():
                    writer.write(b"a")
                    await writer.drain()
                    await asyncio.sleep(2)
                writer.close()
            except (OSError, ssl.SSLError):
                await asyncio.sleep(0.5)

    async def handshake() -> None:
        while time.monotonic() < until:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                counts["stalled handshakes opened"] += 1
                while time.monotonic() < until and not reader.at_eof():
                    await asyncio.sleep(0.5)
                writer.close()
            except OSError:
                await asyncio.sleep(0.5)

    async def upload() -> None:
        while time.monotonic() < until:
            try:
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", port, ssl=context, server_hostname="localhost"
                )
                counts["trickled uploads"] += 1
                writer.write(b"POST /api/v1/reports HTTP/1.1\r\nHost: localhost\r\n"
                             b"Content-Type: application/json\r\nIdempotency-Key: slow\r\n"
                             b"Content-Length: 100000\r\n\r\n")  # fmt: skip
                while time.monotonic() < until and not reader.at_eof():
                    writer.write(b" ")
                    await writer.drain()
                    await asyncio.sleep(1)
                writer.close()
            except (OSError, ssl.SSLError):
                await asyncio.sleep(0.5)

    tasks = [head() for _ in range(50)] + [handshake() for _ in range(50)]
    tasks += [upload() for _ in range(5)]
    await asyncio.gather(*tasks)
    return counts


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p * len(ordered)) - 1)]


async def play(args: argparse.Namespace, url: str, context: ssl.SSLContext, port: int,
               token: str, session: str, csrf: str, peak: int) -> dict[str, Any]:  # fmt: skip
    rng = random.Random(args.seed)
    reports = math.ceil(args.factor * peak)
    glances = math.ceil(args.factor * args.desk_staff * 60 / args.desk_every)
    run = Run()
    limits = httpx.Limits(max_connections=100)
    partner = httpx.AsyncClient(base_url=url, verify=context, timeout=TIMEOUT, limits=limits,
                                headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    desk = httpx.AsyncClient(
        base_url=url, verify=context, timeout=TIMEOUT, limits=limits,
        headers={"Cookie": f"__Host-sessionid={session}; __Host-csrftoken={csrf}",
                 "X-CSRFToken": csrf, "Origin": url, "Referer": f"{url}/queue/"},
    )  # fmt: skip
    start = time.monotonic() + 2  # the slow clients are in place first
    slow = asyncio.create_task(slow_clients(port, context, start + args.window))
    work = [
        scenario(run, rng.uniform(0, args.window), start, partner, desk, report_body(rng),
                 f"load-{i}")
        for i in range(reports)
    ] + [glance(run, rng.uniform(0, args.window), start, desk) for _ in range(glances)]  # fmt: skip
    await asyncio.wait_for(asyncio.gather(*work), timeout=args.window + 40)
    took = time.monotonic() - start
    counts = await slow
    await partner.aclose()
    await desk.aclose()
    kinds: dict[str, dict[str, Any]] = {}
    for kind in sorted({s.kind for s in run.samples}):
        times = [s.seconds * 1000 for s in run.samples if s.kind == kind]
        kinds[kind] = {
            "requests": len(times),
            "errors": sum(1 for s in run.samples if s.kind == kind and not s.ok),
            "p50_ms": round(statistics.median(times)),
            "p95_ms": round(percentile(times, 0.95)),
            "max_ms": round(max(times)),
        }
    every = [s.seconds * 1000 for s in run.samples]
    return {
        "reports_filed": reports,
        "queue_glances": glances,
        "requests": len(every),
        "errors": sum(1 for s in run.samples if not s.ok),
        "error_kinds": dict(run.errors),
        "p95_ms": round(percentile(every, 0.95)) if every else None,
        "seconds": round(took, 1),
        "throughput_rps": round(len(every) / took, 1),
        "by_kind": kinds,
        "slow_clients": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--factor", type=float, default=2.0, help="times the peak hour")
    parser.add_argument("--window", type=float, default=60.0, help="seconds the hour is played in")
    parser.add_argument("--population", type=int, default=60_000)
    parser.add_argument("--reports", type=int, default=5219, help="the demo year's reports")
    parser.add_argument("--desk-staff", type=int, default=6)
    parser.add_argument("--desk-every", type=float, default=2.0, help="minutes between glances")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (cores + 1)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (bash bench/load/run does).")
    var = tempfile.mkdtemp(prefix="safetynet-load-")
    os.environ["SAFETYNET_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    manage = [str(Path(sys.executable).parent / "safetynet")]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True)
    started = time.monotonic()
    subprocess.run([*manage, "demo", "--population", str(args.population), "--reports",
                    str(args.reports)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    seeded = time.monotonic() - started
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from deploy.stack import production
    from safetynet.agencies.models import Unit
    from safetynet.agencies.services import api_client_create

    peak = peak_hour()
    print(f"demo city seeded in {seeded:.0f} s; {json.dumps(peak)}", flush=True)
    _, token = api_client_create(name="load", unit=Unit.objects.get(code="KL-DESK"), channel="7")
    browser = Client()
    screener = User.objects.get(username="screener")
    browser.force_login(screener)
    # The session passed its second factor, as allauth records it after a good code.
    from allauth.account.internal.flows.login import record_authentication
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = browser.session
    request.user = screener
    record_authentication(request, screener, method="mfa", type="totp")
    request.session.save()
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = _get_new_csrf_string()
    log = Path(var) / "stack.log"
    with production(database_url=os.environ["DATABASE_URL"], workers=args.workers, log=log,
                    env={"SAFETYNET_SECRET_KEY": settings.SECRET_KEY,
                         "SAFETYNET_CONN_MAX_AGE": "600"}) as stack:  # fmt: skip
        result = asyncio.run(play(args, stack.url, stack.tls(), stack.https_port, token,
                                  session, csrf, peak["peak_hour_reports"]))  # fmt: skip
    result = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "demo": peak,
              "factor": args.factor, "window_s": args.window, "desk_staff": args.desk_staff,
              "desk_every_min": args.desk_every, "seed_s": round(seeded), **result}  # fmt: skip
    out = ROOT / "bench" / "results" / "load.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"\n{args.factor:g} × the peak hour ({peak['peak_hour_reports']} reports) in "
        f"{args.window:g} s, with {sum(result['slow_clients'].values())} slow connections:"
    )
    print(f"{'request':28} {'n':>5} {'err':>4} {'p50':>6} {'p95':>6} {'max':>6}  (ms)")
    for kind, row in result["by_kind"].items():
        print(f"{kind:28} {row['requests']:5} {row['errors']:4} {row['p50_ms']:6} "
              f"{row['p95_ms']:6} {row['max_ms']:6}")  # fmt: skip
    print(f"all: {result['requests']} requests, {result['errors']} errors, p95 "
          f"{result['p95_ms']} ms, {result['throughput_rps']} requests/s over "
          f"{result['seconds']} s; errors by kind {result['error_kinds']}")  # fmt: skip


if __name__ == "__main__":
    main()
