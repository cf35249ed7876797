"""The prior follows how many records carry an ID and a birth date (issue 12)."""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pyarrow.compute as pc

from safetynet.demo import records
from safetynet.linkage.pipeline import (
    DETERMINISTIC_AGREEMENT,
    MAX_DETERMINISTIC_RECALL,
    MIN_DETERMINISTIC_RECALL,
    deterministic_recall,
    run_link,
)
from safetynet.linkage.prepare import columns_of, prepare_records


def _table(ids: list[str | None], dates: list[str | None]) -> pa.Table:
    return pa.table(
        {"id_number": pa.array(ids, pa.string()), "birth_date": pa.array(dates, pa.string())}
    )


def test_the_rule_recall_is_the_chance_both_records_carry_both_fields() -> None:
    half_ids = _table(["A", None, "B", None], ["x", "y", "z", "w"])
    assert deterministic_recall(half_ids) == 0.5**2 * DETERMINISTIC_AGREEMENT
    assert deterministic_recall(_table(["A"] * 4, ["x"] * 4)) == MAX_DETERMINISTIC_RECALL
    assert deterministic_recall(_table([None] * 4, ["x"] * 4)) == MIN_DETERMINISTIC_RECALL


def test_a_file_with_few_ids_gets_the_prior_of_its_own_recall() -> None:
    """λ = pairs with the same ID and birth date / (all pairs × the rule's estimated recall):
    with few IDs, a fixed recall would make λ (and every probability) several times too small."""
    original = list(records.SYSTEMS)
    records.SYSTEMS[:] = [dataclasses.replace(s, id_present=0.3) for s in original]
    try:
        rows = list(records.RecordGenerator(seed=3).records(6000))
    finally:
        records.SYSTEMS[:] = original
    table = prepare_records(columns_of(rows))
    result = run_link(table)
    keyed = table.filter(pc.and_(pc.is_valid(table["id_number"]), pc.is_valid(table["birth_date"])))
    groups = keyed.group_by(["id_number", "birth_date"]).aggregate([("unique_id", "count")])
    agreeing = sum(n * (n - 1) // 2 for n in groups.column("unique_id_count").to_pylist())
    n = table.num_rows
    recall = deterministic_recall(table)
    assert recall < 0.2
    prior = result.linker._settings_obj._probability_two_random_records_match
    assert abs(prior - agreeing / recall / (n * (n - 1) / 2)) / prior < 0.01
