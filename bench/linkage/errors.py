"""Which kinds of true pairs linkage still misses (and which false pairs it makes).

    .venv/bin/python -m bench.linkage.errors [--records 120000] [--seed 1]

Each missed pair is described by what its two records share after preparation: the ID (same /
one missing / differs), the name (same / sounds alike / differs), the birth date, the building,
the phone. The most common descriptions are printed with their counts.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter, defaultdict
from itertools import combinations


def _describe(a: dict[str, object], b: dict[str, object]) -> str:
    def same(column: str) -> str:
        if a[column] is None or b[column] is None:
            return "missing"
        return "same" if a[column] == b[column] else "differs"

    name = same("name_clean")
    if name == "differs" and set(a["name_py"] or []) & set(b["name_py"] or []):  # type: ignore[call-overload]
        name = "sounds alike"
    return (f"id {same('id_number')} · name {name} · birth {same('birth_date')} · "
            f"building {same('addr_building')} · phone {same('phone')}")  # fmt: skip


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    from safetynet.demo.records import RecordGenerator
    from safetynet.linkage.pipeline import run_link
    from safetynet.linkage.prepare import columns_of, prepare_records

    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = list(RecordGenerator(seed=args.seed).records(args.records))
    table = prepare_records(columns_of(rows))
    result = run_link(table)
    prepared = table.to_pylist()
    by_truth: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_truth[row["truth"]].append(i)
    missed: Counter[str] = Counter()
    for members in by_truth.values():
        for a, b in combinations(members, 2):
            if result.clusters[a] != result.clusters[b]:
                missed[_describe(prepared[a], prepared[b])] += 1
    wrong: Counter[str] = Counter()
    by_cluster: dict[int, list[int]] = defaultdict(list)
    for uid, cluster in result.clusters.items():
        by_cluster[cluster].append(uid)
    for members in by_cluster.values():
        for a, b in combinations(members, 2):
            if rows[a]["truth"] != rows[b]["truth"]:
                wrong[_describe(prepared[a], prepared[b])] += 1
    print(f"missed true pairs: {sum(missed.values())}")
    for text, n in missed.most_common(12):
        print(f"  {n:6d}  {text}")
    print(f"false pairs: {sum(wrong.values())}")
    for text, n in wrong.most_common(8):
        print(f"  {n:6d}  {text}")


if __name__ == "__main__":
    main()
