"""bench/intake/instructions: CPU instructions the server spends per report filed.

    bash bench/intake/instructions      # throwaway PostgreSQL, small city, valgrind

This machine's speed drifts by a quarter from one minute to the next, so timings alone cannot
tell a 10 % change from noise. valgrind's callgrind counts instructions instead, the same count
run after run. The server side of `POST /api/v1/reports` (Django's handler, the API, forms,
services, psycopg) runs in process through Django's test client, under callgrind, twice: with
`--few` and with `--many` reports after the same warm-up. The difference divided by the extra
reports is the figure; start-up and warm-up cancel out. PostgreSQL's own work is not counted
(bench/intake's `machine_cpu_ms_per_report` includes it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
WARM_UP = 30


def _post_reports(state_file: str, count: int) -> None:
    """In the child under valgrind: warm up, then file `count` reports."""
    from django.test import Client

    state = json.loads(Path(state_file).read_text())
    client = Client(headers={"authorization": f"Bearer {state['token']}"})
    bodies = state["bodies"]
    for i in range(WARM_UP + count):
        response = client.post(
            "/api/v1/reports",
            bodies[i % len(bodies)],
            content_type="application/json",
            headers={"Idempotency-Key": f"{state['run']}-{count}-{i}"},
        )
        if response.status_code != 201:
            sys.exit(f"POST /api/v1/reports → {response.status_code}: {response.content[:300]!r}")


def _instructions(state_file: str, count: int) -> int:
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, "-m", "bench.intake.instructions", "--child", state_file, str(count),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"valgrind run failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--few", type=int, default=20)
    parser.add_argument("--many", type=int, default=70)
    parser.add_argument("--child", nargs=2, metavar=("STATE", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_VAR_DIR", tempfile.mkdtemp(prefix="safetynet-bench-"))
    os.environ.setdefault("SAFETYNET_CONN_MAX_AGE", "600")
    if args.child:
        django.setup()
        _post_reports(args.child[0], int(args.child[1]))
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (bash bench/intake/instructions does).")
    django.setup()
    from bench.intake.run import _report_body
    from bench.intake.seed import seed
    from safetynet.agencies.models import Unit
    from safetynet.agencies.services import api_client_create

    _, homes = seed(persons=args.persons, reports=args.reports)
    _, token = api_client_create(name="bench", unit=Unit.objects.get(code="KL-DESK"), channel="35")
    rng = random.Random(11)
    bodies = [json.dumps(_report_body(rng.choice(homes), rng)) for _ in range(500)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as state:
        json.dump({"token": token, "bodies": bodies, "run": rng.getrandbits(32)}, state)
    few, many = _instructions(state.name, args.few), _instructions(state.name, args.many)
    Path(state.name).unlink()
    per_report = (many - few) / (args.many - args.few)
    results = {
        "server_instructions_per_report_millions": round(per_report / 1e6, 2),
        "reports": [args.few, args.many],
        "dataset": {"persons": args.persons, "reports": args.reports},
    }
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "intake_instructions.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
