"""bench/oversight: "who viewed" and the anomaly sweep with ~1M audit rows on PostgreSQL.

    bash bench/oversight/run [--rows 1000000]

Migrates a throwaway database, makes 300 staff, one person and one case, then COPYs `--rows`
audit rows in the shapes the writers use (docs/oversight.md): reads of persons, cases and
reports naming what else the page showed (members, housemates, reports, cases), lists of 50 ids,
writes; over 365 days, ids drawn from 60,000 persons, 25,000 cases and 40,000 reports. The bench
person is opened directly 150 times and shown on other pages ~600 times; the bench case is also
in ~400 lists. The GIN index is dropped for the load and built after it (its build time and size
are printed).

Then, through Django's test Client as the auditor (middleware, view, template), after a warm-up,
it times 40 GETs each of: the person's "who viewed" (page 1 and page 10), the case's; the query
plans (EXPLAIN ANALYZE of the matching query: which indexes, how many rows read); one sweep of
the anomaly rules over a busy hour (5,000 rows); and the cost of writing an audit row with and
without the GIN index (2,000 rows each). Results go to bench/results/oversight.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "results"
PERSONS, CASES, REPORTS = 60_000, 25_000, 40_000


def _pct(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1), "n": len(samples)}  # fmt: skip


def _setup() -> dict[str, int]:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from safetynet.agencies.models import Role, Staff
    from safetynet.agencies.services import staff_create
    from safetynet.cases.models import Case, CaseMember, CaseUnit
    from safetynet.demo.city import build_institutions
    from safetynet.people.models import Person

    units = build_institutions()
    auditor = staff_create(username="bench-auditor", password="bench-password-1", display_name="稽核",
                           unit=units["KL-SA-PROG"], role=Role.AUDITOR)  # fmt: skip
    kinds = [u for u in units.values() if u.kind != "programme_office"]
    users = User.objects.bulk_create([User(username=f"bench{i}") for i in range(300)])
    Staff.objects.bulk_create([Staff(user=u, unit=kinds[i % len(kinds)], role=Role.CASE_WORKER,
                                     display_name=f"社工{i}") for i, u in enumerate(users)])  # fmt: skip
    person = Person.objects.create(name="林測試", name_normalised="林測試")
    now = timezone.now()
    case = Case.objects.create(service="vulnerable_family", programme="vulnerable_family",
                               lead_unit=units["KL-FWC-QD"], opened_at=now)  # fmt: skip
    CaseMember.objects.create(case=case, person=person, role="victim")
    CaseUnit.objects.create(case=case, unit=units["KL-FWC-QD"], role="lead", since=now)
    return {"auditor": auditor.user_id, "person": person.pk, "case": case.pk,
            "first_user": users[0].pk, "users": len(users)}  # fmt: skip


def _rows(n: int, ids: dict[str, int], rng: random.Random) -> io.StringIO:
    """Tab-separated rows for COPY (at, actor_id, action, object_type, object_id, reason,
    detail)."""
    import datetime as dt

    end = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    span = 365 * 24 * 3600
    person, case = ids["person"], ids["case"]
    buf = io.StringIO()

    def some(k: int, top: int) -> list[int]:
        return sorted(rng.sample(range(1, top), k))

    for i in range(n):
        at = (end - dt.timedelta(seconds=rng.randrange(span))).isoformat()
        actor = ids["first_user"] + rng.randrange(ids["users"])
        r = rng.random()
        detail: dict[str, Any]
        oid: int | str
        if r < 0.20:
            kind, oid = "person", rng.randrange(1, PERSONS)
            detail = {"households": [rng.randrange(1, 30_000)], "housemates": some(3, PERSONS),
                      "reports": some(2, REPORTS), "cases": some(1, CASES), "systems": [],
                      "records": []}  # fmt: skip
            action = "read"
        elif r < 0.40:
            kind, oid, action = "case", rng.randrange(1, CASES), "read"
            detail = {"level": "full", "via": ["lead"], "members": some(3, PERSONS),
                      "reports": some(1, REPORTS)}  # fmt: skip
        elif r < 0.55:
            kind, oid, action = "report", rng.randrange(1, REPORTS), "read"
            detail = {"view": "desk", "persons": some(2, PERSONS), "reports": some(3, REPORTS),
                      "cases": some(1, CASES)}  # fmt: skip
        elif r < 0.80:
            kind, oid, action = rng.choice(["case", "report"]), "", "list"
            detail = {"ids": some(50, CASES if kind == "case" else REPORTS)}
        else:
            kind, oid = "case", rng.randrange(1, CASES)
            action = rng.choice(["contact.record", "plan.write", "case.assign", "handoff.send"])
            detail = {"contact": rng.randrange(1, 500_000)}
        # the bench records: opened directly, and shown on other pages or in lists
        if i % 6_000 == 0:
            kind, oid, action, detail = (
                "person",
                person,
                "read",
                {"households": [], "cases": [case]},
            )
        elif i % 1_500 == 1 and "members" in detail:
            detail["members"] = sorted({*detail["members"], person})
        elif i % 2_500 == 2 and action == "list" and kind == "case":
            detail["ids"] = sorted({*detail["ids"], case})
        elif i % 5_000 == 3:
            kind, oid, action = "case", case, "read"
        buf.write(f"{at}\t{actor}\t{action}\t{kind}\t{oid}\t\t{json.dumps(detail)}\n")
    buf.seek(0)
    return buf


def _load(n: int, ids: dict[str, int]) -> dict[str, float]:
    from django.db import connection

    rng = random.Random(11)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("DROP INDEX IF EXISTS oversight_audit_detail_gin")
        done = 0
        while done < n:
            chunk = min(100_000, n - done)
            data = _rows(chunk, ids, rng)
            with cur.cursor.copy(
                "COPY audit_auditevent (at, actor_id, action, object_type, object_id, reason,"
                " detail) FROM STDIN"
            ) as copy:
                copy.write(data.read())
            done += chunk
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        cur.execute("CREATE INDEX oversight_audit_detail_gin ON audit_auditevent "
                    "USING gin (detail jsonb_path_ops)")  # fmt: skip
        built = time.perf_counter() - started
        cur.execute("ANALYZE audit_auditevent")
        cur.execute("SELECT pg_relation_size('oversight_audit_detail_gin'),"
                    " pg_relation_size('audit_auditevent'), count(*) FROM audit_auditevent")  # fmt: skip
        gin, table, count = cur.fetchone()
    return {"rows": count, "load_s": round(loaded, 1), "gin_build_s": round(built, 1),
            "gin_mb": round(gin / 2**20, 1), "table_mb": round(table / 2**20, 1)}  # fmt: skip


def _time_get(client: object, url: str, requests: int) -> dict[str, float]:
    for _ in range(5):
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        answer = client.get(url)  # type: ignore[attr-defined]
        samples.append(time.perf_counter() - started)
        assert answer.status_code == 200
    return _pct(samples)


def _plan(kind: str, pk: int) -> dict[str, object]:
    from django.db import connection

    from safetynet.audit.models import AuditEvent
    from safetynet.oversight.selectors import matching

    qs = AuditEvent.objects.filter(matching(kind, pk)).order_by().values_list("pk", "at")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        plan = cur.fetchone()[0][0]
    nodes: list[str] = []

    def walk(node: dict[str, object]) -> None:
        name = str(node["Node Type"])
        if "Index Name" in node:
            name += f" ({node['Index Name']})"
        nodes.append(name)
        for child in node.get("Plans", []):  # type: ignore[attr-defined]
            walk(child)

    walk(plan["Plan"])
    return {"matched": plan["Plan"]["Actual Rows"], "ms": round(plan["Execution Time"], 1),
            "seq_scan": any(n.startswith("Seq Scan") for n in nodes),
            "nodes": sorted(set(nodes))}  # fmt: skip


def _sweep(ids: dict[str, int]) -> dict[str, float]:
    import datetime as dt

    from django.db import connection
    from django.utils import timezone

    from safetynet.oversight.models import Alert, SweepMark
    from safetynet.oversight.services import sweep

    now = timezone.now()
    rng = random.Random(5)
    buf = io.StringIO()
    for _ in range(5_000):
        at = (now - dt.timedelta(seconds=rng.randrange(1, 3000))).isoformat()
        actor = ids["first_user"] + rng.randrange(60)
        kind = rng.choice(["case", "person", "report"])
        action = rng.choice(["read", "read", "read", "list"])
        buf.write(f"{at}\t{actor}\t{action}\t{kind}\t{rng.randrange(1, CASES)}\t\t{{}}\n")
    buf.seek(0)
    with (
        connection.cursor() as cur,
        cur.cursor.copy(
            "COPY audit_auditevent (at, actor_id, action, object_type, object_id, reason, detail)"
            " FROM STDIN"
        ) as copy,
    ):
        copy.write(buf.read())
    SweepMark.objects.all().delete()
    started = time.perf_counter()
    raised = sweep(now)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = sweep(now + dt.timedelta(minutes=2))
    second = time.perf_counter() - started
    return {"rows_in_hour": 5_000, "first_run_s": round(first, 2), "alerts": raised,
            "second_run_s": round(second, 2), "new_on_second_run": again,
            "alerts_stored": Alert.objects.count()}  # fmt: skip


def _insert_cost(ids: dict[str, int]) -> dict[str, float]:
    from django.db import connection, transaction

    from safetynet.audit.services import audit_record
    from safetynet.core.actor import SYSTEM

    def batch() -> float:
        started = time.perf_counter()
        for i in range(2_000):
            with transaction.atomic():
                audit_record(actor=SYSTEM, action="read", object_type="case", object_id=i,
                             detail={"members": [i, i + 1, i + 2], "reports": [i]})  # fmt: skip
        return (time.perf_counter() - started) / 2_000 * 1000

    with_gin = batch()
    with connection.cursor() as cur:
        cur.execute("DROP INDEX oversight_audit_detail_gin")
    without = batch()
    with connection.cursor() as cur:
        cur.execute("CREATE INDEX oversight_audit_detail_gin ON audit_auditevent "
                    "USING gin (detail jsonb_path_ops)")  # fmt: skip
    return {"ms_per_row_with_gin": round(with_gin, 3), "ms_per_row_without": round(without, 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run through bench/oversight/run (a throwaway PostgreSQL).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from safetynet.agencies.models import Staff

    call_command("migrate", verbosity=0)
    ids = _setup()
    print("loading", args.rows, "audit rows…", flush=True)
    result: dict[str, object] = {"load": _load(args.rows, ids)}
    print(result["load"], flush=True)
    client = Client()
    client.force_login(Staff.objects.get(user_id=ids["auditor"]).user)
    person, case = ids["person"], ids["case"]
    result["plans"] = {"person": _plan("person", person), "case": _plan("case", case)}
    result["pages"] = {
        "who_viewed_person": _time_get(client, f"/oversight/who-viewed/person/{person}/",
                                       args.requests),
        "who_viewed_person_page_10": _time_get(
            client, f"/oversight/who-viewed/person/{person}/?page=10", args.requests),
        "who_viewed_case": _time_get(client, f"/oversight/who-viewed/case/{case}/", args.requests),
    }  # fmt: skip
    result["sweep"] = _sweep(ids)
    result["audit_insert"] = _insert_cost(ids)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "oversight.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
