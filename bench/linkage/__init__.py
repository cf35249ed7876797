"""Linkage benchmarks and the synthetic generators they run on."""

from __future__ import annotations

from collections.abc import Callable

Writer = Callable[..., None]


def generators() -> dict[str, tuple[str, Writer]]:
    """The data sets by the number the benchmarks take: (label, write_csv(path, size, seed=))."""
    from bench.linkage import generate, generate2, generate4, generate5, generate6, variants

    return {
        "1": ("generator 1", generate.write_csv),
        "2": ("generator 2", generate2.write_csv),
        "3": ("generator 1 far", variants.write_csv),
        "4": ("generator 4", generate4.write_csv),
        "5": ("generator 5", generate5.write_csv),
        "6": ("generator 6", generate6.write_csv),
    }
