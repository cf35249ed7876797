"""Training on the run's own records: the levels random sampling and EM cannot estimate."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pytest

from safetynet.demo import records
from safetynet.linkage import model, pipeline, prepare
from safetynet.linkage.pipeline import (
    ID_SLIP_SHARE,
    M_FLOOR,
    MIN_UNMATCHED_SHARE,
    counted_u,
    duckdb_api,
    floor_m,
    same_id_u,
    trained_linker,
    unmatch_u,
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


def test_the_levels_that_ask_for_one_value_have_their_u_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline, "COUNTED_U_MIN_RECORDS", 2)
    text = pa.string()
    records = pa.table(
        {
            "id_number": pa.array(["A1", "A1", None, None, "B2"], text),
            # Four records with an address (the fifth has none): two in one dwelling, a third
            # in that building on another floor, a fourth elsewhere.
            "addr_road": pa.array(["r", "r", "r", "s", None], text),
            "addr_district": pa.array(["d", "d", "d", "d", None], text),
            "addr_latin": pa.array([None] * 5, text),
            "addr_dwelling": pa.array(["A|1", "A|1", "A|2", "B|1", None], text),
            "addr_building": pa.array(["A", "A", "A", "B", None], text),
            # One mobile number in the dwelling and in the other building; a landline once.
            "phone": pa.array(["0912000001", "0912000001", "0223000002", "0912000001", None], text),
            # Two on one date, two on 1 January of one year (not "the same birth date").
            "birth_date": pa.array(["2001-05-06", "2001-05-06", "1990-01-01", "1990-01-01", "1"]),
            "dob_m": pa.array([5, 5, 1, 1, 2]),
            "dob_d": pa.array([6, 6, 1, 1, 3]),
            # Four records with a name; one Vietnamese name in Latin script whose key two
            # Chinese names' readings share (NGUYEN LAN / 阮氏蘭, 阮蘭), a third reads otherwise.
            "name_clean": pa.array(["LAN NGUYEN", "阮氏蘭", "阮蘭", "陳美華", None], text),
            "name_viet_latin": pa.array(["LAN NGUYEN", None, None, None, None], text),
            "name_viet_zh": pa.array([None, "LAN NGUYEN", "LAN NGUYEN", "HOA MY TRAN", None], text),
        }
    )
    assert counted_u(records) == pytest.approx(
        {
            ("id_number", model.ID_EXACT_LEVEL): 2 / 6,
            ("id_number", model.ID_SLIP_LEVEL): 2 / 6 * ID_SLIP_SHARE,
            ("address", model.ADDRESS_DWELLING_LEVEL): 2 / 12,
            ("address", model.ADDRESS_BUILDING_LEVEL): (6 - 2) / 12,
            # Three records share the mobile (6 ordered pairs), two of them in one building
            # (PHONE_HOME_MOBILE_LEVEL's): 4 of the 4 · 3 pairs of records with a phone.
            ("phone", model.PHONE_EXACT_LEVEL): 4 / 12,
            ("birth_date", model.BIRTH_DATE_EXACT_LEVEL): 2 / 20,
            ("name", model.NAME_VIET_LEVEL): 4 / 12,  # a record of each script, both orders
        }
    )
    # In one building: of the 6 ordered pairs of the four records with a building and a phone
    # (three in one building), 2 share the mobile; no two share a landline (left to training).
    assert pipeline.home_phone_shares(records) == {model.PHONE_HOME_MOBILE_LEVEL: 2 / 6}
    # A field too few records carry is left to sampling (a few phones in common are mostly
    # one person's).
    monkeypatch.setattr(pipeline, "COUNTED_U_MIN_RECORDS", 5)
    assert pipeline.home_phone_shares(records) == {}
    assert set(counted_u(records)) == {
        ("id_number", model.ID_EXACT_LEVEL),
        ("id_number", model.ID_SLIP_LEVEL),
        ("birth_date", model.BIRTH_DATE_EXACT_LEVEL),
    }


def test_counted_levels_keep_their_u_through_training(table: pa.Table) -> None:
    """Random sampling would replace the counts with its noise: it sees the same ID a few
    times in 500,000 pairs at 120,000 records (never, at a million) and then Splink's generic
    10 bits; at a million records the same phone's u came out 8.2e-6 against 3.3e-6 counted.
    Once trained, the pairs that are one person leave the counts (but the ID's)."""
    linker = trained_linker(duckdb_api(), table)
    prior = linker._settings_obj._probability_two_random_records_match
    labels = {}
    for (column, gamma), counted in counted_u(table).items():
        levels = _levels(linker, column)
        level = levels[len(levels) - 1 - gamma]  # gamma counts up from the last level
        u = counted
        if column != "id_number":
            u = max(counted - prior * level.m_probability, counted * MIN_UNMATCHED_SHARE)
        assert level.u_probability == pytest.approx(u), level.label_for_charts
        labels[column, level.label_for_charts] = u < counted
    assert labels == {
        ("id_number", "身分證號相同"): False,
        ("id_number", "身分證號差一兩碼（誤植）"): False,
        ("address", "同一戶（門牌與樓層相同）"): True,
        ("address", "同一門牌"): True,
        ("phone", "電話相同"): True,
        ("birth_date", "出生日期相同"): True,
    }


def test_unmatch_u_takes_the_prior_times_m_out_down_to_a_share_of_the_count() -> None:
    def level(m: float, u: float) -> dict[str, Any]:
        return {"m_probability": m, "u_probability": u}

    parameters: dict[str, Any] = {
        "probability_two_random_records_match": 1e-6,
        "comparisons": [
            {"output_column_name": "id_number", "comparison_levels": [level(0.9, 2e-6)]},
            {
                "output_column_name": "phone",
                "comparison_levels": [
                    {"is_null_level": True},
                    level(0.8, 3e-6),  # gamma 2
                    level(0.9, 1e-6),  # gamma 1: not counted
                    level(0.1, 0.9),
                ],
            },
            {
                "output_column_name": "address",
                "comparison_levels": [level(0.9, 1e-6), level(0.1, 0.9)],
            },
        ],
    }
    counted = {("id_number", 0), ("phone", 2), ("address", 1)}
    assert unmatch_u(parameters, counted)
    (ids,), phone, address = (c["comparison_levels"] for c in parameters["comparisons"])
    assert ids["u_probability"] == 2e-6  # the prior is counted from the same IDs
    assert phone[1]["u_probability"] == pytest.approx(3e-6 - 0.8e-6)
    assert phone[2]["u_probability"] == 1e-6
    assert address[0]["u_probability"] == pytest.approx(1e-6 * MIN_UNMATCHED_SHARE)
    assert address[1]["u_probability"] == 0.9


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
    levels = _levels(trained_linker(duckdb_api(), sparse), "phone")
    same_phone = levels[len(levels) - 1 - model.PHONE_EXACT_LEVEL]
    assert same_phone.label_for_charts == "電話相同"
    assert same_phone.u_probability == model.UNSEEN_U


def test_a_vietnamese_names_reading_weighs_no_more_than_the_same_name() -> None:
    """The demo city's few new residents gave the reading's level 18.8 bits (its count nearly
    all one person, m never trained) against the same name's 14.2: held at the same name's."""
    settings = model.settings().get_settings("duckdb").as_dict()  # type: ignore[no-untyped-call]
    (names,) = (c for c in settings["comparisons"] if c["output_column_name"] == "name")
    levels = [x for x in names["comparison_levels"] if not x.get("is_null_level")]
    same, viet = levels[0], levels[-1 - model.NAME_VIET_LEVEL]
    assert viet["label_for_charts"] == model.VIET_LABEL
    same.update(m_probability=0.9, u_probability=9e-5)  # 2^13.3
    viet.update(m_probability=0.005, u_probability=1e-8)
    assert pipeline.cap_viet(settings)
    assert viet["m_probability"] / viet["u_probability"] == pytest.approx(0.9 / 9e-5)
    viet.update(u_probability=1e-5)  # weaker than the same name: left alone
    assert not pipeline.cap_viet(settings)
    assert viet["u_probability"] == 1e-5
    viet.update(u_probability=None)  # never estimated: nothing to hold
    assert not pipeline.cap_viet(settings)


def test_where_a_record_comes_from_is_weighed_in_the_platforms_runs() -> None:
    """The platform links the index (each person of the city once) with the lists, whose records
    are people of the city. Training weighs that: two index persons far apart, a list record
    and an index person closer than two records drawn from the whole file (the demo city lost 27
    of 3,000 list records with a name and a birth date alone to one prior for the whole file;
    this small file links such a record either way); without the index the comparison is null."""
    generator = records.RecordGenerator(seed=12)
    people = generator.people(5000)
    lists = list(generator.records(1500, people=people))
    index = [
        {"source_system": prepare.INDEX_SYSTEM, "source_id": str(t.person.key),
         "name": t.person.name, "national_id": t.person.id_number,
         "birth_date": t.person.birth_date.isoformat(), "sex": t.person.sex}
        for t in people
    ]  # fmt: skip
    ours = people[7].person
    hotline = {"source_system": "hotline", "source_id": "H1", "name": ours.name,
               "birth_date": ours.birth_date.isoformat()}  # fmt: skip
    table = prepare_records(columns_of([*index, *lists, hotline]))
    assert set(table.column("record_kind").to_pylist()) == {"index", "list"}
    assert prepare_records(columns_of(lists)).column("record_kind").null_count == len(lists)
    linker = trained_linker(duckdb_api(), table)
    both_index, index_and_list, both_lists = (
        math.log2(level.m_probability / level.u_probability)
        for level in _levels(linker, "record_kind")
    )
    assert both_index < -5 and index_and_list > 1 and both_lists > index_and_list
    result = pipeline.run_link(table, parameters=linker.misc.save_model_to_json())
    hotline_row, ours_row = table.num_rows - 1, 7
    assert result.clusters[hotline_row] == result.clusters[ours_row]


@pytest.mark.parametrize(
    ("column", "level", "label"),
    [
        ("id_number", model.ID_EXACT_LEVEL, "身分證號相同"),
        ("id_number", model.ID_SLIP_LEVEL, "身分證號差一兩碼（誤植）"),
        ("id_number", model.ID_CONFLICT_LEVEL, "兩個不同的有效身分證號"),
        ("name", model.NAME_VIET_LEVEL, model.VIET_LABEL),
        ("name", model.NAME_SHORTENED_LEVEL, "名字簡寫（三字→二字）"),
        ("name", model.NAME_SOUNDS_ALIKE_LEVEL, "名字簡寫（三字→二字）"),
        ("name", model.NAME_DROPPED_SURNAME_LEVEL, "略去姓氏（只寫名字）"),
        ("name", model.NAME_NICKNAME_LEVEL, "暱稱（阿明、小明、明明）與名字末字相同"),
        ("name", model.NAME_TITLED_LEVEL, "僅有姓氏與稱謂（如 陳小姐、陳○○），姓氏相同"),
        ("name", model.NAME_OTHER_SCRIPT_LEVEL, "外文姓名或音譯名（如 娜比·勇諾）與中文姓名"),
        ("birth_date", model.BIRTH_DATE_EXACT_LEVEL, "出生日期相同"),
        ("birth_date", model.BIRTH_DATE_NEAR_LEVEL, "出生日期差一點（年或月差一、日差一兩天）"),
        ("birth_date", model.BIRTH_DATE_ONE_FIELD_LEVEL, "出生日期年月日有一項不同"),
        ("birth_date", model.BIRTH_DATE_YEAR_ONLY_LEVEL, "出生日期一方僅知年份（1月1日，或依年齡推算）"),
        ("birth_date", model.BIRTH_DATE_GUESSED_YEAR_LEVEL, "出生日期一方為1月1日，年份相差三年內（依估計年齡推算）"),
        ("birth_date", model.BIRTH_DATE_GUESSED_FAR_LEVEL, "出生日期一方為1月1日，年份相差十年內（依估計年齡推算）"),
        ("sex", model.SEX_DIFFERENT_LEVEL, "性別不同"),
        ("address", model.ADDRESS_SAME_BUILDING_LEVEL, "同一門牌（中英文地址對照）"),
        ("phone", model.PHONE_SAME_LEVEL, "電話末八碼相同"),
        ("phone", model.PHONE_EXACT_LEVEL, "電話相同"),
        ("phone", model.PHONE_HOME_LANDLINE_LEVEL, model.PHONE_HOME_LANDLINE_LABEL),
        ("phone", model.PHONE_HOME_MOBILE_LEVEL, model.PHONE_HOME_MOBILE_LABEL),
        ("address", model.ADDRESS_DWELLING_LEVEL, "同一戶（門牌與樓層相同）"),
        ("address", model.ADDRESS_BUILDING_LEVEL, "同一門牌"),
    ],
)  # fmt: skip
def test_each_level_number_the_rules_use_is_the_level_it_names(
    column: str, level: int, label: str
) -> None:
    """The auto-link rules name levels by number (Splink counts them from the ElseLevel up): a
    level added to a comparison moves the numbers of those above it, and a rule reading a
    stale number reads another level (a birth date level added in the fifteenth session made
    "the same birth date" the day-month swap, and recall fell by half a point)."""
    settings = model.settings().get_settings("duckdb").as_dict()  # type: ignore[no-untyped-call]
    (found,) = (c for c in settings["comparisons"] if c["output_column_name"] == column)
    levels = [x for x in found["comparison_levels"] if not x.get("is_null_level")]
    assert levels[-1 - level]["label_for_charts"] == label


def test_the_same_phone_in_one_building_weighs_what_it_adds_to_the_building() -> None:
    """Two members of a household share a building and often a phone: the phone's level in
    one building gets its m and u given the same building, so that a household's address
    and phone are not two rare agreements (some 34 bits at a million records, more than
    different names, birth dates and sexes take away)."""

    def level(m: float, u: float) -> dict[str, Any]:
        return {"m_probability": m, "u_probability": u}

    def parameters() -> dict[str, Any]:
        return {
            "probability_two_random_records_match": 1e-5,
            "comparisons": [
                {
                    "output_column_name": "address",  # gamma 7 … 0 from the top
                    "comparison_levels": [level(0.6, 3e-5), level(0.2, 1e-5)]
                    + [level(0.01, 0.1)] * 5
                    + [level(0.15, 0.5)],
                },
                {
                    "output_column_name": "phone",
                    "comparison_levels": [
                        {"is_null_level": True},
                        level(0.4, 1e-7),  # gamma 4: a mobile in one building
                        level(0.08, 1e-7),  # gamma 3: a landline in one building
                        level(0.1, 3e-6),
                        level(0.01, 1e-6),
                        level(0.41, 1.0),
                    ],
                },
            ],
        }

    counted = {("address", model.ADDRESS_DWELLING_LEVEL): 3e-5,
               ("address", model.ADDRESS_BUILDING_LEVEL): 1e-5}  # fmt: skip
    shares = {model.PHONE_HOME_MOBILE_LEVEL: 0.3, model.PHONE_HOME_LANDLINE_LEVEL: 0.02}
    got = parameters()
    assert pipeline.condition_on_building(got, shares, counted)
    phone = got["comparisons"][1]["comparison_levels"]
    # Of the pairs in one building, the prior times the building's m over its u are one
    # person: 1e-5 · 0.8 / 4e-5 = 0.2.
    mobile_m, landline_m = 0.4 / 0.8, 0.08 / 0.8
    assert phone[1] == {"m_probability": pytest.approx(mobile_m),
                        "u_probability": pytest.approx((0.3 - 0.2 * mobile_m) / 0.8)}  # fmt: skip
    # Where the pairs that are one person would take out more than the count, a tenth stays.
    assert phone[2] == {"m_probability": pytest.approx(landline_m),
                        "u_probability": pytest.approx(0.02 * MIN_UNMATCHED_SHARE)}  # fmt: skip
    assert phone[3] == level(0.1, 3e-6)  # another building or none: as trained
    # Where the estimates disagree (nearly every pair in one building one person, EM's m below
    # the share), one phone in one building says nothing beyond it: never a weight against.
    odd = parameters()
    odd["probability_two_random_records_match"] = 1e-3
    assert pipeline.condition_on_building(odd, {model.PHONE_HOME_MOBILE_LEVEL: 0.8}, counted)
    mobile = odd["comparisons"][1]["comparison_levels"][1]
    assert mobile["u_probability"] == pytest.approx(mobile["m_probability"])
    # A mobile weighs about 1.6 bits in one building, where it weighed 22 as trained.
    assert math.log2(phone[1]["m_probability"] / phone[1]["u_probability"]) < 2
    # Without the counts of one building (too few records), nothing is changed.
    untouched = parameters()
    assert not pipeline.condition_on_building(untouched, {}, counted)
    assert not pipeline.condition_on_building(untouched, shares, {})
    assert untouched == parameters()


def test_training_gives_the_phone_in_one_building_its_weight_given_the_building(
    table: pa.Table,
) -> None:
    linker = trained_linker(duckdb_api(), table)
    levels = _levels(linker, "phone")
    mobile = levels[len(levels) - 1 - model.PHONE_HOME_MOBILE_LEVEL]
    assert mobile.label_for_charts == model.PHONE_HOME_MOBILE_LABEL
    share = pipeline.home_phone_shares(table)[model.PHONE_HOME_MOBILE_LEVEL]
    assert mobile.u_probability >= share * MIN_UNMATCHED_SHARE
    assert math.log2(mobile.m_probability / mobile.u_probability) < 8
