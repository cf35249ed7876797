"""Pairwise precision, recall and F1 of a clustering against the true persons."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(clusters: dict[int, int], truth: Sequence[str]) -> Scores:
    members: dict[int, list[int]] = defaultdict(list)
    for uid, cluster in clusters.items():
        members[cluster].append(uid)
    predicted = sum(_pairs(len(m)) for m in members.values())
    true = sum(_pairs(n) for n in Counter(truth).values())
    correct = sum(
        _pairs(n) for m in members.values() for n in Counter(truth[u] for u in m).values()
    )
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, predicted, true)
