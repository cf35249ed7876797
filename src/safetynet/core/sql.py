"""Small pieces for the few statements written as SQL (the per-report hot path)."""

from __future__ import annotations


def placeholders(count: int) -> str:
    """`%s, %s, …` for `count` parameters: only placeholders are formatted into SQL, every
    value goes as a parameter."""
    return ", ".join(["%s"] * count)
