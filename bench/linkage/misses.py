"""Why true pairs are missed and false pairs made: a diagnosis of one linkage run.

    .venv/bin/python -m bench.linkage.misses [--generator 1|2|3|4|5] [--records 120000] [--seed 1]
    .venv/bin/python -m bench.linkage.misses --csv records.csv   # a file with a truth column

Every blocked pair is scored (no threshold), so each missed true pair (two records of one person
in different clusters) gets one kind:

- never compared: no blocking rule put the two records side by side;
- below the review probability (< 0.5);
- grey zone: 0.5 ≤ p < 0.99 (in the review queue unless a hard conflict keeps it out);
- held back: p ≥ 0.99 but the auto-link rule refused it (names that do not sound alike, two
  valid IDs of one kind) — in the review queue unless a hard conflict keeps it out;
- split by clustering: linkable, but the clustering constraints put the records apart.

and a description of what its two records share after preparation (ID same / missing / differs
/ other kind; name same / sounds alike / ends with the other / shortened / Latin-Chinese /
differs; birth date (1 January / same year: one side may be the year only),
building, phone, sex). False pairs (two persons in one cluster) are described the same way,
with whether the pair itself was a link or the two were joined through other records.
Generator 3 is generator 1 with far error rates (bench/linkage/variants.py); generator 4 is
bench/linkage/generate4.py.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

KINDS = ("never compared", "below the review probability", "grey zone", "held back",
         "split by clustering")  # fmt: skip


def describe(a: dict[str, Any], b: dict[str, Any]) -> str:
    """What two prepared records share, field by field."""

    def same(column: str) -> str:
        if a[column] is None or b[column] is None:
            return "missing"
        return "same" if a[column] == b[column] else "differs"

    name = same("name_clean")
    if a["name_titled"] or b["name_titled"]:
        surname = "same" if a["name_surname"] == b["name_surname"] else "other"
        name = f"title, {surname} surname"
    elif name == "differs":
        if set(a["name_py"] or []) & set(b["name_py"] or []):
            name = "sounds alike"
        elif a["name_latin"] != b["name_latin"]:
            viet = {a["name_viet_latin"], a["name_viet_zh"]} & {
                b["name_viet_latin"],
                b["name_viet_zh"],
            }
            name = "latin/chinese (viet)" if viet - {None} else "latin/chinese"
        elif not a["name_latin"] and any(
            len(x) > len(y) >= 2 and x.endswith(y)
            for x, y in ((a["name_clean"], b["name_clean"]), (b["name_clean"], a["name_clean"]))
        ):
            name = "ends with the other"
        elif (a["name_nick"] or b["name_nick"]) and a["name_last"] == b["name_last"]:
            name = "nickname"
        elif set(a["name_short"] or []) & set(b["name_short"] or []):
            name = "shortened" if len(a["name_clean"]) != len(b["name_clean"]) else "one char"
        elif set(a["name_fuzzy"] or []) & set(b["name_fuzzy"] or []):
            name = "similar sound"
    ident = same("id_number")
    if ident == "differs" and a["id_kind"] and b["id_kind"] and a["id_kind"] != b["id_kind"]:
        ident = "other kind"
    birth = same("birth_date")
    if birth == "differs" and a["dob_y"] == b["dob_y"]:
        year_only = (a["dob_m"], a["dob_d"]) == (1, 1) or (b["dob_m"], b["dob_d"]) == (1, 1)
        birth = "1 January / same year" if year_only else "same year"
    building = same("addr_building")
    if building != "same" and set(a["addr_building_rom"] or []) & set(b["addr_building_rom"] or []):
        building = "same"  # an English address and its Chinese form
    return (f"id {ident} · name {name} · birth {birth} · building {building}"
            f" · phone {same('phone')} · sex {same('sex')}")  # fmt: skip


def _name_only_rule(
    prepared: list[dict[str, Any]], truth: list[str], clusters: dict[int, int]
) -> tuple[int, int]:
    """What linking on a name alone would do: for every name that exactly two clusters carry,
    join them unless an ID, a birth date (more than one slip) or the sex disagrees. Returns
    (true pairs gained, false pairs made)."""
    members: dict[int, list[int]] = defaultdict(list)
    for uid, cluster in clusters.items():
        members[cluster].append(uid)
    carriers: dict[str, set[int]] = defaultdict(set)
    for uid, record in enumerate(prepared):
        if record["name_clean"]:
            carriers[record["name_clean"]].add(clusters[uid])

    def values(cluster: int, column: str) -> set[Any]:
        return {prepared[u][column] for u in members[cluster]} - {None}

    def close(x: Any, y: Any) -> bool:
        return bool(sum((x.year == y.year, x.month == y.month, x.day == y.day)) >= 2)

    gained = lost = 0
    for found in carriers.values():
        if len(found) != 2:
            continue
        a, b = found
        if values(a, "id_number") and values(b, "id_number"):
            continue
        dates_a, dates_b = values(a, "birth_date"), values(b, "birth_date")
        if dates_a and dates_b and not any(close(x, y) for x in dates_a for y in dates_b):
            continue
        sex_a, sex_b = values(a, "sex"), values(b, "sex")
        if sex_a and sex_b and sex_a != sex_b:
            continue
        pairs = len(members[a]) * len(members[b])
        if {truth[u] for u in members[a]} & {truth[u] for u in members[b]}:
            gained += pairs
        else:
            lost += pairs
    return gained, lost


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    from bench.linkage import generators
    from safetynet.linkage.files import read_records
    from safetynet.linkage.pipeline import AUTO_LINK_SQL, LINK_PROBABILITY, run_link
    from safetynet.linkage.prepare import INPUT_COLUMNS, in_canonical_order, prepare_records

    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=int, choices=[1, 2, 3, 4, 5, 6], default=2)
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument(
        "--examples",
        type=int,
        default=0,
        help="print this many missed pairs of each kind, as written",
    )
    parser.add_argument(
        "--match",
        default="",
        help="only examples whose description contains this (e.g. 'name differs · birth same')",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.csv or Path(tmp) / "records.csv"
        if not args.csv:
            generators()[str(args.generator)][1](str(path), args.records, seed=args.seed)
        rows = read_records(path.read_bytes(), path.name, required=(*INPUT_COLUMNS, "truth"))
    truth = rows.pop("truth")
    steps: list[tuple[str, float]] = []
    started = time.perf_counter()
    # As `safetynet link` does: linked in one order (the file's rows and truth in it too).
    table, order = in_canonical_order(prepare_records(rows))
    rows = {column: [values[i] for i in order] for column, values in rows.items()}
    truth = [truth[i] for i in order]
    steps.append(("prepare", time.perf_counter() - started))

    def progress(step: str) -> None:
        steps.append((step, time.perf_counter() - started))

    result = run_link(table, progress=progress)
    steps.append(("done", time.perf_counter() - started))
    print("seconds at each step:", " · ".join(f"{s} {t:.1f}" for s, t in steps))
    prepared = table.to_pylist()
    # Every blocked pair, scored without a threshold.
    everything = result.linker.inference.predict()
    sql = f"SELECT unique_id_l, unique_id_r, match_probability, ({AUTO_LINK_SQL}) AS auto"
    scored = everything.query_sql(sql + " FROM {this}").as_dict()
    pairs = {
        (int(a), int(b)): (float(p), bool(auto))
        for a, b, p, auto in zip(
            scored["unique_id_l"], scored["unique_id_r"], scored["match_probability"],
            scored["auto"], strict=True,
        )
    }  # fmt: skip
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
    kinds: Counter[str] = Counter()
    in_queue: Counter[str] = Counter()
    described: dict[str, Counter[str]] = defaultdict(Counter)
    systems: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    shown = ("name", "national_id", "birth_date", "address")
    true_pairs = 0
    for members in by_truth.values():
        for a, b in combinations(members, 2):
            true_pairs += 1
            if result.clusters[a] == result.clusters[b]:
                continue
            found = pairs.get((a, b))
            if found is None:
                kind = KINDS[0]
            elif found[0] < 0.5:
                kind = KINDS[1]
            elif found[0] < LINK_PROBABILITY:
                kind = KINDS[2]
            elif not found[1]:
                kind = KINDS[3]
            else:
                kind = KINDS[4]
            kinds[kind] += 1
            in_queue[kind] += (a, b) in queued
            description = describe(prepared[a], prepared[b])
            described[kind][description] += 1
            if len(examples[kind]) < args.examples and args.match in description:
                examples[kind].append(
                    " | ".join(f"{rows[c][a]} / {rows[c][b]}" for c in shown)
                    + (f" | p {found[0]:.3f}" if found else "")
                )
            systems[" + ".join(sorted((prepared[a]["source_system"],
                                       prepared[b]["source_system"])))] += 1  # fmt: skip
    missed = sum(kinds.values())
    name_only = sum(
        n
        for counter in described.values()
        for text, n in counter.items()
        if text.startswith("id missing")
        and "birth missing" in text
        and "building same" not in text
        and "phone same" not in text
        and "name differs" not in text
    )
    print(f"true pairs {true_pairs:,}; missed {missed:,} (recall {1 - missed / true_pairs:.4f})")
    for kind in KINDS:
        if kinds[kind]:
            print(f"\n{kinds[kind]:7,d}  {kind} ({in_queue[kind]:,} in the review queue)")
            for text, n in described[kind].most_common(args.top):
                print(f"   {n:6,d}  {text}")
            for line in examples[kind]:
                print(f"        e.g. {line}")
    print(f"\nmissed pairs that share only a name (and maybe the sex): {name_only:,}; recall if"
          f" every other missed pair were linked: {1 - name_only / true_pairs:.4f}")  # fmt: skip
    print("missed pairs by systems:", ", ".join(f"{s} {n}" for s, n in systems.most_common(6)))
    by_cluster: dict[int, list[int]] = defaultdict(list)
    for uid, cluster in result.clusters.items():
        by_cluster[cluster].append(uid)
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    predicted = 0
    for members in by_cluster.values():
        for a, b in combinations(members, 2):
            predicted += 1
            if truth[a] != truth[b]:
                found = pairs.get((min(a, b), max(a, b)))
                how = (
                    f"linked directly (p {found[0]:.3f}+)".replace(f"{found[0]:.3f}+", "≥ 0.99")
                    if found and found[0] >= LINK_PROBABILITY and found[1]
                    else "joined through other records"
                )
                wrong[how][describe(prepared[a], prepared[b])] += 1
                if len(examples[how]) < args.examples:
                    examples[how].append(" | ".join(f"{rows[c][a]} / {rows[c][b]}" for c in shown))
    false = sum(sum(c.values()) for c in wrong.values())
    print(
        f"\nfalse pairs {false:,} of {predicted:,} (precision {1 - false / max(predicted, 1):.5f})"
    )
    for how, counter in wrong.items():
        print(f"{sum(counter.values()):7,d}  {how}")
        for text, n in counter.most_common(args.top):
            print(f"   {n:6,d}  {text}")
        for line in examples[how]:
            print(f"        e.g. {line}")
    gained, lost = _name_only_rule(prepared, truth, result.clusters)
    print(
        f"\na rule joining the only two clusters that carry a name (no conflicting ID, birth date"
        f" or sex) would add {gained:,} true and {lost:,} false pairs"
    )
    same = sum(truth[a] == truth[b] for a, b in queued)
    print(f"\nreview queue {len(queued):,} pairs, {same / max(len(queued), 1):.0%} the same person")
    queue_kinds = Counter(
        (describe(prepared[a], prepared[b]), truth[a] == truth[b]) for a, b in queued
    )
    others = Counter({text: n for (text, one), n in queue_kinds.items() if not one})
    print(
        f"{len(queued) - same:7,d}  in the queue, two people (and how many such pairs are one person)"
    )
    for text, n in others.most_common(args.top):
        print(f"   {n:6,d}  {text} ({queue_kinds[text, True]:,})")


if __name__ == "__main__":
    main()
