"""Linkage on harder variants of the generator than the one the model was developed on.

    .venv/bin/python -m bench.linkage.variants [--records 120000] [--seed 77]

few-ids: every system has an ID on at most 30 % of its records. noisy: three times the
homophones, date slips and ID typos, twice the moves, 10 % more simplified characters.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Callable
from typing import Any


def _few_ids(system: Any) -> Any:
    return dataclasses.replace(system, id_present=min(system.id_present, 0.3))


def _noisy(system: Any) -> Any:
    return dataclasses.replace(
        system,
        homophone=system.homophone * 3,
        simplified=system.simplified + 0.1,
        date_error=system.date_error * 3,
        old_address=min(1.0, system.old_address * 2),
        id_typo=system.id_typo * 3,
    )


VARIANTS: dict[str, Callable[[Any], Any]] = {"few-ids": _few_ids, "noisy": _noisy}


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    from bench.linkage.metrics import pairwise
    from safetynet.demo import records
    from safetynet.linkage.pipeline import run_link
    from safetynet.linkage.prepare import columns_of, prepare_records

    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=77)
    args = parser.parse_args()
    original = list(records.SYSTEMS)
    for name, change in VARIANTS.items():
        records.SYSTEMS[:] = [change(system) for system in original]
        rows = list(records.RecordGenerator(seed=args.seed).records(args.records))
        result = run_link(prepare_records(columns_of(rows)))
        scores = pairwise(result.clusters, [r["truth"] for r in rows])
        print(f"{name}: precision {scores.precision:.5f} recall {scores.recall:.5f} "
              f"review pairs {result.review.num_rows}")  # fmt: skip
    records.SYSTEMS[:] = original


if __name__ == "__main__":
    main()
