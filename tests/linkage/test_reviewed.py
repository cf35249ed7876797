"""A reviewer's decisions on a review file, read back as constraints (issue 12)."""

from __future__ import annotations

import pytest

from safetynet.core.errors import ServiceError
from safetynet.linkage.reviewed import Decision, as_constraints, read_decisions

HEADER = "source_system_l,source_id_l,source_system_r,source_id_r,decision"


def _file(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


@pytest.mark.parametrize(
    ("written", "same"),
    [("同一人", True), ("是", True), ("Same", True), ("ＹＥＳ", True), (" same  person ", True),
     ("不同人", False), ("非同一人", False), ("否", False), ("DIFFERENT", False), ("n", False)],
)  # fmt: skip
def test_a_decision_is_read_in_either_language_and_any_width_or_case(
    written: str, same: bool
) -> None:
    (decision,) = read_decisions(_file(f"a,1,b,2,{written}", "a,1,c,3,"), "d.csv")
    assert decision == Decision(("a", "1"), ("b", "2"), same)


def test_a_decision_that_says_neither_is_refused_naming_the_pair() -> None:
    with pytest.raises(ServiceError) as raised:
        read_decisions(_file("a,1,b,2,TRUE"), "d.csv")
    assert "a 1 與 b 2 的判定「TRUE」" in raised.value.message


def test_decisions_become_constraints_on_the_records_rows() -> None:
    keys = [("a", "1"), ("b", "2"), ("c", "3"), ("a", "1")]
    decisions = [
        Decision(("b", "2"), ("a", "1"), True),
        Decision(("a", "1"), ("c", "3"), True),
        Decision(("c", "3"), ("a", "1"), False),  # changed their mind: the later counts
        Decision(("a", "1"), ("z", "9"), True),  # not in this file
    ]
    constraints, absent = as_constraints(decisions, keys)
    assert (
        constraints.must == [(0, 1)] and constraints.cannot == {(0, 2)} and absent == [("z", "9")]
    )
