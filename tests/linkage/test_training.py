"""Training on the run's own records: the levels random sampling and EM cannot estimate."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest

from safetynet.demo import records
from safetynet.linkage import model, pipeline
from safetynet.linkage.pipeline import (
    ID_SLIP_SHARE,
    M_FLOOR,
    duckdb_api,
    floor_m,
    same_id_u,
    trained_linker,
)
from safetynet.linkage.prepare import columns_of, prepare_records


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return prepare_records(columns_of(records.RecordGenerator(seed=11).records(6000)))


def _levels(linker: Any, column: str) -> list[Any]:
    (comparison,) = (c for c in linker._settings_obj.comparisons if c.output_column_name == column)
    return [x for x in comparison.comparison_levels if not x.is_null_level]


def test_the_same_ids_u_is_counted_over_the_records_with_an_id() -> None:
    ids = pa.table({"id_number": pa.array(["A1", "A1", "A1", "B2", "B2", "C3", None, None])})
    # 6 IDs: A1 three times (3·2 ordered pairs), B2 twice (2·1), over 6·5 ordered pairs.
    assert same_id_u(ids) == pytest.approx((6 + 2) / 30)
    # No ID written twice: at least one pair's worth, never zero (a veto-free infinite weight).
    assert same_id_u(pa.table({"id_number": pa.array(["A1", "B2", "C3"])})) == 1 / 6
    assert same_id_u(pa.table({"id_number": pa.array(["A1", None], pa.string())})) is None


def test_the_id_levels_keep_their_counted_u_through_training(table: pa.Table) -> None:
    """Random sampling sees the same ID a few times in 500,000 pairs (never, at a million
    records) and would replace the count with that noise, or Splink's generic 10 bits."""
    linker = trained_linker(duckdb_api(), table)
    levels = _levels(linker, "id_number")
    same = levels[len(levels) - 1 - model.ID_EXACT_LEVEL]
    slip = levels[len(levels) - 1 - model.ID_SLIP_LEVEL]
    u = same_id_u(table)
    assert u is not None
    assert same.label_for_charts == "身分證號相同" and same.u_probability == pytest.approx(u)
    assert slip.label_for_charts.startswith("身分證號差一")
    assert slip.u_probability == pytest.approx(u * ID_SLIP_SHARE)


def test_no_level_falls_back_to_splinks_generic_values(table: pa.Table) -> None:
    """Every level has an m and a u of its own (trained, stated or floored): unseen, Splink
    would weigh a level by its position (a similar Latin name -4 bits, a phone's last eight
    digits +3)."""
    linker = trained_linker(duckdb_api(), table)
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            assert level._m_probability is not None, level.label_for_charts
            assert level._u_probability is not None, level.label_for_charts
            assert level.m_probability >= M_FLOOR, level.label_for_charts


def test_em_cannot_drive_a_levels_m_to_nothing(
    table: pa.Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    train = pipeline.train

    def collapsing(linker: Any, **kwargs: Any) -> None:
        train(linker, **kwargs)
        _levels(linker, "name")[-2].m_probability = 1e-34  # what EM did at a million records

    monkeypatch.setattr(pipeline, "train", collapsing)
    level = _levels(trained_linker(duckdb_api(), table), "name")[-2]
    assert level.m_probability == M_FLOOR
    assert math.log2(level.m_probability / level.u_probability) > -20


def test_floor_m_raises_only_what_is_below_the_floor() -> None:
    levels: list[dict[str, Any]] = [
        {"is_null_level": True},
        {"m_probability": 1e-30},
        {"m_probability": 0.5},
        {},
    ]
    parameters: dict[str, Any] = {"comparisons": [{"comparison_levels": levels}]}
    assert floor_m(parameters)
    assert [x.get("m_probability") for x in levels] == [None, M_FLOOR, 0.5, M_FLOOR]
    assert not floor_m(parameters)


def test_a_top_level_random_sampling_never_sees_starts_from_a_u_of_its_own(
    table: pa.Table,
) -> None:
    """At a million records half a million random pairs may hold no two records with one
    phone (or dwelling, building, swapped birth date); Splink's generic fallback gave such a
    level about 9 bits instead of 15. Here two records of 6,000 share a phone."""
    phones: list[str | None] = [None] * table.num_rows
    phones[0] = phones[1] = "0912345678"
    column = table.schema.get_field_index("phone")
    sparse = table.set_column(column, "phone", pa.array(phones, pa.string()))
    same_phone = _levels(trained_linker(duckdb_api(), sparse), "phone")[0]
    assert same_phone.label_for_charts == "電話相同"
    assert same_phone.u_probability == model.UNSEEN_U
