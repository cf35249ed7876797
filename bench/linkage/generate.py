"""Write synthetic multi-system records (the demo city's generator) as a CSV for `safetynet link`.

    .venv/bin/python -m bench.linkage.generate --records 120000 --seed 1 --out records.csv

The file has the link interface's columns plus `truth` (the person), unless --no-truth.
"""

from __future__ import annotations

import csv
from pathlib import Path

from safetynet.demo.records import RecordGenerator

COLUMNS = ["source_system", "source_id", "name", "national_id", "birth_date", "sex", "address",
           "phone"]  # fmt: skip


def write_csv(path: str, count: int, *, seed: int, truth: bool = True) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, COLUMNS + (["truth"] if truth else []), extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(RecordGenerator(seed=seed).records(count))


if __name__ == "__main__":
    from bench.linkage import csvcli

    csvcli.main(write_csv, __doc__)
