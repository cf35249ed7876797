"""A reviewer's decisions on a `safetynet link` review file, as constraints of the next run.

The review file has a `decision` column, empty when written. A reviewer writes 同一人 (same) or
不同人 (different) on a pair, and gives the file back with `--decisions`: a pair said to be one
person is joined, a pair said to be two is never joined (nor queued again). The platform keeps
its reviewers' decisions in LinkDecision; this is the same rule for files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa
from django.utils.translation import ngettext

from safetynet.core.errors import ServiceError
from safetynet.linkage.constraints import Constraints
from safetynet.linkage.files import read_records

PAIR_COLUMNS = ("source_system_l", "source_id_l", "source_system_r", "source_id_r")
DECISION_COLUMN = "decision"
# What a reviewer may write, compared after NFKC and lower case (a spreadsheet's TRUE/FALSE are
# not here: they do not say which way round the question was).
SAME = frozenset({"同一人", "是同一人", "同一個人", "是同一個人", "同", "相同", "是", "same",
                  "same person", "yes", "y"})  # fmt: skip
DIFFERENT = frozenset({"不同人", "非同一人", "不是同一人", "不同一人", "不是同一個人",
                       "不同一個人", "不同", "不相同", "不是", "否", "different",
                       "different person", "different persons", "different people", "no",
                       "n"})  # fmt: skip
SHOWN = 20  # decisions named in a message

Key = tuple[str, str]


@dataclass(frozen=True)
class Decision:
    left: Key
    right: Key
    same: bool


def read_decisions(data: bytes, filename: str) -> list[Decision]:
    """The decided pairs of a review file (rows whose decision is empty are not decided; rows
    without the pair's keys, a reviewer's notes, are passed over). Raises ServiceError, naming
    the pairs, for decisions that are neither same nor different."""
    rows = read_records(
        data, filename, required=(*PAIR_COLUMNS, DECISION_COLUMN), keys=PAIR_COLUMNS,
        skipped=[],
    )  # fmt: skip
    decisions = []
    unread: list[str] = []
    for system_l, id_l, system_r, id_r, written in zip(
        *(rows[column] for column in (*PAIR_COLUMNS, DECISION_COLUMN)), strict=True
    ):
        word = " ".join(unicodedata.normalize("NFKC", written).lower().split())
        if not word:
            continue
        if word not in SAME and word not in DIFFERENT:
            unread.append(f"{system_l} {id_l} / {system_r} {id_r}: {written}")
            continue
        decisions.append(Decision((system_l, id_l), (system_r, id_r), word in SAME))
    if unread:
        raise ServiceError(
            "bad_decision",
            ngettext("%(count)d decision is neither 同一人 (same) nor 不同人 (different):"
                     " %(decisions)s",
                     "%(count)d decisions are neither 同一人 (same) nor 不同人 (different):"
                     " %(decisions)s", len(unread))
            % {"count": len(unread), "decisions": "; ".join(unread[:SHOWN])
               + ("…" if len(unread) > SHOWN else "")},
        )  # fmt: skip
    return decisions


def as_constraints(
    decisions: Sequence[Decision], keys: Sequence[Key]
) -> tuple[Constraints, list[Key]]:
    """The decisions as constraints on records numbered as `keys` lists them (a key on several
    rows: its first), and the keys of decided records that `keys` lacks, once each (an earlier
    file's record this file no longer has; or an ID a spreadsheet rewrote, 1.9572E+14). A pair
    decided twice takes its later decision: a reviewer who changed their mind."""
    row_of: dict[Key, int] = {}
    for row, key in enumerate(keys):
        row_of.setdefault(key, row)
    same: dict[tuple[int, int], bool] = {}
    absent: dict[Key, None] = {}
    for decision in decisions:
        a, b = row_of.get(decision.left), row_of.get(decision.right)
        if a is None or b is None:
            absent.update((key, None) for key in (decision.left, decision.right)
                          if key not in row_of)  # fmt: skip
        elif a != b:
            same[min(a, b), max(a, b)] = decision.same
    must = [pair for pair, one in same.items() if one]
    cannot = {pair for pair, one in same.items() if not one}
    return Constraints(must=must, cannot=cannot), list(absent)


def not_followed(constraints: Constraints, clusters: Mapping[int, int]) -> list[tuple[int, int]]:
    """The pairs decided to be one person that the run could not join: their records carry
    two ID numbers, birth dates or sexes that cannot be one person's, or other decisions
    keep them apart."""
    return [(a, b) for a, b in constraints.must if clusters.get(a, a) != clusters.get(b, b)]


def without_decided(review: pa.Table, decided: set[tuple[int, int]]) -> pa.Table:
    """The review queue without the groups that hold a decided pair (a "same" the run could
    not follow: asking again would get the same answer), its groups numbered again."""
    left = review.column("unique_id_l").to_pylist()
    right = review.column("unique_id_r").to_pylist()
    groups = review.column("review_group").to_pylist()
    dropped = {
        group
        for a, b, group in zip(left, right, groups, strict=True)
        if (min(a, b), max(a, b)) in decided
    }
    if not dropped:
        return review
    kept = review.filter(pa.array([group not in dropped for group in groups]))
    number: dict[int, int] = {}
    for group in kept.column("review_group").to_pylist():
        number.setdefault(group, len(number) + 1)
    position = kept.schema.get_field_index("review_group")
    renumbered = [number[group] for group in kept.column("review_group").to_pylist()]
    return kept.set_column(
        position, "review_group", pa.array(renumbered, kept.schema.field(position).type)
    )
