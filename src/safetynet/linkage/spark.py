"""Linkage on Apache Spark, for deployments that outgrow one machine.

The same settings, the same prepared columns and the same pipeline as DuckDB: only the database
API differs. Locally (tests, trials) a `local[2]` session is started with Splink's similarity
UDF jar; on a cluster, pass your own session (see docs/linkage.md)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

LOG4J = Path(__file__).parent / "data" / "spark-log4j2.properties"


def local_session(
    *, master: str = "local[2]", memory: str = "2g", partitions: int = 8, scratch: str | None = None
) -> Any:
    """A Spark session (needs Java 17+, Debian's default-jre-headless), on this machine unless
    `master` names a cluster (spark://host:7077). `scratch`: the folder for its spill files and
    its warehouse (otherwise /tmp and ./spark-warehouse)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    if master.startswith("local"):
        # Bound to loopback from the start (Spark otherwise looks up the host's address and
        # says so on stderr).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder
    # Errors only (LOG4J). Set before the JVM starts: its first lines come before any
    # setLogLevel could run.
    builder = builder.config(
        "spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG4J.as_uri()}"
    )
    if scratch is not None:
        builder = builder.config("spark.local.dir", str(Path(scratch) / "local")).config(
            "spark.sql.warehouse.dir", str(Path(scratch) / "warehouse")
        )
    session = (
        builder.master(master)
        .appName("safetynet-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.memory", memory)
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    # Spark's warnings (English, one per parquet read Splink makes) would bury the command's
    # own messages; its errors still show.
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_api(session: Any, *, checkpoints: str | None = None) -> Any:
    """Splink's Spark database API over a session. Intermediate tables are written as parquet
    under `checkpoints` (on a cluster: a shared path such as hdfs:// or s3://), which keeps
    the iterative clustering's lineage short."""
    from splink.backends.spark import SparkAPI

    session.sparkContext.setCheckpointDir(
        checkpoints or tempfile.mkdtemp(prefix="safetynet-spark-")
    )
    return SparkAPI(spark_session=session, break_lineage_method="parquet")  # type: ignore[no-untyped-call]
