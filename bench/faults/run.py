"""bench/faults: kill -9 of the app server and of PostgreSQL while partners file reports.

    bash bench/faults/run [--cycles 3] [--steady 15] [--clients 20]

Starts its own throwaway PostgreSQL on loopback (it must be able to kill it), migrates it,
registers a partner system, serves the platform as production does (gunicorn, sync workers,
cores + 1, `SAFETYNET_ENV=production`) on a free loopback port, and lets `--clients` partner
threads file reports with idempotency keys, retrying failures with the same key (bench/faults/
load.py). Each cycle: `--steady` seconds of load, SIGKILL of gunicorn's master and workers and a
restart, `--steady` seconds, SIGKILL of the postmaster (its backends follow) and a restart,
`--steady` seconds, SIGKILL of one backend serving the app (PostgreSQL ends every session and
recovers by itself). Then
the partners finish the reports they hold, and plain SQL counts what the database holds
(bench/faults/check.py). Prints acknowledged / lost / duplicated / half-written; results go to
bench/results/faults.json. tests/intake/test_faults.py runs one short cycle of the same.
"""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from bench.faults.app import Server, prepare
from bench.faults.check import check
from bench.faults.cluster import Cluster, free_port
from bench.faults.load import Partner

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Plan:
    clients: int = 8
    steady_s: float = 4.0  # load before the first fault, between faults and after the last
    cycles: int = 1  # each: the app killed and restarted, then PostgreSQL
    down_s: float = 0.5  # how long a killed process stays down (a supervisor's restart delay)


def run(plan: Plan, say: Callable[[str], None] = print) -> dict[str, Any]:
    started = time.monotonic()
    cluster = Cluster().init()
    var = Path(tempfile.mkdtemp(prefix="safetynet-faults-prep."))
    server: Server | None = None
    partner: Partner | None = None
    try:
        cluster.start()
        token = prepare(cluster.url, var)
        server = Server(cluster.url, port=free_port())
        server.start()
        say(f"serving on {server.base}, PostgreSQL on :{cluster.port} "
            f"({time.monotonic() - started:.1f} s to set up)")  # fmt: skip
        partner = Partner(server.base, token, run=secrets.token_hex(3), clients=plan.clients)
        partner.start()
        faults: list[dict[str, Any]] = []

        def fault(kind: str, kill: Callable[[], object], restart: Callable[[], object]) -> None:
            time.sleep(plan.steady_s)
            acked = partner.acked()
            at = time.time()
            kill()
            time.sleep(plan.down_s)
            restarting = time.monotonic()
            restart()
            faults.append({"kind": kind, "at": at, "acked_before": acked,
                           "restart_s": round(time.monotonic() - restarting, 2)})  # fmt: skip
            say(f"kill -9 {kind} after {acked} acknowledged; restarted in "
                f"{faults[-1]['restart_s']} s")  # fmt: skip

        live = server
        for _ in range(plan.cycles):
            fault("app", live.kill9, live.start)
            fault("postgres", cluster.kill9, cluster.start)
            fault("postgres backend", cluster.kill9_backend, lambda: None)
        time.sleep(plan.steady_s)
        partner.stop()
        acks = sorted(x.acked_at for x in partner.filings if x.acked_at)
        ends = [f["at"] for f in faults[1:]] + [time.time()]
        for f, end in zip(faults, ends, strict=True):
            # The longest stretch without an acknowledgement from just before this fault to the next.
            near = [a for a in acks if f["at"] - 1 <= a <= end]
            f["outage_s"] = round(max((b - a for a, b in pairwise(near)), default=0.0), 2)
            f["resumed"] = any(a > f["at"] + f["restart_s"] for a in acks)
            del f["at"]
        figures = check(cluster.url, partner.filings)
    finally:
        if partner is not None:
            partner.stop(abandon=True)
        if server is not None:
            server.stop()
            shutil.rmtree(server.var_dir, ignore_errors=True)
        cluster.destroy()
        shutil.rmtree(var, ignore_errors=True)
    say(figures.line())
    return {
        "figures": figures.as_dict(),
        "faults": faults,
        "postgres_orphans_s": cluster.orphans_s,
        "outcomes": dict(partner.outcomes.most_common()),
        "plan": plan.__dict__,
        "seconds": round(time.monotonic() - started, 1),
    }


def main() -> None:
    # Killed (SIGTERM): still stop the clusters and servers this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--steady", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--down", type=float, default=1.0)
    args = parser.parse_args()
    plan = Plan(clients=args.clients, steady_s=args.steady, cycles=args.cycles,
                down_s=args.down)  # fmt: skip
    results = run(plan)
    print(json.dumps(results, indent=2, ensure_ascii=False))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "faults.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
