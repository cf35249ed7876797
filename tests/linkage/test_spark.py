"""The same link on Apache Spark (local, Debian's Java) as on DuckDB: same levels, same persons."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from safetynet.demo.records import RecordGenerator
from safetynet.linkage.pipeline import LinkResult, run_link
from safetynet.linkage.prepare import columns_of, prepare_records

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="needs Java (CI installs it)")
GAMMAS = ["gamma_id_number", "gamma_name", "gamma_birth_date", "gamma_sex", "gamma_address",
          "gamma_phone"]  # fmt: skip


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from safetynet.linkage.spark import local_session

    session = local_session(memory="1g", partitions=4)
    yield session
    session.stop()


def _levels(result: LinkResult) -> dict[tuple[int, int], tuple[int, ...]]:
    sql = "SELECT unique_id_l, unique_id_r, " + ", ".join(GAMMAS) + " FROM {this}"  # noqa: S608
    rows = result.scored.query_sql(sql).as_dict()
    return {
        (int(a), int(b)): tuple(int(rows[g][i]) for g in GAMMAS)
        for i, (a, b) in enumerate(zip(rows["unique_id_l"], rows["unique_id_r"], strict=True))
    }


def test_spark_gives_the_same_levels_and_persons_as_duckdb(spark: Any) -> None:
    from safetynet.linkage.spark import spark_api

    # Hard cases included: homophones, simplified characters, ROC dates, Latin names, moves.
    table = prepare_records(columns_of(RecordGenerator(seed=8).records(2500)))
    on_duckdb = run_link(table)
    parameters = on_duckdb.linker.misc.save_model_to_json()
    on_spark = run_link(table, db_api=spark_api(spark), parameters=parameters)
    duck, sparked = _levels(on_duckdb), _levels(on_spark)
    assert len(duck) > 1000
    assert duck == sparked
    assert on_duckdb.clusters == on_spark.clusters
