"""The command line every record generator shares: --records, --seed, --out, --no-truth."""

from __future__ import annotations

import argparse
from collections.abc import Callable

Writer = Callable[..., None]  # write_csv(path, count, *, seed, truth)


def main(write_csv: Writer, description: str | None, *, seed: int = 1) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--out", required=True)
    parser.add_argument("--no-truth", action="store_true")
    args = parser.parse_args()
    write_csv(args.out, args.records, seed=args.seed, truth=not args.no_truth)
