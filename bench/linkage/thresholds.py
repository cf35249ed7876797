"""Precision, recall and the review queue at several link probabilities: the operating points
`safetynet link --link-probability` offers, on one data set.

    .venv/bin/python -m bench.linkage.thresholds [--generator 2] [--records 120000] [--seed 1]
        [--probabilities 0.99,0.98,0.97,0.95,0.9]

The records are read and prepared once; each probability is a whole run (training, scoring,
clustering with its constraints, review queue), so the figures are what the command would give.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    from bench.linkage import generators
    from bench.linkage.metrics import pairwise
    from safetynet.linkage.files import read_records
    from safetynet.linkage.pipeline import run_link
    from safetynet.linkage.prepare import INPUT_COLUMNS, in_canonical_order, prepare_records

    sets = generators()
    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", choices=sorted(sets), default="2")
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--probabilities", default="0.99,0.98,0.97,0.95,0.9")
    args = parser.parse_args()
    label, write_csv = sets[args.generator]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        write_csv(str(path), args.records, seed=args.seed)
        rows = read_records(path.read_bytes(), path.name, required=(*INPUT_COLUMNS, "truth"))
    truth = rows.pop("truth")
    # As `safetynet link` does: linked in one order (the truth in that order too).
    table, order = in_canonical_order(prepare_records(rows))
    truth = [truth[i] for i in order]
    print(f"{label}, {args.records:,} records, seed {args.seed}")
    print("| link probability | precision | recall | false pairs | review pairs | same person |")
    print("|---|---|---|---|---|---|")
    for probability in (float(p) for p in args.probabilities.split(",")):
        result = run_link(table, link_probability=probability)
        scores = pairwise(result.clusters, truth)
        queued = list(
            zip(
                result.review.column("unique_id_l").to_pylist(),
                result.review.column("unique_id_r").to_pylist(),
                strict=True,
            )
        )
        same = sum(truth[a] == truth[b] for a, b in queued)
        share = f"{same / len(queued):.0%}" if queued else "–"
        false = round(scores.predicted_pairs * (1 - scores.precision))
        print(
            f"| {probability} | {scores.precision:.5f} | {scores.recall:.4f} | {false:,}"
            f" | {len(queued):,} | {share} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
