"""The two baselines the linkage benchmark compares against.

(a) exact national-ID matching: records with the same ID (upper-cased) are one person; records
    without an ID stay alone.
(b) plain Splink with basic clean-up: NFKC, dates parsed, Splink's default comparisons
    (Jaro-Winkler, Levenshtein) on the raw strings, the same training recipe and threshold.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

import pyarrow as pa
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from safetynet.linkage.pipeline import (
    EM_MAX_PAIRS,
    LINK_PROBABILITY,
    REVIEW_PROBABILITY,
    U_MAX_PAIRS,
    duckdb_api,
)
from safetynet.linkage.prepare import INPUT_COLUMNS, Columns, birth_date


def exact_id(records: Columns) -> dict[int, int]:
    first: dict[str, int] = {}
    clusters = {}
    for uid, value in enumerate(records["national_id"]):
        key = unicodedata.normalize("NFKC", value).strip().upper()
        clusters[uid] = first.setdefault(key, uid) if key else uid
    return clusters


def _clean(value: str) -> str | None:
    return unicodedata.normalize("NFKC", value).strip() or None


def plain_splink(records: Columns) -> tuple[dict[int, int], list[tuple[int, int]]]:
    """Clusters and its review list (grey-zone pairs across clusters)."""
    count = len(records["source_id"])
    table = pa.table(
        {
            "unique_id": list(range(count)),
            **{c: [_clean(v) for v in records[c]] for c in INPUT_COLUMNS if c != "birth_date"},
            "birth_date": [birth_date(v) for v in records["birth_date"]],
        }
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.LevenshteinAtThresholds("national_id", [1, 2]),
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]),
            cl.DateOfBirthComparison("birth_date", input_is_string=False),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.88]),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("national_id"),
            block_on("name"),
            block_on("birth_date"),
            block_on("phone"),
        ],
    )
    api: Any = duckdb_api()
    linker = Linker(api.register(table), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("national_id", "birth_date")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=42)
    for rule in (block_on("birth_date"), block_on("name")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=EM_MAX_PAIRS
        )
    scored = linker.inference.predict(threshold_match_probability=REVIEW_PROBABILITY)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        scored, threshold_match_probability=LINK_PROBABILITY
    )
    columns = clustered.query_sql("SELECT unique_id, cluster_id FROM {this}").as_dict()
    labels: dict[Any, int] = {}
    clusters = {
        int(uid): labels.setdefault(cid, int(uid))
        for uid, cid in zip(columns["unique_id"], columns["cluster_id"], strict=True)
    }
    weak = f"match_probability < {LINK_PROBABILITY}"
    grey = scored.query_sql("SELECT unique_id_l, unique_id_r FROM {this} WHERE " + weak).as_dict()  # noqa: S608
    review = [
        (int(a), int(b))
        for a, b in zip(grey["unique_id_l"], grey["unique_id_r"], strict=True)
        if clusters[int(a)] != clusters[int(b)]
    ]
    return clusters, review
