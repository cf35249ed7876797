"""bench/locking: concurrent stale edits / lost updates on PostgreSQL (issue 11, item 7).

    bash bench/locking/run            # throwaway PostgreSQL on loopback, small city, bounded

Seeds a small city (bench/cases/seed.py: 60 cases, their contacts), then edits through the
services the pages and the API call (`cases.services.contact_edit`, `case_set_schedule`), from
editor threads, each with its own database connection, as each case's worker:

1. bursts: for each of `--records` contacts, `--editors` threads submit an edit on the same
   version at the same moment (a barrier), as tabs opened together and saved together would;
   exactly one may be applied, the others must be refused as stale (409) — a second applied
   edit is a lost update;
2. read-modify-write: the threads each make `--edits` changes on contacts and cases picked at
   random among a few (so they collide): read, change (append a marker to the notes; move the
   schedule start one day), save on the version read; refused as stale, read again and
   reapply. At the end every marker must be in its contact's notes and every case's schedule
   start must have moved by the number of edits applied to it — each one missing is a lost
   update.

Prints the figure "concurrent stale edits / lost updates" (stale edits refused / updates lost)
and writes bench/results/locking.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import django

if TYPE_CHECKING:
    from safetynet.agencies.principal import Principal
    from safetynet.cases.models import Contact
    from safetynet.cases.services import ContactDraft

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "results"
MAX_ATTEMPTS = 500


def _targets(records: int) -> list[tuple[int, int, int]]:
    """(contact, its case, the case's worker's user) for contacts of distinct open cases."""
    from safetynet.cases.models import OPEN_STATUSES, Contact

    seen: set[int] = set()
    found = []
    rows = (
        Contact.objects.filter(case__status__in=OPEN_STATUSES, case__worker__isnull=False)
        .select_related("case__worker")
        .order_by("pk")
    )
    for c in rows.iterator():
        if c.case_id not in seen and c.case.worker is not None:
            seen.add(c.case_id)
            found.append((c.pk, c.case_id, c.case.worker.user_id))
        if len(found) == records:
            break
    return found


def _draft(contact: Contact, notes: str) -> ContactDraft:
    from safetynet.cases.services import ContactDraft

    return ContactDraft(at=contact.at, method=contact.method, target=contact.target,
                        place=contact.place, notes=notes)  # fmt: skip


def bursts(targets: list[tuple[int, int, int]], editors: int) -> dict[str, int]:
    from django.contrib.auth.models import User
    from django.db import connection

    from safetynet.agencies.principal import Principal
    from safetynet.cases.models import Contact
    from safetynet.cases.services import contact_edit
    from safetynet.core.conflict import StaleEdit

    tally: Counter[str] = Counter()
    lock = threading.Lock()
    for contact_id, _case_id, user_id in targets:
        start = threading.Barrier(editors)
        before = Contact.objects.get(pk=contact_id)

        def edit(n: int, before: Contact = before, start: threading.Barrier = start,
                 contact_id: int = contact_id, user_id: int = user_id) -> None:  # fmt: skip
            try:
                who = Principal.of_user(User.objects.get(pk=user_id))
                draft = _draft(before, f"{before.notes}<burst {n}>")
                start.wait()
                try:
                    contact_edit(principal=who, contact_id=contact_id, version=before.version,
                                 draft=draft)  # fmt: skip
                    outcome = "applied"
                except StaleEdit:
                    outcome = "stale"
                with lock:
                    tally[outcome] += 1
            finally:
                connection.close()

        threads = [threading.Thread(target=edit, args=(n,)) for n in range(editors)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = Contact.objects.get(pk=contact_id)
        tally["bursts"] += 1
        # One edit applied, carrying its own text; a second applied edit overwrote the first.
        added = after.notes.count("<burst") - before.notes.count("<burst")
        tally["lost"] += max(0, after.version - before.version - 1) + (added != 1)
    return dict(tally)


def _edit_once(who: Principal, contact_id: int, case_id: int, marker: str | None) -> None:
    """Read, change, save on the version read: a marker appended to the contact's notes, or
    (no marker) the case's schedule start moved one day on."""
    from safetynet.cases.models import Case, Contact
    from safetynet.cases.services import case_set_schedule, contact_edit

    if marker is not None:
        seen = Contact.objects.get(pk=contact_id)
        contact_edit(principal=who, contact_id=contact_id, version=seen.version,
                     draft=_draft(seen, seen.notes + marker))  # fmt: skip
        return
    case = Case.objects.get(pk=case_id)
    moved = (case.schedule_start or dt.date.today()) + dt.timedelta(days=1)
    case_set_schedule(principal=who, case_id=case_id, version=case.version,
                      category=case.category, schedule_start=moved)  # fmt: skip


def read_modify_write(targets: list[tuple[int, int, int]], editors: int, edits: int,
                      seed: int) -> dict[str, int]:  # fmt: skip
    from django.contrib.auth.models import User
    from django.db import connection

    from safetynet.agencies.principal import Principal
    from safetynet.cases.models import Case, Contact
    from safetynet.core.conflict import StaleEdit

    tally: Counter[str] = Counter()
    applied_to_case: Counter[int] = Counter()
    markers: list[tuple[int, str]] = []
    lock = threading.Lock()
    start_of = {case_id: Case.objects.get(pk=case_id).schedule_start for _, case_id, _ in targets}
    start = threading.Barrier(editors)

    def editor(n: int) -> None:
        rng = random.Random(seed + n)
        users = {u: Principal.of_user(User.objects.get(pk=u)) for _, _, u in targets}
        try:
            start.wait()
            for i in range(edits):
                contact_id, case_id, user_id = rng.choice(targets)
                who = users[user_id]
                marker = f"<{n}.{i}>"
                for _attempt in range(MAX_ATTEMPTS):
                    try:
                        _edit_once(who, contact_id, case_id, marker if i % 2 == 0 else None)
                    except StaleEdit:
                        with lock:
                            tally["stale"] += 1
                        continue
                    with lock:
                        tally["applied"] += 1
                        if i % 2 == 0:
                            markers.append((contact_id, marker))
                        else:
                            applied_to_case[case_id] += 1
                    break
                else:
                    with lock:
                        tally["gave_up"] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(editors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    notes = {c.pk: c.notes for c in Contact.objects.filter(pk__in=[t[0] for t in targets])}
    lost = sum(1 for contact_id, marker in markers if marker not in notes[contact_id])
    for case_id, count in applied_to_case.items():
        case = Case.objects.get(pk=case_id)
        begun = start_of[case_id] or dt.date.today()
        expected = begun + dt.timedelta(days=count)
        if case.schedule_start != expected:
            lost += abs(((case.schedule_start or begun) - expected).days)
    tally["lost"] = lost
    return dict(tally)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=60)
    parser.add_argument("--contacts", type=int, default=300)
    parser.add_argument("--persons", type=int, default=600)
    parser.add_argument("--records", type=int, default=10, help="contacts edited in bursts")
    parser.add_argument("--editors", type=int, default=8, help="editor threads")
    parser.add_argument("--edits", type=int, default=30, help="changes per editor")
    parser.add_argument("--hot", type=int, default=3, help="records the editors collide on")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (bash bench/locking/run does).")
    os.environ["SAFETYNET_VAR_DIR"] = tempfile.mkdtemp(prefix="safetynet-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    django.setup()
    from bench.cases.seed import seed

    OUT.mkdir(exist_ok=True)
    started = time.perf_counter()
    seed(cases=args.cases, contacts=args.contacts, persons=args.persons)
    seeded_s = round(time.perf_counter() - started, 1)
    targets = _targets(args.records)
    if len(targets) < max(args.hot, 1):
        sys.exit("The seeded city has too few open cases with contacts: raise --cases.")
    started = time.perf_counter()
    burst = bursts(targets, args.editors)
    rmw = read_modify_write(targets[: args.hot], args.editors, args.edits, args.seed)
    took = round(time.perf_counter() - started, 1)
    stale = burst.get("stale", 0) + rmw.get("stale", 0)
    lost = burst.get("lost", 0) + rmw.get("lost", 0)
    result = {
        "figure": "concurrent stale edits / lost updates",
        "stale_edits_refused": stale,
        "lost_updates": lost,
        "bursts": {"records": len(targets), "editors": args.editors, **burst},
        "read_modify_write": {
            "records": args.hot * 2,
            "editors": args.editors,
            "edits_per_editor": args.edits,
            **rmw,
        },
        "seed_s": seeded_s,
        "run_s": took,
        "database": "PostgreSQL (loopback)",
    }
    (OUT / "locking.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(f"concurrent stale edits / lost updates: {stale} / {lost}")
    if lost or rmw.get("gave_up", 0):
        sys.exit(1)


if __name__ == "__main__":
    main()
