"""Linkage on Apache Spark, for deployments that outgrow one machine.

The same settings, the same prepared columns and the same pipeline as DuckDB: only the database
API differs. Locally (tests, trials) a `local[2]` session is started with Splink's similarity
UDF jar; on a cluster, pass your own session (see docs/linkage.md)."""

from __future__ import annotations

import tempfile
from typing import Any


def local_session(*, master: str = "local[2]", memory: str = "2g", partitions: int = 8) -> Any:
    """A Spark session (needs Java 17+, Debian's default-jre-headless), on this machine unless
    `master` names a cluster (spark://host:7077)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(master)
        .appName("safetynet-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )


def spark_api(session: Any, *, checkpoints: str | None = None) -> Any:
    """Splink's Spark database API over a session. Intermediate tables are written as parquet
    under `checkpoints` (on a cluster: a shared path such as hdfs:// or s3://), which keeps
    the iterative clustering's lineage short."""
    from splink.backends.spark import SparkAPI

    session.sparkContext.setCheckpointDir(
        checkpoints or tempfile.mkdtemp(prefix="safetynet-spark-")
    )
    return SparkAPI(spark_session=session, break_lineage_method="parquet")  # type: ignore[no-untyped-call]
