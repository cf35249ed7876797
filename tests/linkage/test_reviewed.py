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
     ("同一個人", True), ("相同", True), ("不同人", False), ("非同一人", False), ("否", False),
     ("DIFFERENT", False), ("n", False), ("不是", False), ("different person", False),
     ("不同一人", False)],
)  # fmt: skip
def test_a_decision_is_read_in_either_language_and_any_width_or_case(
    written: str, same: bool
) -> None:
    (decision,) = read_decisions(_file(f"a,1,b,2,{written}", "a,1,c,3,"), "d.csv")
    assert decision == Decision(("a", "1"), ("b", "2"), same)


def test_a_decision_that_says_neither_is_refused_naming_the_pair() -> None:
    with pytest.raises(ServiceError) as raised:
        read_decisions(_file("a,1,b,2,TRUE", "a,1,c,3,同一人", "a,1,d,4,○"), "d.csv")
    assert raised.value.message == (
        "有 2 筆判定不是「同一人」也不是「不同人」：a 1 / b 2: TRUE; a 1 / d 4: ○"
    )


def test_a_row_without_the_pairs_keys_is_passed_over() -> None:
    (decision,) = read_decisions(_file(",,,,記事：第 3 組再查", "a,1,b,2,不是"), "d.csv")
    assert decision == Decision(("a", "1"), ("b", "2"), False)


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


def test_a_same_decision_the_run_could_not_follow_takes_its_group_out_of_the_queue() -> None:
    import pyarrow as pa

    from safetynet.linkage.constraints import Constraints
    from safetynet.linkage.reviewed import not_followed, without_decided

    constraints = Constraints(must=[(0, 1), (2, 3)])
    refused = not_followed(constraints, {0: 0, 1: 1, 2: 2, 3: 2})
    assert refused == [(0, 1)]
    review = pa.table({"unique_id_l": [4, 1, 0, 5], "unique_id_r": [5, 6, 1, 6],
                       "review_group": [1, 2, 2, 3]})  # fmt: skip
    kept = without_decided(review, set(refused))
    assert kept.to_pydict() == {"unique_id_l": [4, 5], "unique_id_r": [5, 6],
                                "review_group": [1, 2]}  # fmt: skip
