"""The same link on Apache Spark (local, Debian's Java) as on DuckDB: same levels, same persons."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from safetynet.demo.records import RecordGenerator
from safetynet.linkage.pipeline import LinkResult, run_link
from safetynet.linkage.prepare import columns_of, prepare_records
from tests.conftest import national_id

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


def test_the_command_on_spark_leaves_no_scratch_files_behind(tmp_path: Path) -> None:
    """Spark writes the prepared records (ID numbers in them) as parquet, and a warehouse folder
    where it runs: a run's scratch folder is removed at its end. Spark's own lines (its log
    profile, the shell's log level, Hadoop's missing native library) do not come before the
    command's, which are in the user's language; the JVM's one line about the incubator module
    that Spark's launcher adds cannot be silenced (docs/linkage.md, "On Apache Spark")."""
    scratch, work = tmp_path / "tmp", tmp_path / "work"
    scratch.mkdir()
    work.mkdir()
    (work / "r.csv").write_text(
        "source_system,source_id,name,national_id,birth_date\n"
        f"a,1,王小明,{national_id('A', '1', 1234567)},1980-03-04\nb,2,王小明,,1980-03-04\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFETYNET_")}
    env |= {"HOME": str(tmp_path), "TMPDIR": str(scratch)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "safetynet.manage", "link", "r.csv", "--out", "o.csv",
         "--engine", "spark", "--no-progress"],
        env=env, cwd=work, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in work.iterdir()) == ["o.csv", "r.csv"]
    assert not [p for p in scratch.iterdir() if p.name.startswith("safetynet-spark-")]
    assert "WARN DataSource" not in done.stderr
    others = [
        line
        for line in done.stderr.splitlines()
        if line.isascii() and not line.startswith("WARNING: Using incubator modules")
    ]
    assert others == [], done.stderr
