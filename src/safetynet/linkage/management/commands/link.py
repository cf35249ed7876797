"""`safetynet link RECORDS.csv --out CLUSTERS.csv`: link a standalone file of person records.

Input columns: source_system, source_id, name, national_id, birth_date, sex, address, phone (any
value may be empty; columns other than the first two may be left out). Output: source_system,
source_id, person_key — one row per input row, in order. Records with the same person_key are
the same person. `--review` also writes the grey-zone pairs with their explanation, for a person
to decide.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from safetynet.core.errors import ServiceError
from safetynet.linkage.explain import explain_text, level_labels
from safetynet.linkage.files import read_records
from safetynet.linkage.pipeline import (
    LINK_PROBABILITY,
    REVIEW_PROBABILITY,
    duckdb_api,
    run_link,
)
from safetynet.linkage.prepare import INPUT_COLUMNS, Columns, prepare_records

KEY_COLUMNS = ("source_system", "source_id")  # the others may be left out altogether
STAGES = ("read", "prepare", "train", "predict", "cluster", "write")


class Command(BaseCommand):
    help = "Link a file of person records from several systems into persons (person_key)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("records", type=Path, help="CSV (UTF-8 or cp950), xlsx or ods")
        parser.add_argument("--out", type=Path, required=True, help="clusters CSV to write")
        parser.add_argument("--review", type=Path, help="write the grey-zone pairs here")
        parser.add_argument("--link-probability", type=float, default=LINK_PROBABILITY)
        parser.add_argument("--review-probability", type=float, default=REVIEW_PROBABILITY)
        parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory limit")
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument("--spark-master", default="local[2]", help="with --engine spark")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        bar = tqdm(total=len(STAGES), disable=options["no_progress"], unit="stage")

        def stage(name: str) -> None:
            bar.set_description(name)
            if name != "read":
                bar.update(1)

        stage("read")
        path: Path = options["records"]
        try:
            rows = read_records(path.read_bytes(), path.name, required=KEY_COLUMNS,
                                optional=INPUT_COLUMNS)  # fmt: skip
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file") from exc
        except ServiceError as exc:
            raise CommandError(f"{path}: {exc.message}") from exc
        count = len(rows["source_id"])
        if not count:
            raise CommandError(f"{path}: no records")
        stage("prepare")
        table = prepare_records(rows)
        if options["engine"] == "spark":
            from safetynet.linkage.spark import local_session, spark_api

            api = spark_api(local_session(master=options["spark_master"]))
        else:
            api = duckdb_api(memory_limit=options["memory_limit"])
        result = run_link(
            table,
            db_api=api,
            link_probability=options["link_probability"],
            review_probability=options["review_probability"],
            progress=stage,
        )
        stage("write")
        del table
        self._write_clusters(options["out"], rows, result.clusters)
        if options["review"]:
            self._write_review(options["review"], rows, result)
        bar.update(1)
        bar.close()
        persons = len(set(result.clusters.values()))
        self.stderr.write(
            f"{count} records → {persons} persons; {result.review.num_rows} pairs to review;"
            f" {time.monotonic() - started:.1f} s"
        )

    def _write_clusters(self, out: Path, rows: Columns, clusters: dict[int, int]) -> None:
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source_system", "source_id", "person_key"])
            for index, (system, source_id) in enumerate(
                zip(rows["source_system"], rows["source_id"], strict=True)
            ):
                writer.writerow([system, source_id, f"P{clusters.get(index, index):08d}"])

    def _write_review(self, out: Path, rows: Columns, result: Any) -> None:
        labels = level_labels(result.linker)
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["source_system_l", "source_id_l", "source_system_r", "source_id_r",
                 "match_probability", "match_weight", "explanation"]
            )  # fmt: skip
            for pair in result.review.to_pylist():
                left, right = pair["unique_id_l"], pair["unique_id_r"]
                writer.writerow(
                    [rows["source_system"][left], rows["source_id"][left],
                     rows["source_system"][right], rows["source_id"][right],
                     f"{pair['match_probability']:.4f}",
                     f"{pair['match_weight']:.2f}", explain_text(pair, labels)]
                )  # fmt: skip
