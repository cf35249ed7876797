"""A reviewer's decisions on a `safetynet link` review file, as constraints of the next run.

The review file has a `decision` column, empty when written. A reviewer writes 同一人 (same) or
不同人 (different) on a pair, and gives the file back with `--decisions`: a pair said to be one
person is joined, a pair said to be two is never joined (nor queued again). The platform keeps
its reviewers' decisions in LinkDecision; this is the same rule for files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from safetynet.core.errors import ServiceError
from safetynet.linkage.constraints import Constraints
from safetynet.linkage.files import read_records

PAIR_COLUMNS = ("source_system_l", "source_id_l", "source_system_r", "source_id_r")
DECISION_COLUMN = "decision"
# What a reviewer may write, compared after NFKC and lower case (a spreadsheet's TRUE/FALSE are
# not here: they do not say which way round the question was).
SAME = frozenset({"同一人", "是同一人", "同", "是", "same", "same person", "yes", "y"})
DIFFERENT = frozenset({"不同人", "非同一人", "不是同一人", "不同", "否", "different",
                       "different persons", "different people", "no", "n"})  # fmt: skip

Key = tuple[str, str]


@dataclass(frozen=True)
class Decision:
    left: Key
    right: Key
    same: bool


def read_decisions(data: bytes, filename: str) -> list[Decision]:
    """The decided pairs of a review file (rows whose decision is empty are not decided).
    Raises ServiceError, naming the pair, for a decision that is neither same nor different."""
    rows = read_records(
        data, filename, required=(*PAIR_COLUMNS, DECISION_COLUMN), keys=PAIR_COLUMNS
    )
    decisions = []
    for system_l, id_l, system_r, id_r, written in zip(
        *(rows[column] for column in (*PAIR_COLUMNS, DECISION_COLUMN)), strict=True
    ):
        word = " ".join(unicodedata.normalize("NFKC", written).lower().split())
        if not word:
            continue
        if word not in SAME and word not in DIFFERENT:
            raise ServiceError(
                "bad_decision",
                _("The decision %(decision)s on %(left)s and %(right)s is neither 同一人"
                  " (same) nor 不同人 (different).")
                % {"decision": written, "left": f"{system_l} {id_l}",
                   "right": f"{system_r} {id_r}"},
            )  # fmt: skip
        decisions.append(Decision((system_l, id_l), (system_r, id_r), word in SAME))
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
