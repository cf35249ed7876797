"""A linkage run: prepared records in, clusters (one per person) and a review list out.

Splink trains its model on the run's own records (u by random sampling, m by EM, the prior from
exact ID + birth date), scores the blocked pairs and clusters them. Thresholds are set for
precision: a wrong merge shows one person's psychiatric history on another's page, a miss only
leaves two records apart until a reviewer joins them.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from splink import DuckDBAPI, Linker
from splink.clustering import cluster_pairwise_predictions_at_threshold
from splink.internals.exceptions import SplinkException

from safetynet.linkage import model
from safetynet.linkage.constraints import (
    Constraints,
    apply_constraints,
    attach_unnamed,
    keys_conflict,
    with_record_facts,
)

logger = logging.getLogger(__name__)

# Pairs at or above LINK are the same person, if AUTO_LINK_SQL also holds; every other pair at or
# above REVIEW that ended in different clusters goes to a person (the review queue), unless a
# hard constraint rules the join out: two valid IDs of the same kind far apart, or a reviewer's
# "different".
LINK_PROBABILITY = 0.99
REVIEW_PROBABILITY = 0.5
# Never merged without a person: two different valid IDs of the same kind, or names that do not
# even sound alike (siblings and twins share surname, address and often a character; a given
# name shortened to one of its characters and 冠夫姓 count as sounding alike)
# unless the ID is the same and the birth dates agree or slip once: a record may carry another
# household member's ID (a parent's on a child's form), and then neither name nor birth date
# is that person's. A Latin-script name against a Chinese one with the same ID (a new
# resident's one number under both names) links when a birth date is missing: the names cannot
# differ (but a mother's Latin name on her child's ID has another birth date). Not so a name
# with a dot (娜比·勇諾) against a Han name: both are Chinese characters, and a relative's ID
# on a form comes with the relative's name (generator 4: 高翔 / 撒命·命布 on one ID).
# IDs of different kinds (an old resident certificate and its new-format successor) are no bar.
# Eighth session: a shortened name of the other sex does not count as sounding alike — 徐承, a
# father, and 徐晨貞, his daughter, at one home with one phone (晨 chen, 承 cheng: heard alike);
# the pair pulled her hotline record away from her own cluster. Tenth session: nor does a
# Vietnamese name against its Sino-Vietnamese Chinese form of the other sex (the key leaves out
# Thị and Văn, the middle names that say the sex).
# A Latin-script name against a Chinese one (a new resident before and after taking a Chinese
# name) says nothing either way: the names cannot be compared, so they cannot tell twins apart
# either; such a pair links when the rest reaches the link probability and includes the same
# birth date and no different sex (the twin guard is for names of one script that differ). So
# does a nickname against a full name ending in its character (阿明 / 陳志明), or the given
# name alone against the full name (美華 / 林美華), that also shares the building or the phone:
# twins share a birth date, but rarely a given name's last character; strangers born on one day
# do (at 1M records some 30 records share each birth date, and the commonest last characters
# end one name in 50-70 on generator 4). With the same ID, those two forms link unless a birth
# date says otherwise (one missing, or 1 January of the other's year): a relative's ID on a
# form comes with the relative's own name, which rarely ends the holder's.
AUTO_LINK_SQL = (
    f"gamma_id_number <> {model.ID_CONFLICT_LEVEL}"
    f" AND ((gamma_name >= {model.NAME_SOUNDS_ALIKE_LEVEL}"
    f" AND NOT (gamma_name IN ({model.NAME_SHORTENED_LEVEL}, {model.NAME_VIET_LEVEL})"
    f" AND gamma_sex = {model.SEX_DIFFERENT_LEVEL}))"
    f" OR (gamma_id_number = {model.ID_EXACT_LEVEL}"
    f" AND (gamma_birth_date >= {model.BIRTH_DATE_NEAR_LEVEL}"
    f" OR (gamma_name = {model.NAME_OTHER_SCRIPT_LEVEL} AND gamma_birth_date = -1"
    " AND name_latin_l <> name_latin_r)))"
    f" OR (gamma_name = {model.NAME_OTHER_SCRIPT_LEVEL}"
    f" AND gamma_birth_date = {model.BIRTH_DATE_EXACT_LEVEL}"
    f" AND gamma_sex <> {model.SEX_DIFFERENT_LEVEL})"
    f" OR (gamma_name IN ({model.NAME_NICKNAME_LEVEL}, {model.NAME_DROPPED_SURNAME_LEVEL})"
    f" AND gamma_sex <> {model.SEX_DIFFERENT_LEVEL}"
    f" AND ((gamma_birth_date = {model.BIRTH_DATE_EXACT_LEVEL}"
    f" AND (gamma_address >= {model.ADDRESS_SAME_BUILDING_LEVEL}"
    f" OR gamma_phone >= {model.PHONE_SAME_LEVEL}))"
    f" OR (gamma_id_number = {model.ID_EXACT_LEVEL}"
    f" AND gamma_birth_date IN (-1, {model.BIRTH_DATE_YEAR_ONLY_LEVEL})))))"
)
# Twins: two three-character names with the same surname and generation character and another
# last character that does not sound alike, born the same day (李銘靜 / 李銘瑞). The auto-link rule
# holds such a pair back; clustering also keeps a third record (李銘, a shortened name that links
# to both) from joining them.
TWINS_SQL = (
    f"gamma_name < {model.NAME_SOUNDS_ALIKE_LEVEL}"
    f" AND gamma_birth_date = {model.BIRTH_DATE_EXACT_LEVEL}"
    " AND length(name_clean_l) = 3 AND length(name_clean_r) = 3"
    " AND substr(name_clean_l, 1, 2) = substr(name_clean_r, 1, 2)"
    " AND substr(name_clean_l, 3, 1) <> substr(name_clean_r, 3, 1)"
)
# A record without a name (a surname with a title, none at all) never links by itself; it may
# join the one person its strong pairs point to (constraints.attach_unnamed) where a pair says
# more than a household does: the same birth date (or a slip of it) and the same building,
# phone or ID, and nothing against. Seventh session: or, with no birth date on one side, the
# same valid ID and the same building or phone (a hotline record that took the ID: 陳先生 with
# 陳志明's ID at his home), where the record's sex (typed, or its title's) is the ID's — a
# sibling's ID on 蘇姓男童 encodes a girl, and then prepare marks the ID not valid.
ATTACH_SQL = (
    f"gamma_name IN (-1, {model.NAME_TITLED_LEVEL})"
    f" AND gamma_sex <> {model.SEX_DIFFERENT_LEVEL}"
    f" AND gamma_id_number <> {model.ID_CONFLICT_LEVEL}"
    f" AND ((gamma_birth_date >= {model.BIRTH_DATE_NEAR_LEVEL}"
    f" AND (gamma_address >= {model.ADDRESS_SAME_BUILDING_LEVEL}"
    f" OR gamma_phone >= {model.PHONE_SAME_LEVEL}"
    f" OR gamma_id_number = {model.ID_EXACT_LEVEL}))"
    f" OR (gamma_birth_date = -1 AND gamma_id_number = {model.ID_EXACT_LEVEL}"
    " AND id_valid_l AND id_valid_r"
    f" AND (gamma_address >= {model.ADDRESS_SAME_BUILDING_LEVEL}"
    f" OR gamma_phone >= {model.PHONE_SAME_LEVEL})))"
)
# The prior (how often two random records are one person) comes from the pairs with the same ID
# and birth date, divided by the share of true pairs that rule finds (its recall). That share is
# not a constant: a pair can only agree on both when both records carry both, so it is estimated
# from the file as (records with an ID)² × (records with a birth date)² × the share of such
# pairs written alike (slips and typos aside). A file with few IDs otherwise gets a prior many
# times too small, and every probability with it. Bounds keep a file with almost no IDs (or a
# very clean one) from a prior out of all proportion.
DETERMINISTIC_AGREEMENT = 0.9
MIN_DETERMINISTIC_RECALL = 0.05
MAX_DETERMINISTIC_RECALL = 0.9
# Training samples: EM converges on a million pairs and u on half a million; all pairs of 1M
# records would take minutes.
EM_MAX_PAIRS = 1e6
U_MAX_PAIRS = 5e5
# Where the training's blocked pairs hold (almost) none of a level's true pairs, EM drives its
# m to nothing: -87 bits for the same building on another floor in a file whose every record
# gives the floor, -102 for the same characters reordered at a million records. A veto no pair
# justified; a level seen in fewer than one true pair in ten thousand weighs as little as that.
M_FLOOR = 1e-4
# An ID one slip from another record's is as rare among random pairs as the same ID in the
# proportion slips bear to exact agreement among one person's records: 1 in 20 (trained m of
# 0.03-0.05 against 0.91-0.95 on every generator).
ID_SLIP_SHARE = 0.05
# A field fewer records carry is not counted (counted_u): among a few hundred phones, the few
# written twice are mostly one person's, and the count would say a phone in common is common.
COUNTED_U_MIN_RECORDS = 1000
# The least share of a counted u left once the pairs that are one person are taken out
# (unmatch_u).
MIN_UNMATCHED_SHARE = 0.1

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
    # Pairs a person must decide (see review_queue), grouped and ranked by what a decision
    # would change.
    review: pa.Table
    pairs: int  # scored pairs
    linker: Any  # the trained Splink linker, for explanations
    # The pairs that were allowed to link: their ids, probability and weight (a SplinkDataFrame;
    # scored_rows gives their evidence).
    edges: Any
    scored: Any  # every scored pair at or above the review probability (a SplinkDataFrame)
    # Pairs compared per blocking rule (a pair counts for the first rule that finds it).
    comparisons: dict[str, int] = field(default_factory=dict)


def duckdb_api(*, memory_limit: str = "4GB", threads: int = 2) -> Any:
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=con)


def deterministic_recall(records: pa.Table) -> float:
    """The share of true pairs with the same ID and birth date (see DETERMINISTIC_AGREEMENT)."""
    if records.num_rows == 0:
        return MAX_DETERMINISTIC_RECALL
    with_id = 1 - int(records.column("id_number").null_count) / records.num_rows
    with_date = 1 - int(records.column("birth_date").null_count) / records.num_rows
    recall = with_id**2 * with_date**2 * DETERMINISTIC_AGREEMENT
    return float(min(MAX_DETERMINISTIC_RECALL, max(MIN_DETERMINISTIC_RECALL, recall)))


def train(linker: Any, *, recall: float, seed: int = 42) -> None:
    linker.training.estimate_probability_two_random_records_match(
        model.DETERMINISTIC_RULES, recall=recall
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=seed)
    for rule in model.TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
        )


def trained_linker(api: Any, records: pa.Table) -> Any:
    """A linker trained on the records: the u of the levels that ask for one value counted
    (_fix_u), the rest trained (train), then no level's m below M_FLOOR, the counted u
    of the pairs that are one person taken out (unmatch_u), a Vietnamese name's reading
    no stronger than the same name (cap_viet) and the same phone in one building weighed
    given the building (condition_on_building)."""
    settings = model.settings().get_settings(api.sql_dialect.sql_dialect_str).as_dict()  # type: ignore[no-untyped-call]
    counted = counted_u(records)
    _fix_u(settings, counted)
    linker = _linker(api, records, settings)
    train(linker, recall=deterministic_recall(records))
    parameters = linker.misc.save_model_to_json()
    floored = floor_m(parameters)
    unmatched = unmatch_u(parameters, counted)
    capped = cap_viet(parameters)
    conditioned = condition_on_building(parameters, home_phone_shares(records), counted)
    changed = floored or unmatched or capped or conditioned
    return _linker_with(api, records, parameters) if changed else linker


def cap_viet(parameters: dict[str, Any]) -> bool:
    """A Vietnamese name read into Chinese says no more than one name written twice: the
    level's weight is held at the same name's (without term frequencies). Where a file has
    few new residents, the pairs its count finds are nearly all one person, the u left after
    unmatch_u is a tenth of a handful, and training may never see the level's m: the demo
    city's model gave it 18.8 bits against the same name's 14.2. True if the u changed."""
    names = {
        gamma: level for (column, gamma), level in _levels_by_gamma(parameters) if column == "name"
    }
    same, viet = names[max(names)], names[model.NAME_VIET_LEVEL]
    if not all(
        level.get(key) for level in (same, viet) for key in ("m_probability", "u_probability")
    ):
        return False  # a level without its m or u: nothing to hold it at
    factor = float(same["m_probability"]) / float(same["u_probability"])
    m, u = float(viet["m_probability"]), float(viet["u_probability"])
    if m / u <= factor:
        return False
    viet["u_probability"] = m / factor
    return True


def unmatch_u(parameters: dict[str, Any], counted: Collection[tuple[str, int]]) -> bool:
    """Take the pairs that are one person out of the counted levels' u (counted_u): u is how
    often two *different* people agree, but of all pairs of records that share a phone, a
    dwelling or a birth date, the prior times the level's m are one person, and for a level
    this rare that is no small part (generator 2 at a million records: of the same phone's
    3.3e-6, 2.6e-6). Random sampling counts them the same way; Splink takes them as few. Not
    the ID's: the prior is counted from the pairs with the same ID. At least
    MIN_UNMATCHED_SHARE of the count stays: where prior and m say nearly every such pair is
    one person, what is left is too small to trust. True if any u changed."""
    prior = float(parameters["probability_two_random_records_match"])
    wanted = {key for key in counted if key[0] != "id_number"}
    changed = False
    for key, level in _levels_by_gamma(parameters):
        if key in wanted:
            u, m = float(level["u_probability"]), float(level["m_probability"])
            level["u_probability"] = max(u - prior * m, u * MIN_UNMATCHED_SHARE)
            changed = True
    return changed


def _levels_by_gamma(settings: dict[str, Any]) -> Iterator[tuple[tuple[str, int], Any]]:
    """((comparison, gamma), level) for every level but the null one of settings or saved
    parameters; gamma counts up from the last level, as Splink numbers them."""
    for comparison in settings["comparisons"]:
        levels = [x for x in comparison["comparison_levels"] if not x.get("is_null_level")]
        for gamma, level in enumerate(reversed(levels)):
            yield (comparison["output_column_name"], gamma), level


def floor_m(parameters: dict[str, Any]) -> bool:
    """Raise every level's m to at least M_FLOOR (see there), and give it to a level training
    never saw (Splink would use a generic m by the level's position); True if any changed."""
    raised = False
    for comparison in parameters["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if not level.get("is_null_level") and (m is None or m < M_FLOOR):
                level["m_probability"] = M_FLOOR
                raised = True
    return raised


def caused_by(exc: BaseException, *kinds: type[BaseException]) -> bool:
    """Whether `exc` or anything in its chain of causes is one of `kinds`: Splink wraps the
    engine's errors (DuckDB's interrupt, its running out of memory) in its own."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kinds):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _interrupted(exc: BaseException) -> bool:
    """Whether the engine stopped because the user interrupted (Ctrl-C): that is no failed
    training to fall back from."""
    return caused_by(exc, KeyboardInterrupt, duckdb.InterruptException)


def _trained_linker(api: Any, records: pa.Table, parameters: dict[str, Any] | None) -> Any:
    # Splink warns about levels a small file never shows; the run's figures say what matters.
    if parameters is not None:
        return _linker_with(api, records, parameters)
    if records.num_rows >= MIN_TRAINING_RECORDS:
        try:
            return trained_linker(api, records)
        except (ValueError, ZeroDivisionError, SplinkException) as exc:
            if _interrupted(exc):
                raise KeyboardInterrupt from exc
            logger.warning("linkage training failed; using the default model")
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


def same_value_pairs(values: pa.Array | pa.ChunkedArray) -> float:
    """Σ c(c − 1) over the counts c of the values, nulls left out: the ordered pairs of
    records that carry one value."""
    values = values.drop_null()
    if len(values) < 2:
        return 0.0
    counts = pc.value_counts(values).field("counts").cast(pa.float64())
    return float(pc.sum(pc.multiply(counts, pc.subtract(counts, 1.0))).as_py() or 0.0)


def _value_counts(values: pa.ChunkedArray) -> dict[Any, int]:
    counts = pc.value_counts(values.drop_null())
    names, numbers = counts.field("values").to_pylist(), counts.field("counts").to_pylist()
    return dict(zip(names, numbers, strict=True))


def _cross_pairs(left: pa.ChunkedArray, right: pa.ChunkedArray) -> float:
    """Σ a·b over the values both columns carry, a and b their counts in each: the pairs of
    one record from each side that carry one value."""
    of_right = _value_counts(right)
    return float(sum(n * of_right.get(value, 0) for value, n in _value_counts(left).items()))


def same_id_u(records: pa.Table) -> float | None:
    """How often two records that both carry an ID carry the same one: Σ c(c − 1) / n(n − 1)
    over the IDs' counts c (at least one pair's worth; None with fewer than two IDs)."""
    ids = records.column("id_number")
    n: int = len(ids) - ids.null_count
    if n < 2:
        return None
    return max(same_value_pairs(ids), 1.0) / (n * (n - 1))


def _share(pairs: float, records: int) -> float | None:
    if pairs <= 0 or records < COUNTED_U_MIN_RECORDS:
        return None
    return float(pairs / (records * (records - 1)))


def counted_u(records: pa.Table) -> dict[tuple[str, int], float]:
    """The u of the levels that ask whether two records carry one value, counted in the file
    (comparison, gamma -> u): the same ID and an ID slip (ID_SLIP_SHARE of it), the same
    dwelling, the same building on another floor or none, the same phone, the same birth date,
    a Vietnamese name against its Chinese form (ordered pairs of one record of each script
    among the records with a name).
    Each is the share of ordered pairs of records, both with the field, that carry one value
    (the building's less the dwelling's: a dwelling is a building and a floor). It is what
    random sampling estimates, without its noise: half a million sampled pairs hold one
    building or one phone a handful of times (at a million records the same phone's u came
    out 8.2e-6 against 3.3e-6 counted, the same dwelling's 1.2e-5 against 6.5e-6: a bit and
    more of weight lost on every pair that shares them). Where no two records share a value,
    or fewer than COUNTED_U_MIN_RECORDS carry the field, the level is left to sampling and its
    stated starting value (model.UNSEEN_U)."""
    out: dict[tuple[str, int], float] = {}
    u = same_id_u(records)
    if u is not None:
        out["id_number", model.ID_EXACT_LEVEL] = u
        out["id_number", model.ID_SLIP_LEVEL] = u * ID_SLIP_SHARE
    no_address = pc.and_(
        pc.and_(
            pc.is_null(records.column("addr_road")), pc.is_null(records.column("addr_district"))
        ),
        pc.is_null(records.column("addr_latin")),
    )
    addressed = records.filter(pc.invert(no_address))
    dwelling = same_value_pairs(addressed.column("addr_dwelling"))
    building = same_value_pairs(addressed.column("addr_building")) - dwelling
    for gamma, pairs in (
        (model.ADDRESS_DWELLING_LEVEL, dwelling),
        (model.ADDRESS_BUILDING_LEVEL, building),
    ):
        if (share := _share(pairs, addressed.num_rows)) is not None:
            out["address", gamma] = share
    # The same phone in another building or none (in one building it is PHONE_HOME_*_LEVEL,
    # weighed given the building: condition_on_building).
    phones = records.column("phone")
    elsewhere = same_value_pairs(phones) - same_value_pairs(_home_phones(records))
    if (share := _share(elsewhere, len(phones) - phones.null_count)) is not None:
        out["phone", model.PHONE_EXACT_LEVEL] = share
    # A Vietnamese name and its Chinese form: pairs of one record of each script.
    named = records.num_rows - records.column("name_clean").null_count
    cross = 2 * _cross_pairs(records.column("name_viet_latin"), records.column("name_viet_zh"))
    if (share := _share(cross, named)) is not None:
        out["name", model.NAME_VIET_LEVEL] = share
    # Two dates of 1 January are not "the same birth date" (model._NOT_BOTH_1_JANUARY).
    dates = records.column("birth_date")
    first_of_january = pc.fill_null(
        pc.and_(pc.equal(records.column("dob_m"), 1), pc.equal(records.column("dob_d"), 1)),
        False,
    )
    pairs = same_value_pairs(pc.filter(dates, pc.invert(first_of_january)))
    if (share := _share(pairs, len(dates) - dates.null_count)) is not None:
        out["birth_date", model.BIRTH_DATE_EXACT_LEVEL] = share
    return out


def _home_phones(records: pa.Table, *, mobile: bool | None = None) -> pa.Array:
    """building|phone of each record with both (null otherwise); with `mobile`, only of the
    records whose phone is a mobile number (True) or is not (False), as model._MOBILE says."""
    phones = records.column("phone").combine_chunks()
    if mobile is not None:
        is_mobile = pc.fill_null(pc.starts_with(phones, "9"), False)
        is_mobile = pc.or_(is_mobile, pc.fill_null(pc.starts_with(phones, "09"), False))
        wanted = is_mobile if mobile else pc.invert(is_mobile)
        phones = pc.if_else(wanted, phones, pa.scalar(None, pa.string()))
    return pc.binary_join_element_wise(
        records.column("addr_building").combine_chunks(), phones, "|"
    )


def home_phone_shares(records: pa.Table) -> dict[int, float]:
    """For a mobile number and a landline apart (phone level -> share): of the ordered pairs of
    records in one building, both with a phone, the share that carry one such number
    (condition_on_building's u before the pairs that are one person are taken out). Left out
    where too few records carry both, or no two records in one building share such a number."""
    shares: dict[int, float] = {}
    both = pc.filter(records.column("addr_building"), pc.is_valid(_home_phones(records)))
    buildings = same_value_pairs(both)
    for level, mobile in ((model.PHONE_HOME_MOBILE_LEVEL, True),
                          (model.PHONE_HOME_LANDLINE_LEVEL, False)):  # fmt: skip
        pairs = same_value_pairs(_home_phones(records, mobile=mobile))
        if len(both) >= COUNTED_U_MIN_RECORDS and pairs:
            shares[level] = pairs / buildings
    return shares


def condition_on_building(
    parameters: dict[str, Any], shares: dict[int, float], counted: dict[tuple[str, int], float]
) -> bool:
    """Give the same phone in one building the m and u it has *given* the same building, which
    the address comparison has already counted. Two members of a household share a building
    and often a phone (a landline, the family's contact mobile); weighed as two independent
    rare agreements the pair had some 34 bits, enough to outweigh different names, birth dates
    and sexes (generator 6 at a million records: 35,000 of the review queue's 48,700 pairs
    were such household members, 27 % of the queue one person). For a mobile number and a
    landline apart (home_phone_shares): m, the level's trained m over the m of the same
    building (or dwelling); u, the share less the pairs that are one person, which in one
    building are no small part (the prior times the building's m over its counted u). True
    if a level changed."""
    building = sum(counted.get(("address", g), 0.0) for g in (model.ADDRESS_DWELLING_LEVEL,
                                                              model.ADDRESS_BUILDING_LEVEL))  # fmt: skip
    levels = dict(_levels_by_gamma(parameters))
    same_building = sum(
        float(levels["address", g].get("m_probability") or 0.0)
        for g in (model.ADDRESS_DWELLING_LEVEL, model.ADDRESS_BUILDING_LEVEL)
    )
    if not building or not same_building:
        return False
    prior = float(parameters["probability_two_random_records_match"])
    one_person = min(prior * same_building / building, 0.9)
    changed = False
    for gamma, share in shares.items():
        home = levels["phone", gamma]
        if not home.get("m_probability"):
            continue
        m = min(float(home["m_probability"]) / same_building, 1.0)
        u = max((share - one_person * m) / (1 - one_person), share * MIN_UNMATCHED_SHARE)
        # Never more than the share of all pairs, nor than m: where the estimates disagree (a
        # small file whose pairs in one building are nearly all one person), one phone in one
        # building says nothing beyond the building rather than counting against the pair.
        u = min(u, share, m)
        home["m_probability"], home["u_probability"] = m, u
        changed = True
    return changed


def _fix_u(settings: dict[str, Any], counted: dict[tuple[str, int], float]) -> None:
    """Fix the counted levels' u (counted_u) so that random sampling leaves them alone. For
    the ID it is more than noise: half a million sampled pairs hold two records with one ID a
    few times at 120,000 records and often never at a million, and an ID slip rarer still;
    Splink then falls back to a generic u (10 bits for the same ID, 4.5 for a slip), and the
    same ID with the same name no longer links."""
    for key, level in _levels_by_gamma(settings):
        if (u := counted.get(key)) is not None:
            level["u_probability"] = u
            level["fix_u_probability"] = True


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
    return _linker(api, records, settings)


def _linker(api: Any, records: pa.Table, settings: dict[str, Any]) -> Any:
    """Splink's linker, without its settings check: it only logs (at a level ours does not
    show) the columns a comparison names that the records lack, and takes 0.25 s a linker,
    whatever the file's size. A column the model names and prepare does not make fails in the
    engine's SQL instead, which the tests run."""
    return Linker(api.register(records), settings, log_level=logging.ERROR, validate_settings=False)


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
    comparisons = _comparisons_per_rule(linker)
    scored = linker.inference.predict(threshold_match_probability=review_probability)
    progress("cluster")
    # Only numbers we format ourselves go into these statements (Splink queries take no params).
    strong = f"match_probability >= {float(link_probability)!r} AND {AUTO_LINK_SQL}"
    # Clustering and the constraints read the ids and the weight only; copying every column of
    # the strong pairs took as long as predict (0.7 s at 120k records).
    edges = scored.query_sql(
        "SELECT unique_id_l, unique_id_r, match_probability, match_weight"  # noqa: S608
        " FROM {this} WHERE " + strong
    )
    # Splink's clustering, on the ids alone: the linker's own method joins every input column
    # back to its clusters (0.5 s at 120k records), and only the cluster of an id is read.
    clustered = cluster_pairwise_predictions_at_threshold(
        api.register(records.select(["unique_id"])),
        edges,
        api,
        "unique_id",
        threshold_match_probability=link_probability,
    )
    given = constraints or Constraints()
    rules = with_record_facts(given, records)
    # Twins stay apart in clustering; their pair still goes to a person (the review queue).
    apart = dataclasses.replace(rules, cannot=rules.cannot | _twins(scored))
    clusters = apply_constraints(
        _cluster_map(clustered),
        apart,
        edges,
        margin=math.log2(link_probability / (1 - link_probability)),
    )
    clusters = attach_unnamed(
        clusters, _unnamed_pairs(scored, link_probability), _unnamed(records), apart
    )
    index = {uid for uid, key in given.exclusive.items() if key.startswith("p:")}
    review = review_queue(_across_clusters(api, scored, clusters), clusters, rules, index=index)
    pairs = int(scored.query_sql("SELECT count(*) AS n FROM {this}").as_dict()["n"][0])
    return LinkResult(
        clusters=clusters, review=review, pairs=pairs, linker=linker, edges=edges, scored=scored,
        comparisons=comparisons,
    )  # fmt: skip


def scored_rows(result: LinkResult, pairs: Iterable[tuple[int, int]]) -> list[dict[str, Any]]:
    """The scored rows (every level and weight, for explain) of these pairs (unique_id_l,
    unique_id_r as scored); the engine picks them out."""
    wanted = sorted(set(pairs))
    if not wanted:
        return []
    table = result.linker._db_api.register(
        pa.table(
            {
                "unique_id_l": pa.array([a for a, _ in wanted], pa.int64()),
                "unique_id_r": pa.array([b for _, b in wanted], pa.int64()),
            }
        )
    ).physical_name
    sql = (
        "SELECT s.* FROM {this} AS s"  # noqa: S608 - only our own registered table's name
        f" JOIN {table} AS w ON s.unique_id_l = w.unique_id_l AND s.unique_id_r = w.unique_id_r"
    )
    rows: list[dict[str, Any]] = result.scored.query_sql(sql).as_record_list()
    return rows


def _twins(scored: Any) -> set[tuple[int, int]]:
    """Pairs that look like twins (TWINS_SQL): one cluster may not hold both."""
    rows = scored.query_sql(
        "SELECT unique_id_l, unique_id_r FROM {this} WHERE " + TWINS_SQL  # noqa: S608 - our SQL
    ).as_dict()
    return set(zip(map(int, rows["unique_id_l"]), map(int, rows["unique_id_r"]), strict=True))


def _unnamed(records: pa.Table) -> set[int]:
    """The records without a name to compare: none written, or a surname with a title."""
    ids = records.column("unique_id")
    return set(ids.filter(pc.is_null(records.column("name_clean"))).to_pylist())


def _unnamed_pairs(scored: Any, link_probability: float) -> list[tuple[int, int, bool]]:
    """The pairs at or above the link probability with a side without a name, and whether each
    may attach it (constraints.attach_unnamed)."""
    sql = (
        f"SELECT unique_id_l, unique_id_r, ({ATTACH_SQL}) AS attach FROM {{this}}"  # noqa: S608
        f" WHERE match_probability >= {float(link_probability)!r}"
        " AND (name_clean_l IS NULL OR name_clean_r IS NULL)"
    )
    rows = scored.query_sql(sql).as_dict()
    return [
        (int(a), int(b), bool(attach))
        for a, b, attach in zip(
            rows["unique_id_l"], rows["unique_id_r"], rows["attach"], strict=True
        )
    ]


def _comparisons_per_rule(linker: Any) -> dict[str, int]:
    """How many pairs each blocking rule brings (Splink's match_key: the first rule that finds
    a pair). The blocked pairs are computed once and kept for predict."""
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    counts = blocked.query_sql(
        "SELECT match_key, count(*) AS n FROM {this} GROUP BY match_key"
    ).as_dict()
    dialect = linker._db_api.sql_dialect.sql_dialect_str
    rules = [r.get_blocking_rule(dialect).blocking_rule_sql for r in model.BLOCKING_RULES]
    found = {int(k): int(n) for k, n in zip(counts["match_key"], counts["n"], strict=True)}
    out = {rule: found.get(i, 0) for i, rule in enumerate(rules)}
    logger.info("pairs compared per blocking rule: %s", list(out.values()))
    return out


def _cluster_map(clustered: Any) -> dict[int, int]:
    """unique_id -> the smallest unique_id of its cluster (stable across engines)."""
    columns = clustered.query_sql(
        "SELECT unique_id, min(unique_id) OVER (PARTITION BY cluster_id) AS cluster FROM {this}"
    ).as_dict()
    return dict(zip(map(int, columns["unique_id"]), map(int, columns["cluster"]), strict=True))


def _across_clusters(api: Any, scored: Any, clusters: dict[int, int]) -> pa.Table:
    """Scored pairs whose records ended in different clusters, whatever their probability:
    below the link probability (the grey zone) or held back, with what held them back where
    it was a rule of the pair (`auto_link_rule` false: the auto-link rule; `looks_twins`); the
    others were held back by the clusters' constraints. The engine filters them (most scored
    pairs are links inside a cluster: at 1M records, loading them all would cost gigabytes)."""
    ids = api.register(
        pa.table(
            {
                "unique_id": pa.array(list(clusters), pa.int64()),
                "cluster_id": pa.array(list(clusters.values()), pa.int64()),
            }
        )
    )
    table = ids.physical_name
    sql = (
        "SELECT s.*, (" + AUTO_LINK_SQL + ") AS auto_link_rule,"  # noqa: S608 - our own SQL
        " (" + TWINS_SQL + ") AS looks_twins FROM {this} AS s"
        f" JOIN {table} AS cl ON s.unique_id_l = cl.unique_id"
        f" JOIN {table} AS cr ON s.unique_id_r = cr.unique_id"
        " WHERE cl.cluster_id <> cr.cluster_id"
        " ORDER BY s.match_weight DESC, s.unique_id_l, s.unique_id_r"
    )
    return scored.query_sql(sql).as_pyarrow_table()


def held_back(pair: Mapping[str, Any], link_probability: float = LINK_PROBABILITY) -> str:
    """Why a queued pair at or above the link probability was not linked, as a code
    (models.HeldBack): "twins" (TWINS_SQL), "rule" (AUTO_LINK_SQL said no), "constraints" (the
    clusters' constraints, or the record was pulled two ways); "" for a grey-zone pair. Reads
    the columns `_across_clusters` adds."""
    if pair["match_probability"] < link_probability:
        return ""
    if pair.get("looks_twins"):
        return "twins"
    if not pair.get("auto_link_rule"):
        return "rule"
    return "constraints"


def review_queue(
    pairs: pa.Table,
    clusters: dict[int, int],
    constraints: Constraints,
    *,
    index: Collection[int] = (),
) -> pa.Table:
    """The pairs a person must decide, one group per two clusters a decision would join.

    A group is left out when a hard constraint would refuse the join anyway: the two clusters
    hold valid IDs of the same kind more than one slip apart, or a reviewer said a record of
    one is not a record of the other. The groups come ranked by what a decision changes: those
    touching an index person first, then by the records the join would bring together, then by
    the strongest pair's probability; within a group, strongest pair first. `index`: the rows
    that are index persons. Columns added:
    review_group (1, 2, … in that order), cluster_l, cluster_r, records_joined, index_person.
    """
    sizes = Counter(clusters.values())
    left = pairs.column("unique_id_l").to_pylist()
    right = pairs.column("unique_id_r").to_pylist()
    probability = pairs.column("match_probability").to_pylist()
    involved = {clusters[u] for u in left} | {clusters[u] for u in right}
    keys: dict[int, set[str]] = {}
    for uid, cluster in clusters.items():
        if cluster in involved and uid in constraints.exclusive:
            keys.setdefault(cluster, set()).add(constraints.exclusive[uid])
    cannot: dict[int, set[int]] = {}
    for a, b in constraints.cannot:
        if a in clusters and b in clusters:
            cannot.setdefault(clusters[a], set()).add(clusters[b])
            cannot.setdefault(clusters[b], set()).add(clusters[a])
    groups: dict[tuple[int, int], list[int]] = {}
    refused: dict[tuple[int, int], bool] = {}
    for row, (a, b) in enumerate(zip(left, right, strict=True)):
        ca, cb = sorted((clusters[a], clusters[b]))
        group = (ca, cb)
        if group not in refused:
            refused[group] = cb in cannot.get(ca, set()) or any(
                keys_conflict(x, y) for x in keys.get(ca, ()) for y in keys.get(cb, ())
            )
        if not refused[group]:
            groups.setdefault(group, []).append(row)

    indexed = {clusters[uid] for uid in index if uid in clusters}

    def index_person(cluster: int) -> bool:
        return cluster in indexed

    def impact(item: tuple[tuple[int, int], list[int]]) -> tuple[bool, int, float]:
        (ca, cb), rows = item
        return (
            index_person(ca) or index_person(cb),
            sizes[ca] + sizes[cb],
            max(probability[r] for r in rows),
        )

    ranked = sorted(groups.items(), key=impact, reverse=True)
    order = [r for _group, rows in ranked for r in rows]
    number = [n for n, (_group, rows) in enumerate(ranked, start=1) for _ in rows]
    first = [group[0] for group, rows in ranked for _ in rows]
    second = [group[1] for group, rows in ranked for _ in rows]
    joined = [sizes[a] + sizes[b] for a, b in zip(first, second, strict=True)]
    index = [index_person(a) or index_person(b) for a, b in zip(first, second, strict=True)]
    table = pairs.take(pa.array(order, type=pa.int64()))
    for name, values, type_ in (
        ("review_group", number, pa.int64()),
        ("cluster_l", first, pa.int64()),
        ("cluster_r", second, pa.int64()),
        ("records_joined", joined, pa.int64()),
        ("index_person", index, pa.bool_()),
    ):
        table = table.append_column(name, pa.array(values, type=type_))
    return table
