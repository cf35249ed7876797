"""Where the time goes: SafetyNet against plain Splink, step by step, on one file.

    .venv/bin/python -m bench.linkage.steps [--generator 1|2|3|4|5] [--records 120000] [--seed 1]
        [--rounds 2]

Both methods run in this process, one after the other, `--rounds` times (interleaved, so a busy
machine slows both alike); Splink's steps are timed by wrapping its training, blocking,
prediction and clustering methods, and "ours" is the rest: reading and preparing the records
(plain Splink: NFKC and dates), the clustering constraints and the review queue. Medians of the
rounds are printed in seconds.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

STEPS = {
    "training.LinkerTraining": ("estimate_probability_two_random_records_match",
                                "estimate_u_using_random_sampling",
                                "estimate_parameters_using_expectation_maximisation"),
    "inference.LinkerInference": ("compute_blocked_pairs_for_predict", "predict"),
    "clustering.LinkerClustering": ("cluster_pairwise_predictions_at_threshold",),
}  # fmt: skip
LABELS = {
    "estimate_probability_two_random_records_match": "prior",
    "estimate_u_using_random_sampling": "u sampling",
    "estimate_parameters_using_expectation_maximisation": "EM",
    "compute_blocked_pairs_for_predict": "blocking",
    "predict": "predict",
    "cluster_pairwise_predictions_at_threshold": "clustering",
}


def _instrument(spent: dict[str, float]) -> None:
    import importlib

    depth = [0]

    def timed(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            depth[0] += 1
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:  # predict calls blocking: count the outer call only
                    spent[LABELS[name]] += time.perf_counter() - started

        return wrapper

    for where, names in STEPS.items():
        module_name, class_name = where.split(".")
        module = importlib.import_module(f"splink.internals.linker_components.{module_name}")
        cls = getattr(module, class_name)
        for name in names:
            setattr(cls, name, timed(name, getattr(cls, name)))


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
    os.environ.setdefault("SAFETYNET_ENV", "development")
    django.setup()
    from bench.linkage import baselines, generate, generate2, generate4, generate5, variants
    from safetynet.linkage.files import read_records
    from safetynet.linkage.pipeline import run_link
    from safetynet.linkage.prepare import INPUT_COLUMNS, in_canonical_order, prepare_records

    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=int, choices=[1, 2, 3, 4, 5, 6], default=1)
    parser.add_argument("--records", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    writers = {
        1: generate.write_csv,
        2: generate2.write_csv,
        3: variants.write_csv,
        4: generate4.write_csv,
        5: generate5.write_csv,
    }
    spent: dict[str, float] = defaultdict(float)
    _instrument(spent)
    rounds: dict[str, list[dict[str, float]]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.csv"
        writers[args.generator](str(path), args.records, seed=args.seed)
        for _ in range(args.rounds):
            for method in ("plain_splink", "safetynet"):
                spent.clear()
                started = time.perf_counter()
                rows = read_records(
                    path.read_bytes(), path.name, required=(*INPUT_COLUMNS, "truth")
                )
                rows.pop("truth")
                if method == "plain_splink":
                    baselines.plain_splink(rows)
                else:
                    run_link(in_canonical_order(prepare_records(rows))[0])
                total = time.perf_counter() - started
                rounds[method].append({**spent, "ours (Python)": total - sum(spent.values()),
                                       "total": total})  # fmt: skip
    names = [*LABELS.values(), "ours (Python)", "total"]
    print("| step | plain Splink s | SafetyNet s |\n|---|---|---|")
    for name in names:
        plain, ours = (statistics.median(r.get(name, 0.0) for r in rounds[m])
                       for m in ("plain_splink", "safetynet"))  # fmt: skip
        print(f"| {name} | {plain:.1f} | {ours:.1f} |")


if __name__ == "__main__":
    main()
