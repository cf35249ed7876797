"""A linkage run: prepared records in, clusters (one per person) and a review list out.

Splink trains its model on the run's own records (u by random sampling, m by EM, the prior from
exact ID + birth date), scores the blocked pairs and clusters them. Thresholds are set for
precision: a wrong merge shows one person's psychiatric history on another's page, a miss only
leaves two records apart until a reviewer joins them.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from safetynet.linkage import model

# Pairs at or above LINK are the same person, if AUTO_LINK_SQL also holds; the other pairs at or
# above REVIEW that ended in different clusters go to a person.
LINK_PROBABILITY = 0.99
REVIEW_PROBABILITY = 0.5
# Never merged without a person: two different valid IDs, or names that do not even sound alike
# (siblings and twins share surname, address and often a character) unless the ID is the same.
AUTO_LINK_SQL = (
    f"gamma_id_number <> {model.ID_CONFLICT_LEVEL}"
    f" AND (gamma_name >= {model.NAME_SOUNDS_ALIKE_LEVEL} OR gamma_id_number = {model.ID_EXACT_LEVEL})"
)
RECALL_OF_DETERMINISTIC_RULES = 0.6
EM_MAX_PAIRS = 3e6  # EM converges on a sample; all pairs of 1M records take minutes

Progress = Callable[[str], None]


@dataclass
class LinkResult:
    clusters: dict[int, int]  # unique_id -> cluster id (the smallest unique_id in the cluster)
    review: pa.Table  # grey-zone pairs between different clusters, strongest first
    pairs: int  # scored pairs
    linker: Any  # the trained Splink linker, for explanations


def duckdb_api(*, memory_limit: str = "4GB", threads: int = 2) -> Any:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=con)


def train(linker: Any, *, seed: int = 42) -> None:
    linker.training.estimate_probability_two_random_records_match(
        model.DETERMINISTIC_RULES, recall=RECALL_OF_DETERMINISTIC_RULES
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for rule in model.TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
        )


def run_link(
    records: pa.Table,
    *,
    db_api: Any | None = None,
    link_probability: float = LINK_PROBABILITY,
    review_probability: float = REVIEW_PROBABILITY,
    progress: Progress = lambda _: None,
) -> LinkResult:
    """Link prepared records (see prepare.SCHEMA); every record ends in exactly one cluster."""
    api = db_api or duckdb_api()
    table = api.register(records, table_name=f"records_{id(records)}")
    # Splink warns about levels a small file never shows; the run's figures say what matters.
    linker = Linker(table, model.settings(), log_level=logging.ERROR)
    progress("train")
    train(linker)
    progress("predict")
    scored = linker.inference.predict(threshold_match_probability=review_probability)
    progress("cluster")
    # Only numbers we format ourselves go into these statements (Splink queries take no params).
    strong = f"match_probability >= {float(link_probability)!r} AND {AUTO_LINK_SQL}"
    edges = scored.query_sql("SELECT * FROM {this} WHERE " + strong)  # noqa: S608
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        edges, threshold_match_probability=link_probability
    )
    clusters = split_id_conflicts(_cluster_map(clustered), records, edges)
    review = _review_pairs(scored, clusters, link_probability)
    pairs = int(scored.query_sql("SELECT count(*) AS n FROM {this}").as_dict()["n"][0])
    return LinkResult(clusters=clusters, review=review, pairs=pairs, linker=linker)


def _cluster_map(clustered: Any) -> dict[int, int]:
    """unique_id -> the smallest unique_id of its cluster (stable across engines)."""
    columns = clustered.query_sql(
        "SELECT unique_id, min(unique_id) OVER (PARTITION BY cluster_id) AS cluster FROM {this}"
    ).as_dict()
    return dict(zip(map(int, columns["unique_id"]), map(int, columns["cluster"]), strict=True))


def split_id_conflicts(clusters: dict[int, int], records: pa.Table, edges: Any) -> dict[int, int]:
    """A cluster may chain two people with different valid IDs through records without one.
    Such clusters are rebuilt from their strongest links, never joining two valid IDs."""
    valid_ids = {
        uid: number
        for uid, number, valid in zip(
            records.column("unique_id").to_pylist(),
            records.column("id_number").to_pylist(),
            records.column("id_valid").to_pylist(),
            strict=True,
        )
        if valid
    }
    members: dict[int, list[int]] = {}
    for uid, cluster in clusters.items():
        members.setdefault(cluster, []).append(uid)
    broken = {
        cluster
        for cluster, uids in members.items()
        if len({valid_ids[u] for u in uids if u in valid_ids}) > 1
    }
    if not broken:
        return clusters
    listed = ",".join(str(u) for c in broken for u in members[c])
    order = "ORDER BY match_weight DESC, unique_id_l, unique_id_r"
    sql = f"SELECT unique_id_l, unique_id_r FROM {{this}} WHERE unique_id_l IN ({listed}) {order}"  # noqa: S608
    rows = edges.query_sql(sql).as_dict()
    parent = {u: u for c in broken for u in members[c]}
    ids = {u: {valid_ids[u]} if u in valid_ids else set() for u in parent}

    def root(u: int) -> int:
        while parent[u] != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u

    for left, right in zip(rows["unique_id_l"], rows["unique_id_r"], strict=True):
        a, b = root(int(left)), root(int(right))
        if a == b or (ids[a] and ids[b] and ids[a] != ids[b]):
            continue
        parent[b] = a
        ids[a] |= ids[b]
    fixed = dict(clusters)
    groups: dict[int, list[int]] = {}
    for u in parent:
        groups.setdefault(root(u), []).append(u)
    for uids in groups.values():
        for u in uids:
            fixed[u] = min(uids)
    return fixed


def _review_pairs(scored: Any, clusters: dict[int, int], link_probability: float) -> pa.Table:
    """Grey-zone pairs whose records ended in different clusters: a person must decide."""
    weak = f"match_probability < {float(link_probability)!r}"
    table = scored.query_sql(
        "SELECT * FROM {this} WHERE " + weak + " ORDER BY match_weight DESC"  # noqa: S608
    ).as_pyarrow_table()
    left = table.column("unique_id_l").to_pylist()
    right = table.column("unique_id_r").to_pylist()
    keep = [clusters[a] != clusters[b] for a, b in zip(left, right, strict=True)]
    return table.filter(pa.array(keep, type=pa.bool_()))


def match_weight(probability: float) -> float:
    return math.log2(probability / (1 - probability))
