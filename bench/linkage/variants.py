"""Generator 1 with error rates far from its defaults: the third data set of the bench.

    .venv/bin/python -m bench.linkage.variants --records 120000 --seed 1 --out records.csv

"far" (what `bench.linkage.run --generators 3` uses): every system has an ID on at most 30 % of
its records, three times the homophones, date slips and ID typos, twice the moves, 10 % more
simplified characters, a third fewer addresses and phones. The model was developed on the
defaults; nothing was tuned on this variant.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from safetynet.demo import records

COLUMNS = ["source_system", "source_id", "name", "national_id", "birth_date", "sex", "address",
           "phone"]  # fmt: skip


def far(system: Any) -> Any:
    return dataclasses.replace(
        system,
        id_present=min(system.id_present, 0.3),
        homophone=min(1.0, system.homophone * 3),
        simplified=min(1.0, system.simplified + 0.1),
        date_error=min(1.0, system.date_error * 3),
        old_address=min(1.0, system.old_address * 2),
        id_typo=min(1.0, system.id_typo * 3),
        address_present=system.address_present * 0.67,
        phone_present=system.phone_present * 0.67,
    )


@contextmanager
def varied() -> Iterator[None]:
    original = list(records.SYSTEMS)
    records.SYSTEMS[:] = [far(system) for system in original]
    try:
        yield
    finally:
        records.SYSTEMS[:] = original


def write_csv(path: str, count: int, *, seed: int, truth: bool = True) -> None:
    with varied(), Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(
            handle, COLUMNS + (["truth"] if truth else []), extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(records.RecordGenerator(seed=seed).records(count))


if __name__ == "__main__":
    from bench.linkage import csvcli

    csvcli.main(write_csv, __doc__)
