"""bench/intake: intake throughput and the desk's read latencies on PostgreSQL.

    bash bench/intake/run            # starts a throwaway PostgreSQL, seeds, serves, measures

Seeds 200,000 reports and 100,000 persons, serves the platform with gunicorn's sync workers on
loopback, and measures (all traffic to 127.0.0.1, bounded request counts):
  - reports accepted per second through POST /api/v1/reports at 20 concurrent clients (p50/p95);
    each client sends its next report as soon as the last is answered. The clients use the
    standard library's http.client: the load generator shares the 2 cores with the server
    and PostgreSQL, so it should take as little of them as it can.
  - the screening queue page (GET /queue/) p95
  - a person's history lookup (the screener's report page with every person's history) p95
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import django
import httpx

if TYPE_CHECKING:
    from bench.intake.seed import Family

ROOT = Path(__file__).resolve().parents[2]


def _machine_speed_ms() -> float:
    """A fixed pure-Python loop, timed: this machine's speed drifts by a quarter from one minute
    to the next, so every run reports it beside its figures (lower is faster)."""
    started = time.process_time()
    total = 0
    for i in range(3_000_000):
        total += i * i
    return round((time.process_time() - started) * 1000, 1)


def _machine_busy_s() -> float:
    """CPU seconds this machine has spent busy (all processes: server, PostgreSQL, clients)."""
    with Path("/proc/stat").open() as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "n": len(samples),
    }


def _timed(call: Callable[[], httpx.Response]) -> float:
    started = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - started
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.url} → {response.status_code}: {response.text[:300]}"
        )
    return elapsed


def _login(base: str, username: str, password: str) -> httpx.Client:
    """The password, then the authenticator app's code (the seed's secret)."""
    from bench.intake.seed import TOTP_SECRETS
    from safetynet.agencies.auth import totp_code

    client = httpx.Client(base_url=base, timeout=30, follow_redirects=True)
    client.get("/login/")
    token = client.cookies["csrftoken"]
    response = client.post(
        "/login/", data={"login": username, "password": password, "csrfmiddlewaretoken": token}
    )
    response.raise_for_status()
    code = totp_code(TOTP_SECRETS[username])
    token = client.cookies["csrftoken"]
    response = client.post(
        "/accounts/2fa/authenticate/", data={"code": code, "csrfmiddlewaretoken": token}
    )
    response.raise_for_status()
    if not str(response.url).rstrip("/").endswith(base.rstrip("/")) and "/accounts/" in str(
        response.url
    ):
        raise RuntimeError(f"{username} did not pass the second factor")
    return client


def _report_body(family: Family, rng: random.Random) -> dict[str, object]:
    persons = [
        {"role": "victim" if i == 0 else "household", "name": m.name, "id_number": m.id_number,
         "birth_date": m.birth_date.isoformat() if m.birth_date else "", "sex": m.sex}
        for i, (_, m) in enumerate(family[:4])
    ]  # fmt: skip
    return {"channel": "35", "reporter_type": "neighbour", "district": "10017020", "concerns": ["child"],
            "narrative": "基準測試：鄰居通報。", "urgency": "normal", "persons": persons,
            "occurred_on": "115/11/01" if rng.random() < 0.5 else ""}  # fmt: skip


def measure(base: str, password: str, token: str, homes: list[Family], *, intake_requests: int,
            intake_rounds: int, read_requests: int, clients: int) -> dict[str, object]:  # fmt: skip
    rng = random.Random(11)
    results: dict[str, object] = {}

    bodies = [
        json.dumps(_report_body(rng.choice(homes), rng)).encode() for _ in range(intake_requests)
    ]
    address = urllib.parse.urlsplit(base)
    connections = threading.local()

    def post(i: int) -> float:
        connection = getattr(connections, "connection", None)
        if connection is None:
            connection = connections.connection = http.client.HTTPConnection(
                address.hostname or "127.0.0.1", address.port, timeout=30
            )
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                   "Idempotency-Key": f"bench-{i}"}  # fmt: skip
        started = time.perf_counter()
        connection.request("POST", "/api/v1/reports", body=bodies[i], headers=headers)
        response = connection.getresponse()
        answer = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 201:
            raise RuntimeError(f"POST /api/v1/reports → {response.status}: {answer[:300]!r}")
        return elapsed

    speed_before = _machine_speed_ms()
    warm = min(clients * 2, intake_requests)
    rounds: list[dict[str, float]] = []
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(post, range(warm)))  # connections, caches
        # The same load several times over: this machine's speed drifts by a fifth from one
        # minute to the next, so one round alone says little.
        per_round = (intake_requests - warm) // intake_rounds
        for n in range(intake_rounds):
            started, busy = time.perf_counter(), _machine_busy_s()
            first = warm + n * per_round
            latencies = list(pool.map(post, range(first, first + per_round)))
            wall = time.perf_counter() - started
            cpu_ms = (_machine_busy_s() - busy) / per_round * 1000
            rounds.append({**_percentiles(latencies), "reports_per_s": round(per_round / wall, 1),
                           "machine_cpu_ms_per_report": round(cpu_ms, 2)})  # fmt: skip
    middle = sorted(rounds, key=lambda r: r["p95_ms"])[len(rounds) // 2]
    results["intake"] = {**middle, "clients": clients, "rounds": rounds}
    results["machine_speed_ms"] = [speed_before, _machine_speed_ms()]

    desk = _login(base, "screener", password)
    from safetynet.geo.selectors import city_districts

    districts = list(city_districts().values_list("code", flat=True))
    queue_urls = (
        ["/queue/"]
        + [f"/queue/?district={d}" for d in districts]
        + ["/queue/?page=2", "/queue/?concern=child"]
    )
    desk.get("/queue/")  # warm-up

    def get(url: str) -> float:
        return _timed(lambda: desk.get(url))

    results["queue_page"] = _percentiles(
        [get(queue_urls[i % len(queue_urls)]) for i in range(read_requests)]
    )
    ids = [int(x) for x in json.loads(os.environ["BENCH_REPORT_IDS"])]
    results["history_page"] = _percentiles(
        [get(f"/reports/{rng.choice(ids)}/") for _ in range(read_requests)]
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=200_000)
    parser.add_argument("--intake-requests", type=int, default=6040)
    parser.add_argument("--intake-rounds", type=int, default=3)
    parser.add_argument("--read-requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (bash bench/intake/run does).")
    var = tempfile.mkdtemp(prefix="safetynet-bench-")
    os.environ["SAFETYNET_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    django.setup()
    from bench.intake.seed import seed
    from safetynet.agencies.models import Unit
    from safetynet.agencies.services import api_client_create
    from safetynet.intake.models import Report

    started = time.perf_counter()
    password, homes = seed(persons=args.persons, reports=args.reports)
    seeded = time.perf_counter() - started
    _, token = api_client_create(name="bench", unit=Unit.objects.get(code="KL-DESK"), channel="35")
    sample = list(Report.objects.order_by("?").values_list("pk", flat=True)[:500])
    os.environ["BENCH_REPORT_IDS"] = json.dumps(sample)

    port = _free_port()
    # Sync workers take a connection only when idle, so waiting requests form one queue in
    # the kernel and none waits behind a busy worker while another is free (workers that keep
    # connections open split 20 clients 4/16 or 9/11 and the unlucky ones wait longest).
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "safetynet.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--worker-class", "sync", "--log-level", "warning"],
        env={**os.environ, "SAFETYNET_CONN_MAX_AGE": "600"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/login/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        results = measure(base, password, token, homes, intake_requests=args.intake_requests,
                          intake_rounds=args.intake_rounds, read_requests=args.read_requests,
                          clients=args.clients)  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    counts = {
        "persons": args.persons,
        "reports": Report.objects.count(),
        "seed_s": round(seeded, 1),
    }
    print(json.dumps({"dataset": counts, **results}, indent=2, ensure_ascii=False))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "intake.json").write_text(json.dumps({"dataset": counts, **results}, indent=2))


if __name__ == "__main__":
    main()
