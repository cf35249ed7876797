"""Which kinds of true pairs linkage still misses (and which false pairs it makes).

    .venv/bin/python -m bench.linkage.errors [--generator 1|2] [--records 120000] [--seed 1]
    .venv/bin/python -m bench.linkage.errors --csv records.csv   # a file with a truth column

Each missed pair is described by what its two records share after preparation (the ID: same /
missing / differs / other kind; the name: same / sounds alike / shortened / differs; the birth
date, the building, the phone) and by what became of it: never compared, scored below the
review probability, in the review queue, or linked and split by the clustering constraints.
The most common descriptions are printed with their counts.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any


def _describe(a: dict[str, Any], b: dict[str, Any]) -> str:
    def same(column: str) -> str:
        if a[column] is None or b[column] is None:
            return "missing"
        return "same" if a[column] == b[column] else "differs"

    name = same("name_clean")
    if name == "differs" and set(a["name_py"] or []) & set(b["name_py"] or []):
        name = "sounds alike"
    elif name == "differs" and set(a["name_short"] or []) & set(b["name_short"] or []):
        name = "shortened"
    elif name == "differs" and a["name_latin"] != b["name_latin"]:
        name = "latin/chinese"
    ident = same("id_number")
    if ident == "differs" and a["id_kind"] and b["id_kind"] and a["id_kind"] != b["id_kind"]:
        ident = "other kind"
    return (f"id {ident} · name {name} · birth {same('birth_date')} · "
            f"building {same('addr_building')} · phone {same('phone')}")  # fmt: skip


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    from bench.linkage import generate, generate2
    from safetynet.linkage.files import read_records
    from safetynet.linkage.pipeline import LINK_PROBABILITY, run_link
    from safetynet.linkage.prepare import INPUT_COLUMNS, prepare_records

    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=int, choices=[1, 2], default=1)
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.csv or Path(tmp) / "records.csv"
        if not args.csv:
            module = generate2 if args.generator == 2 else generate
            module.write_csv(str(path), args.records, seed=args.seed)
        rows = read_records(path.read_bytes(), path.name, required=(*INPUT_COLUMNS, "truth"))
    truth = rows.pop("truth")
    table = prepare_records(rows)
    result = run_link(table)
    prepared = table.to_pylist()
    scored = result.scored.query_sql(
        "SELECT unique_id_l, unique_id_r, match_probability FROM {this}"
    ).as_dict()
    probability = {
        (int(a), int(b)): float(p)
        for a, b, p in zip(
            scored["unique_id_l"], scored["unique_id_r"], scored["match_probability"], strict=True
        )
    }
    queued = set(
        zip(
            result.review.column("unique_id_l").to_pylist(),
            result.review.column("unique_id_r").to_pylist(),
            strict=True,
        )
    )
    by_truth: dict[str, list[int]] = defaultdict(list)
    for i, person in enumerate(truth):
        by_truth[person].append(i)
    missed: Counter[str] = Counter()
    fate: Counter[str] = Counter()
    for members in by_truth.values():
        for a, b in combinations(members, 2):
            if result.clusters[a] != result.clusters[b]:
                missed[_describe(prepared[a], prepared[b])] += 1
                p = probability.get((a, b))
                if p is None:
                    fate["below the review probability or never compared"] += 1
                elif (a, b) in queued:
                    fate[
                        f"in the review queue (p {'≥' if p >= LINK_PROBABILITY else '<'} link)"
                    ] += 1
                else:
                    fate["scored, not queued (a hard constraint or another pair of the group)"] += 1
    wrong: Counter[str] = Counter()
    by_cluster: dict[int, list[int]] = defaultdict(list)
    for uid, cluster in result.clusters.items():
        by_cluster[cluster].append(uid)
    for members in by_cluster.values():
        for a, b in combinations(members, 2):
            if truth[a] != truth[b]:
                wrong[_describe(prepared[a], prepared[b])] += 1
    print(f"missed true pairs: {sum(missed.values())}")
    for text, n in fate.most_common():
        print(f"  {n:6d}  {text}")
    for text, n in missed.most_common(15):
        print(f"  {n:6d}  {text}")
    print(f"false pairs: {sum(wrong.values())}")
    for text, n in wrong.most_common(8):
        print(f"  {n:6d}  {text}")


if __name__ == "__main__":
    main()
