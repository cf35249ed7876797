"""How many pairs each blocking rule brings to be scored, and how many true pairs it reaches.

    .venv/bin/python -m bench.linkage.blocking [--generator 1|2|3|4|5] [--records 120000] [--seed 5]

For each rule of `linkage.model.BLOCKING_RULES`, in order: the pairs it adds that earlier rules
did not (Splink's match_key), pairs per record, and the true pairs among them; then the share of
all true pairs that blocking reaches at all (no comparison can link a pair never compared).
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from collections import Counter
from pathlib import Path


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    import pyarrow as pa
    from splink import Linker

    from bench.linkage import generators
    from safetynet.linkage import model
    from safetynet.linkage.files import read_records
    from safetynet.linkage.pipeline import duckdb_api
    from safetynet.linkage.prepare import INPUT_COLUMNS, prepare_records

    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", choices=sorted(generators()), default="2")
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--csv", type=Path, help="a file with a truth column instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.csv or Path(tmp) / "records.csv"
        if not args.csv:
            generators()[args.generator][1](str(path), args.records, seed=args.seed)
        rows = read_records(path.read_bytes(), path.name, required=(*INPUT_COLUMNS, "truth"))
    truth = rows.pop("truth")
    table = prepare_records(rows)
    count = table.num_rows
    started = time.perf_counter()
    settings = model.settings()
    settings.additional_columns_to_retain = [*settings.additional_columns_to_retain, "truth"]
    table = table.append_column("truth", pa.array(truth, pa.string()))
    linker = Linker(duckdb_api().register(table), settings, log_level=logging.ERROR)
    pairs = linker.inference.deterministic_link()
    result = pairs.query_sql(
        "SELECT match_key, count(*) AS n, sum(CASE WHEN truth_l = truth_r THEN 1 ELSE 0 END) AS t"
        " FROM {this} GROUP BY match_key ORDER BY CAST(match_key AS INTEGER)"
    ).as_dict()
    seconds = time.perf_counter() - started
    total_true = sum(n * (n - 1) // 2 for n in Counter(truth).values())
    reached = 0
    print(f"{count:,} records, {total_true:,} true pairs; blocking took {seconds:.1f} s")
    print("| # | blocking rule | pairs | pairs per record | true pairs | cumulative recall |")
    print("|---|---|---|---|---|---|")
    for key, n, t in zip(result["match_key"], result["n"], result["t"], strict=True):
        rule = model.BLOCKING_RULES[int(key)].get_blocking_rule("duckdb").blocking_rule_sql
        reached += int(t)
        print(f"| {key} | `{rule}` | {int(n):,} | {int(n) / count:.2f} | {int(t):,} |"
              f" {reached / total_true:.4f} |")  # fmt: skip
    print(f"all rules: {sum(map(int, result['n'])):,} pairs,"
          f" {sum(map(int, result['n'])) / count:.2f} per record;"
          f" blocking recall {reached / total_true:.4f}")  # fmt: skip


if __name__ == "__main__":
    main()
