"""A linkage run: prepared records in, clusters (one per person) and a review list out.

Splink trains its model on the run's own records (u by random sampling, m by EM, the prior from
exact ID + birth date), scores the blocked pairs and clusters them. Thresholds are set for
precision: a wrong merge shows one person's psychiatric history on another's page, a miss only
leaves two records apart until a reviewer joins them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker
from splink.internals.exceptions import SplinkException

from safetynet.linkage import model

logger = logging.getLogger(__name__)

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
# Training samples: EM converges on a million pairs and u on half a million; all pairs of 1M
# records would take minutes.
EM_MAX_PAIRS = 1e6
U_MAX_PAIRS = 5e5

# Below this many records, EM has too few pairs to learn from: the run uses the parameters
# shipped in data/default_model.json (trained on 120,000 synthetic records by
# `python -m bench.linkage.train_default`), and so does any run whose training fails.
MIN_TRAINING_RECORDS = 5000
DEFAULT_MODEL = Path(__file__).parent / "data" / "default_model.json"
DEFAULT_MODEL_RECORDS = 120_000
MAX_SMALL_PRIOR = 1e-4

Progress = Callable[[str], None]


@dataclass
class LinkResult:
    clusters: dict[int, int]  # unique_id -> cluster id (the smallest unique_id in the cluster)
    review: pa.Table  # grey-zone pairs between different clusters, strongest first
    pairs: int  # scored pairs
    linker: Any  # the trained Splink linker, for explanations
    edges: Any  # the pairs that were allowed to link (a SplinkDataFrame)
    scored: Any  # every scored pair at or above the review probability (a SplinkDataFrame)


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
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=seed)
    for rule in model.TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
        )


def _trained_linker(api: Any, records: pa.Table, parameters: dict[str, Any] | None) -> Any:
    # Splink warns about levels a small file never shows; the run's figures say what matters.
    if parameters is not None:
        return _linker_with(api, records, parameters)
    if records.num_rows >= MIN_TRAINING_RECORDS:
        linker = Linker(api.register(records), model.settings(), log_level=logging.ERROR)
        try:
            train(linker)
        except (ValueError, ZeroDivisionError, SplinkException):
            logger.warning("linkage training failed; using the default model")
        else:
            return linker
    saved = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    # Two random records match about (records per person - 1) / N times: scale the prior to N,
    # but no higher than one in ten thousand: a small file is a sample of a city, where any two
    # records rarely are one person (precision first).
    prior = saved["probability_two_random_records_match"] * DEFAULT_MODEL_RECORDS
    saved["probability_two_random_records_match"] = min(MAX_SMALL_PRIOR, prior / records.num_rows)
    # Term frequencies of a small file say nothing about how common a name is in the city.
    for comparison in saved["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
    return _linker_with(api, records, saved)


def _linker_with(api: Any, records: pa.Table, parameters: dict[str, Any]) -> Any:
    """A linker with the model's comparisons, written in this engine's SQL, and the m, u,
    prior and term-frequency use of `parameters` (a saved model, maybe from another engine)."""
    settings = model.settings().get_settings(api.sql_dialect.sql_dialect_str).as_dict()  # type: ignore[no-untyped-call]
    settings["probability_two_random_records_match"] = parameters[
        "probability_two_random_records_match"
    ]
    for comparison, known in zip(settings["comparisons"], parameters["comparisons"], strict=True):
        for level, saved in zip(
            comparison["comparison_levels"], known["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if saved.get(key) is not None:
                    level[key] = saved[key]
            if "tf_adjustment_column" not in saved:
                level.pop("tf_adjustment_column", None)
                level.pop("tf_adjustment_weight", None)
    return Linker(api.register(records), settings, log_level=logging.ERROR)


def run_link(
    records: pa.Table,
    *,
    db_api: Any | None = None,
    link_probability: float = LINK_PROBABILITY,
    review_probability: float = REVIEW_PROBABILITY,
    constraints: Constraints | None = None,
    parameters: dict[str, Any] | None = None,
    progress: Progress = lambda _: None,
) -> LinkResult:
    """Link prepared records (see prepare.SCHEMA); every record ends in exactly one cluster.

    The model trains on the records themselves, unless `parameters` (a saved model) are given
    or the records are too few (then the shipped default model is used).
    """
    api = db_api or duckdb_api()
    progress("train")
    linker = _trained_linker(api, records, parameters)
    progress("predict")
    scored = linker.inference.predict(threshold_match_probability=review_probability)
    progress("cluster")
    # Only numbers we format ourselves go into these statements (Splink queries take no params).
    strong = f"match_probability >= {float(link_probability)!r} AND {AUTO_LINK_SQL}"
    edges = scored.query_sql("SELECT * FROM {this} WHERE " + strong)  # noqa: S608
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        edges, threshold_match_probability=link_probability
    )
    rules = constraints or Constraints()
    # A valid ID is the key wherever there is one (an index person's included: IDs are unique
    # in the index, so index persons stay apart either way).
    rules = Constraints(
        exclusive={**rules.exclusive, **valid_id_keys(records)},
        cannot=rules.cannot,
        must=rules.must,
        sexes=_sexes(records),
        births=_births(records),
        ids=_column_values(records, "id_number"),
    )
    clusters = apply_constraints(_cluster_map(clustered), rules, edges)
    review = _review_pairs(scored, clusters, link_probability)
    pairs = int(scored.query_sql("SELECT count(*) AS n FROM {this}").as_dict()["n"][0])
    return LinkResult(
        clusters=clusters, review=review, pairs=pairs, linker=linker, edges=edges, scored=scored
    )


def _cluster_map(clustered: Any) -> dict[int, int]:
    """unique_id -> the smallest unique_id of its cluster (stable across engines)."""
    columns = clustered.query_sql(
        "SELECT unique_id, min(unique_id) OVER (PARTITION BY cluster_id) AS cluster FROM {this}"
    ).as_dict()
    return dict(zip(map(int, columns["unique_id"]), map(int, columns["cluster"]), strict=True))


@dataclass(frozen=True)
class Constraints:
    """What clustering must obey besides the scores.

    `exclusive`: a key per record (a valid ID, an index person); no cluster holds two keys
    that conflict. `sexes`: no cluster holds both a record saying M and one saying F (twins of
    either sex often have names that sound alike: 宇/妤). `births`: no cluster holds birth
    dates more than one slip apart (a father and son of one name, joined through a record
    without a birth date). `cannot`: pairs a person said are
    different people. `must`: pairs a person said are one.
    """

    exclusive: dict[int, str] = field(default_factory=dict)
    cannot: set[tuple[int, int]] = field(default_factory=set)
    must: list[tuple[int, int]] = field(default_factory=list)
    sexes: dict[int, str] = field(default_factory=dict)
    births: dict[int, dt.date] = field(default_factory=dict)
    ids: dict[int, str] = field(default_factory=dict)  # as written, valid or not


def one_slip(a: str, b: str) -> bool:
    """One digit typed wrong, or two neighbours swapped. Taiwan's check digit misses some of
    these (weights 2, 4, 5, 6 and 8 let some changes through; the last two digits both weigh
    1), so two valid IDs this close are far likelier one person than two."""
    if len(a) != len(b):
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(diff) != 2:
        return len(diff) == 1
    i, j = diff
    return j == i + 1 and a[i] == b[j] and a[j] == b[i]


def keys_conflict(a: str, b: str) -> bool:
    if a == b:
        return False
    if a.startswith("id:") and b.startswith("id:"):
        return not one_slip(a[3:], b[3:])
    return True


def births_conflict(a: dt.date, b: dt.date) -> bool:
    """More than the slips records make: day and month swapped, one of year, month and day
    different, or a few days off (a day off across a month's end changes two fields)."""
    same = (a.year == b.year) + (a.month == b.month) + (a.day == b.day)
    swapped = a.year == b.year and a.month == b.day and a.day == b.month
    return same < 2 and not swapped and abs((a - b).days) > 7


def births_agree(days: set[dt.date]) -> bool:
    """One person's records may each slip once from the true birth date: some date of theirs
    is within one slip of all the others."""
    return len(days) < 2 or any(
        all(not births_conflict(center, day) for day in days) for center in days
    )


def _births(records: pa.Table) -> dict[int, dt.date]:
    return _column_values(records, "birth_date")


def _column_values(records: pa.Table, column: str) -> dict[int, Any]:
    """unique_id -> the column's value, for the records that have one."""
    return {
        uid: value
        for uid, value in zip(
            records.column("unique_id").to_pylist(), records.column(column).to_pylist(), strict=True
        )
        if value is not None and value != ""
    }


def _sexes(records: pa.Table) -> dict[int, str]:
    return _column_values(records, "sex")


def valid_id_keys(records: pa.Table) -> dict[int, str]:
    return {
        uid: f"id:{number}"
        for uid, number, valid in zip(
            records.column("unique_id").to_pylist(),
            records.column("id_number").to_pylist(),
            records.column("id_valid").to_pylist(),
            strict=True,
        )
        if valid
    }


class _Components:
    """Union-find that refuses a union breaking a constraint."""

    def __init__(self, nodes: list[int], constraints: Constraints) -> None:
        self.parent = {u: u for u in nodes}
        self.keys = {
            u: {constraints.exclusive[u]} if u in constraints.exclusive else set() for u in nodes
        }
        self.members = {u: {u} for u in nodes}
        self.sexes = {u: {constraints.sexes[u]} if u in constraints.sexes else set() for u in nodes}
        self.births = {
            u: {constraints.births[u]} if u in constraints.births else set() for u in nodes
        }
        self.ids = {u: {constraints.ids[u]} if u in constraints.ids else set() for u in nodes}
        self.cannot: dict[int, set[int]] = {u: set() for u in nodes}
        for a, b in constraints.cannot:
            if a in self.parent and b in self.parent:
                self.cannot[a].add(b)
                self.cannot[b].add(a)

    def root(self, u: int) -> int:
        while self.parent[u] != u:
            self.parent[u] = self.parent[self.parent[u]]
            u = self.parent[u]
        return u

    def join(self, u: int, v: int) -> bool:
        a, b = self.root(u), self.root(v)
        if a == b:
            return True
        if any(keys_conflict(x, y) for x in self.keys[a] for y in self.keys[b]):
            return False
        if self.cannot[a] & self.members[b] or len(self.sexes[a] | self.sexes[b]) > 1:
            return False
        if not (births_agree(self.births[a] | self.births[b]) or self.ids[a] & self.ids[b]):
            return False
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a] |= self.members.pop(b)
        self.keys[a] |= self.keys.pop(b)
        self.sexes[a] |= self.sexes.pop(b)
        self.births[a] |= self.births.pop(b)
        self.ids[a] |= self.ids.pop(b)
        self.cannot[a] |= self.cannot.pop(b)
        return True


def apply_constraints(
    clusters: dict[int, int], constraints: Constraints, edges: Any
) -> dict[int, int]:
    """Join what people joined; rebuild any cluster that breaks a constraint from its strongest
    links, refusing each link that would break one (a chain through records without an ID can
    otherwise join two people with different valid IDs)."""
    group_of = dict(clusters)
    if constraints.must:
        merged = _Components(sorted(set(clusters.values())), Constraints())
        for a, b in constraints.must:
            merged.join(clusters[a], clusters[b])
        group_of = {uid: merged.root(cluster) for uid, cluster in clusters.items()}
    groups: dict[int, set[int]] = {}
    for uid, group in group_of.items():
        groups.setdefault(group, set()).add(uid)
    broken = _broken_groups(groups, group_of, constraints)
    fixed = {uid: min(uids) for uids in groups.values() for uid in uids}
    if not broken:
        return fixed
    nodes = sorted(u for uids in broken for u in uids)
    parts = _Components(nodes, constraints)
    for a, b in constraints.must:
        if a in parts.parent and b in parts.parent:
            parts.join(a, b)
    listed = ",".join(map(str, nodes))
    order = "ORDER BY match_weight DESC, unique_id_l, unique_id_r"
    sql = f"SELECT unique_id_l, unique_id_r FROM {{this}} WHERE unique_id_l IN ({listed}) {order}"  # noqa: S608
    rows = edges.query_sql(sql).as_dict()
    for left, right in zip(rows["unique_id_l"], rows["unique_id_r"], strict=True):
        if int(right) in parts.parent:
            parts.join(int(left), int(right))
    for uids in parts.members.values():
        for uid in uids:
            fixed[uid] = min(uids)
    return fixed


def _broken_groups(
    groups: dict[int, set[int]], group_of: dict[int, int], constraints: Constraints
) -> list[set[int]]:
    """The groups that break a constraint. Arrow counts the distinct keys, sexes and birth
    dates of every group at once; only groups with more than one are looked at closely."""
    uids = list(group_of)
    table = pa.table(
        {
            "group": pa.array([group_of[u] for u in uids], pa.int64()),
            "key": pa.array([constraints.exclusive.get(u) for u in uids], pa.string()),
            "sex": pa.array([constraints.sexes.get(u) for u in uids], pa.string()),
            "born": pa.array([constraints.births.get(u) for u in uids], pa.date32()),
        }
    )
    counts = table.group_by("group").aggregate(
        [("key", "count_distinct"), ("sex", "count_distinct"), ("born", "count_distinct")]
    )
    roots = {group_of[a] for a, b in constraints.cannot if group_of[a] == group_of[b]}
    for group, keys, sexes, births in zip(
        counts.column("group").to_pylist(),
        counts.column("key_count_distinct").to_pylist(),
        counts.column("sex_count_distinct").to_pylist(),
        counts.column("born_count_distinct").to_pylist(),
        strict=True,
    ):
        if sexes > 1:
            roots.add(group)
            continue
        members = groups[group]
        if keys > 1:
            found = [constraints.exclusive[u] for u in members if u in constraints.exclusive]
            if any(keys_conflict(a, b) for a in found for b in found):
                roots.add(group)
                continue
        if births > 1 and not births_agree(
            {constraints.births[u] for u in members if u in constraints.births}
        ):
            roots.add(group)
    return [groups[r] for r in roots]


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
