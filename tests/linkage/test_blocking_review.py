"""Blocking that reaches records with little to go on, and a review queue that holds every pair
the auto-link rule held back (issue 12)."""

from __future__ import annotations

import logging
from typing import Any

import pyarrow as pa
from hypothesis import assume, given
from hypothesis import strategies as st
from splink import Linker

from safetynet.linkage import model
from safetynet.linkage.constraints import Constraints, with_record_facts
from safetynet.linkage.names import _readings, name_keys
from safetynet.linkage.pipeline import (
    LINK_PROBABILITY,
    duckdb_api,
    held_back,
    review_queue,
    run_link,
)
from safetynet.linkage.prepare import columns_of, prepare_records
from tests.conftest import national_id

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
GIVEN = "怡宜儀君均鈞俊志明銘文雯國建偉瑋家佳嘉豪浩宏鴻承丞冠宇雨淑美惠慧玲琳婷庭芳雅佩珮"


def _sound(char: str) -> str:
    return _readings(char)[0][1]


HOMOPHONE_PAIRS = [(a, b) for a in GIVEN for b in GIVEN if a != b and _sound(a) == _sound(b)]


@given(st.sampled_from(SURNAMES), st.sampled_from(GIVEN), st.sampled_from(GIVEN))
def test_a_given_name_shortened_to_either_character_shares_a_short_key(
    surname: str, first: str, second: str
) -> None:
    assume(first != second)
    full = set(name_keys(surname + first + second).short)
    assert full & set(name_keys(surname + first).short)
    assert full & set(name_keys(surname + second).short)


@given(st.sampled_from(SURNAMES), st.sampled_from(HOMOPHONE_PAIRS), st.sampled_from(GIVEN))
def test_a_homophone_shares_the_toneless_key_and_shortened_it_still_shares_a_short_key(
    surname: str, homophones: tuple[str, str], other: str
) -> None:
    heard, written = homophones
    full, misheard = name_keys(surname + other + heard), name_keys(surname + other + written)
    assert full.pinyin[0] == misheard.pinyin[0]  # name_py_key, blocked with the birth year
    assert full.fuzzy[0] == misheard.fuzzy[0]  # name_fuzzy_key, blocked with road or district
    assert set(full.short) & set(name_keys(surname + written).short)


@given(st.sampled_from(GIVEN), st.sampled_from(GIVEN), st.sampled_from(["黃王", "胡吳", "傅胡"]))
def test_hu_is_heard_as_w_and_f_as_h_in_the_fuzzy_key(first: str, second: str, heard: str) -> None:
    """黃王不分: huang / wang, hu / wu (and fu, f being heard as h) sound alike in Taiwan. In the
    whole name's fuzzy sound only: two-character short keys that merge more collide more."""
    one, other = name_keys(heard[0] + first + second), name_keys(heard[1] + first + second)
    assert one.fuzzy[0] == other.fuzzy[0]
    assert name_keys("陳" + first + second).fuzzy[0] != one.fuzzy[0]
    if heard != "傅胡":
        assert not set(one.short) & set(other.short)


def _blocked_pairs(rows: list[dict[str, str]]) -> set[tuple[int, int]]:
    table = prepare_records(columns_of(rows))
    linker = Linker(duckdb_api().register(table), model.settings(), log_level=logging.ERROR)
    pairs = linker.inference.deterministic_link().as_pyarrow_table()  # type: ignore[no-untyped-call]
    return set(
        zip(
            pairs.column("unique_id_l").to_pylist(),
            pairs.column("unique_id_r").to_pylist(),
            strict=True,
        )
    )


def _record(name: str, number: str = "", born: str = "", **other: str) -> dict[str, str]:
    return {"source_system": "s", "source_id": name, "name": name, "national_id": number,
            "birth_date": born, **other}  # fmt: skip


def test_blocking_reaches_pairs_with_no_id_on_one_side_and_no_birth_date_on_the_other() -> None:
    number = national_id("A", "2", 1234567)
    slipped = number[:7] + str((int(number[7]) + 1) % 10) + number[8:]
    rows = [
        # The same name, ID missing on one side and the birth date on the other.
        _record("陳怡君", number, "1990-05-06", sex="F"),
        _record("陳怡君", "", "", sex="F"),
        # A three-character name shortened to two, no ID on one side, no birth date on the
        # other, the same building.
        _record("林志明", national_id("B", "1", 7654321), "", address="中山路12號3樓"),
        _record("林明", "", "1980-01-01", address="中山路12號5樓"),
        # A homophone of the given name, the same birth year, nothing else.
        _record("王宜婷", "", "1975-03-02"),
        _record("王怡婷", "", "1975-11-30"),
        # An ID slip with the birth date missing on one side.
        _record("張家豪", number, "1970-07-07"),
        _record("張家浩", slipped, ""),
        # A slip in the ID's last digits and the day of birth, under a Latin-script name and
        # the Chinese name (nothing else in common); the same ID start in another month is not
        # compared.
        _record("NGUYEN THI MAI", number, "1988-02-03"),
        _record("阮氏梅", slipped, "1988-02-13"),
        _record("黃美玲", number[:5] + "00000", "1988-09-03"),
        # A Latin-script name at an English address, the Chinese name at the Chinese address,
        # the same birth date, no ID.
        _record("NGUYEN THI LAN", "", "1985-03-04",
                address="5F., No. 100, Songren Rd., Xinyi Dist., Taipei City"),
        _record("阮氏蘭", "", "1985/03/04", address="信義區松仁路100號5樓"),
        # A Latin-script name with a slip in one word (which word is the surname, the order
        # does not say), the same birth date, nothing else.
        _record("BUI THI LAN", "", "1979-11-02"),
        _record("BIU THI LAN", "", "1979-11-02"),
        # A Vietnamese name in Latin script with nothing else (a hotline record), its
        # Sino-Vietnamese Chinese form with an ID and a birth date; another name is not compared.
        _record("Pham Mai", "", ""),
        _record("范氏梅", national_id("A", "2", 2345678), "1984-06-07"),
        _record("PHAM THI HOA", "", ""),
    ]  # fmt: skip
    blocked = _blocked_pairs(rows)
    assert {(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (11, 12), (13, 14), (15, 16)} <= blocked
    assert not {(8, 10), (9, 10), (16, 17)} & blocked


VIET_SURNAMES = [("NGUYEN", "Nguyễn", "阮"), ("TRAN", "Trần", "陳"), ("LE", "Lê", "黎"),
                 ("PHAM", "Phạm", "范"), ("HOANG", "Hoàng", "黃"), ("HUYNH", "Huỳnh", "黃"),
                 ("VU", "Vũ", "武"), ("VO", "Võ", "武"), ("DANG", "Đặng", "鄧")]  # fmt: skip
VIET_GIVEN = [("LAN", "Lan", "蘭"), ("MAI", "Mai", "梅"), ("THU", "Thu", "秋"),
              ("HUONG", "Hương", "香"), ("HUNG", "Hùng", "雄"), ("VAN", "Vân", "雲")]  # fmt: skip


@given(
    st.sampled_from(VIET_SURNAMES),
    st.sampled_from([("THI", "Thị", "氏"), ("VAN", "Văn", "文")]),
    st.sampled_from(VIET_GIVEN),
    st.permutations([0, 1, 2]),
    st.booleans(),
    st.booleans(),
    st.sampled_from([str.upper, str.lower, str.title]),
    st.booleans(),
)
def test_a_vietnamese_name_in_any_latin_form_shares_a_key_with_its_chinese_form(
    surname: tuple[str, str, str],
    middle: tuple[str, str, str],
    given_name: tuple[str, str, str],
    order: list[int],
    diacritics: bool,
    middle_dropped: bool,
    case: Any,
    short_chinese: bool,
) -> None:
    """NGUYEN THI LAN, lan nguyen, Nguyễn Thị Lan, Huỳnh for Hoàng / 阮氏蘭 or 阮蘭: a new resident
    before and after taking the Chinese name. Another given name does not share it."""
    words = [part[1 if diacritics else 0] for part in (surname, middle, given_name)]
    latin = [words[i] for i in order if not (middle_dropped and i == 1)]
    chinese = surname[2] + ("" if short_chinese else middle[2]) + given_name[2]
    key = name_keys(case(" ".join(latin))).viet
    assert key and key == name_keys(chinese).viet
    other = next(g for g in VIET_GIVEN if g[0] not in (given_name[0], middle[0]))
    assert name_keys(surname[2] + middle[2] + other[2]).viet != key


def test_a_vietnamese_name_links_with_its_chinese_form_unless_the_sexes_differ() -> None:
    """A hotline record with the Latin-script name alone and the phone: the same woman's
    record under her Chinese name links (before, the two names could not be compared and the
    pair needed a birth date). The same with a man's record does not: it waits for a person."""
    phone = {"phone": "0912345678"}
    rows = [
        _record("阮氏蘭", national_id("A", "2", 3456789), "1986-05-04", sex="F", **phone),
        _record("Nguyen Lan", "", "", sex="F", **phone),
        _record("NGUYEN VAN LAN", "", "", sex="M", **phone),
    ]
    assert len({name_keys(row["name"]).viet for row in rows}) == 1
    result = run_link(prepare_records(columns_of(rows)))
    assert result.clusters[0] == result.clusters[1] != result.clusters[2]
    queued = {(p["unique_id_l"], p["unique_id_r"]) for p in result.review.to_pylist()}
    assert (0, 2) in queued


def test_a_birth_date_slipped_by_one_is_blocked_and_scored_apart_from_another_date() -> None:
    """A day's slip across a month's end and a year's slip are "slightly off" (and a year's slip
    is compared at all: the name with the month and day); a father and a son of one name born
    on the same day decades apart only share two fields."""
    rows = [
        _record("陳怡君", "", "1990-01-31", sex="F"),
        _record("陳怡君", "", "1990-02-01", sex="F"),
        _record("林志明", "", "1980-05-06", sex="M"),
        _record("林志鳴", "", "1981-05-06", sex="M"),
        _record("王小明", "", "1950-07-08", sex="M"),
        _record("王小明", "", "1975-07-08", sex="M"),
    ]
    assert {(0, 1), (2, 3), (4, 5)} <= _blocked_pairs(rows)
    result = run_link(prepare_records(columns_of(rows)))
    scored = result.linker.inference.predict().as_pyarrow_table()
    levels = {
        (left, right): gamma
        for left, right, gamma in zip(
            scored.column("unique_id_l").to_pylist(),
            scored.column("unique_id_r").to_pylist(),
            scored.column("gamma_birth_date").to_pylist(),
            strict=True,
        )
    }
    assert levels[(0, 1)] == levels[(2, 3)] == model.BIRTH_DATE_NEAR_LEVEL
    assert levels[(4, 5)] == model.BIRTH_DATE_ONE_FIELD_LEVEL


def _new_resident(
    born_latin: str, born_chinese: str, names: tuple[str, str] = ("SITI AMINAH", "蘇美娟")
) -> list[dict[str, str]]:
    """A new resident: a Latin-script name with an old resident certificate, later a Chinese
    name with the new-format number; the same home and phone. By default an Indonesian name
    and a Chinese one that is not its reading: the two cannot be compared."""
    from safetynet.core.twid import IdNumberKind, id_number_kind

    old, new = "AD01234569", national_id("A", "9", 1234567)  # a woman: D and 9
    assert id_number_kind(old) is IdNumberKind.RESIDENT_OLD
    return [
        _record(names[0], old, born_latin, sex="F",
                address="臺北市信義區松仁路100巷5號4樓", phone="0912345678"),
        _record(names[1], new, born_chinese, sex="F",
                address="信義區松仁路100巷5號4樓", phone="0912-345-678"),
        _record("王小明", national_id("C", "1", 1111111), "1970-01-01", sex="M"),
    ]  # fmt: skip


def test_a_latin_and_a_chinese_name_with_the_same_birth_date_link_when_the_rest_is_strong() -> None:
    """Names in two scripts cannot be compared: the same birth date and the rest carry it."""
    result = run_link(prepare_records(columns_of(_new_resident("1988-02-03", "1988-02-03"))))
    assert result.clusters[0] == result.clusters[1]
    assert result.clusters[2] != result.clusters[0]


def test_a_traditional_name_and_a_han_name_link_on_the_same_birth_date_not_on_an_id_alone() -> None:
    """娜比·勇諾 (a name with a dot: an Indigenous traditional name) and 潘語晴 cannot be compared,
    as a Latin-script and a Chinese name cannot: the same birth date, home and phone link them.
    The same ID without a birth date does not: a relative's ID comes with the relative's name."""
    home = {"address": "臺中市和平區東關路一段143號", "phone": "0423456789"}
    other_home = {"address": "臺中市南屯區南屯路二段191巷29號2樓", "phone": "0422223333"}
    rows = [
        _record("娜比·勇諾", "", "2000-04-20", sex="F", **home),
        _record("潘語晴", national_id("J", "2", 4614396), "089/04/20", sex="F", **home),
        # a father's ID on his son's form, at their home
        _record("撒命‧命布", national_id("A", "1", 588626), "", sex="M", **other_home),
        _record("高翔", national_id("A", "1", 588626), "2017-07-31", sex="M", **other_home),
    ]
    assert name_keys(rows[0]["name"]).dotted and not name_keys(rows[1]["name"]).dotted
    result = run_link(prepare_records(columns_of(rows)))
    assert result.clusters[0] == result.clusters[1]
    assert result.clusters[2] != result.clusters[3]
    queued = {(p["unique_id_l"], p["unique_id_r"]) for p in result.review.to_pylist()}
    assert (2, 3) in queued


def test_pairs_the_auto_link_rule_holds_back_reach_the_review_queue() -> None:
    """The same new resident with day and month swapped in one birth date: strong evidence, but
    the names do not sound alike and the birth date is not the same: held back and queued."""
    result = run_link(prepare_records(columns_of(_new_resident("1988-02-03", "1988-03-02"))))
    assert result.clusters[0] != result.clusters[1]
    queued = result.review.to_pylist()
    pair = next(p for p in queued if {p["unique_id_l"], p["unique_id_r"]} == {0, 1})
    assert pair["match_probability"] >= LINK_PROBABILITY  # held back, not grey
    assert pair["gamma_id_number"] != model.ID_CONFLICT_LEVEL  # kinds differ: no conflict
    assert held_back(pair) == "rule"  # and the queue says why


def test_why_a_pair_was_held_back_is_read_from_its_columns() -> None:
    pair = {"match_probability": 0.999, "auto_link_rule": True, "looks_twins": False}
    assert held_back(pair) == "constraints"
    assert held_back({**pair, "looks_twins": True}) == "twins"
    assert held_back({**pair, "auto_link_rule": None}) == "rule"  # SQL's unknown is a no
    assert held_back({**pair, "match_probability": 0.98}) == ""  # the grey zone


def _pairs(*rows: tuple[int, int, float]) -> pa.Table:
    left, right, probability = zip(*rows, strict=True)
    return pa.table(
        {"unique_id_l": list(left), "unique_id_r": list(right),
         "match_probability": list(probability)}
    )  # fmt: skip


def test_the_queue_leaves_out_hard_conflicts_and_ranks_groups_by_what_a_decision_changes() -> None:
    a, b = national_id("A", "1", 1234567), national_id("A", "1", 7654321)
    records = prepare_records(
        columns_of(
            [
                _record("甲", a), _record("乙", b),  # two valid IDs of one kind: never one
                _record("丙", "AC01234567"), _record("丁", national_id("D", "8", 1)),  # kinds
                _record("戊"), _record("己"), _record("庚"),  # 4, 5 and 6 form one cluster
                _record("辛"), _record("壬"),  # a reviewer said 7 and 8 are different people
                _record("癸"),
            ]
        )
    )  # fmt: skip
    clusters = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 4, 6: 4, 7: 7, 8: 8, 9: 9}
    rules = with_record_facts(Constraints(cannot={(7, 8)}, exclusive={9: "p:1"}), records)
    queue = review_queue(
        _pairs((0, 1, 0.999), (2, 3, 0.995), (3, 4, 0.7), (3, 5, 0.6), (7, 8, 0.9), (5, 9, 0.55)),
        clusters,
        rules,
        index={9},
    )
    got = list(
        zip(
            queue.column("review_group").to_pylist(),
            queue.column("unique_id_l").to_pylist(),
            queue.column("unique_id_r").to_pylist(),
            strict=True,
        )
    )
    # The index person first; then the join of four records (two pairs, one group); then two.
    assert got == [(1, 5, 9), (2, 3, 4), (2, 3, 5), (3, 2, 3)]
    assert queue.column("index_person").to_pylist() == [True, False, False, False]
    assert queue.column("records_joined").to_pylist() == [4, 4, 4, 2]


class _Edges:
    """The auto-link pairs as apply_constraints reads them (a SplinkDataFrame's query_sql)."""

    def __init__(self, links: list[tuple[int, int, float]]) -> None:
        self.links = sorted(links, key=lambda x: -x[2])

    def query_sql(self, _sql: str) -> _Edges:
        return self

    def as_dict(self) -> dict[str, list[float]]:
        return {
            "unique_id_l": [a for a, _, _ in self.links],
            "unique_id_r": [b for _, b, _ in self.links],
            "match_weight": [w for _, _, w in self.links],
        }


def test_a_record_pulled_towards_two_people_nearly_as_hard_is_left_alone() -> None:
    """陳家 (no ID, no birth date) links to both brothers 陳家豪 and 陳家瑋, whose birth dates
    keep them apart: unless one link is the link probability's odds stronger, it joins neither."""
    import datetime as dt

    from safetynet.linkage.constraints import apply_constraints

    rules = Constraints(births={0: dt.date(1990, 3, 1), 1: dt.date(1995, 6, 7)})
    together = {0: 0, 1: 0, 2: 0}  # Splink's connected components chained them
    margin = 6.6
    close = _Edges([(0, 2, 12.0), (1, 2, 11.0)])
    clusters = apply_constraints(together, rules, close, margin=margin)
    assert len({clusters[0], clusters[1], clusters[2]}) == 3
    # Without the margin, the stronger pull wins (the old behaviour) ...
    clusters = apply_constraints(together, rules, close, margin=0.0)
    assert clusters[2] == clusters[0] != clusters[1]
    # ... and with it, a pull far stronger than the other still wins.
    clusters = apply_constraints(together, rules, _Edges([(0, 2, 20.0), (1, 2, 11.0)]), margin=6.6)
    assert clusters[2] == clusters[0] != clusters[1]


def test_a_link_between_two_records_that_cannot_be_one_person_pulls_no_one() -> None:
    """余國語 (a boy, born 2020, ID) links to his bare record 余國語 (no ID, no birth date) and
    to his mother 余幗昱 (born 1991, F) by their homophone names and one home. The mother's
    link can never hold (the sexes and birth dates say two people), so it does not make the
    boy's link to his own record look uncertain: the two records stay one person."""
    import datetime as dt

    from safetynet.linkage.constraints import apply_constraints

    rules = Constraints(
        births={0: dt.date(2020, 3, 3), 2: dt.date(1991, 1, 9), 3: dt.date(1991, 1, 9)},
        sexes={0: "M", 1: "M", 2: "F", 3: "F"},
        names={0: "余國語", 1: "余國語", 2: "余幗昱", 3: "余幗昱"},
    )
    together = {0: 0, 1: 0, 2: 0, 3: 0}
    links = _Edges([(2, 3, 20.0), (0, 1, 13.3), (0, 2, 9.9)])
    clusters = apply_constraints(together, rules, links, margin=6.6)
    assert clusters[0] == clusters[1] != clusters[2] == clusters[3]


def test_a_link_the_rebuild_took_inside_a_person_still_holds_its_record() -> None:
    """Inside a part, a link counts as the rebuild took it, although its two records alone
    could not be one person: 1 (born 1990-03-05) joined 2 (born 1991-04-05, two slips away)
    because 2's part also holds 0 (1990-04-05, one slip from each, the same ID as 2). Its
    15 bits keep 1 in that part against an 8-bit pull towards 3 and 4 (born 1970)."""
    import datetime as dt

    from safetynet.linkage.constraints import apply_constraints

    rules = Constraints(
        births={0: dt.date(1990, 4, 5), 1: dt.date(1990, 3, 5), 2: dt.date(1991, 4, 5),
                4: dt.date(1970, 6, 6)},
        ids={0: "Q1", 2: "Q1"},
    )  # fmt: skip
    links = _Edges([(0, 2, 20.0), (3, 4, 20.0), (1, 2, 15.0), (1, 0, 14.0), (1, 3, 8.0)])
    clusters = apply_constraints({u: 0 for u in range(5)}, rules, links, margin=6.6)
    assert clusters[1] == clusters[0] == clusters[2] != clusters[3] == clusters[4]


def test_a_valid_id_says_the_sex_of_a_record_that_does_not() -> None:
    """余國昱 with a woman's ID (second digit 2) and no sex typed is a woman for clustering: the
    bare record of the boy 余國語 (M) is not pulled towards her. A typed sex that the ID
    contradicts was dropped by prepare_records (one of them is wrong), and then neither
    counts."""
    woman = national_id("M", "2", 2855375)
    man = national_id("W", "1", 1754677)
    records = prepare_records(
        columns_of(
            [
                _record("余國昱", woman),
                _record("余國語"),
                _record("余國語", man),
                _record("余國語", woman, sex="M"),  # another member's ID: sex and ID disagree
            ]
        )
    )
    sexes = with_record_facts(Constraints(), records).sexes
    assert sexes[0] == "F"
    assert 1 not in sexes
    assert sexes[2] == "M"
    assert 3 not in sexes


def test_a_sex_typed_wrong_on_one_record_of_one_name_does_not_split_a_person() -> None:
    """Both sexes in one cluster break it, unless every record with a sex bears one name: a
    hotline's sex code slips (generator 5: 0.5-1.5 % of records); twins of either sex with
    names that sound alike (陳宇 / 陳妤) have two names, and a record without a name says
    nothing either way."""
    from safetynet.linkage.constraints import apply_constraints, sexes_conflict

    assert not sexes_conflict({("M", "陳宇"), ("F", "陳宇")})
    assert sexes_conflict({("M", "陳宇"), ("F", "陳妤")})
    assert sexes_conflict({("M", "陳宇"), ("M", "陳羽"), ("F", "陳宇")})
    assert sexes_conflict({("M", "陳宇"), ("F", "")})
    assert not sexes_conflict({("M", "陳宇"), ("M", "陳羽")})
    chained = {0: 0, 1: 0, 2: 0}
    links = _Edges([(0, 1, 20.0), (1, 2, 19.0)])
    slip = Constraints(sexes={0: "M", 1: "M", 2: "F"}, names={0: "陳宇", 1: "陳宇", 2: "陳宇"})
    assert len(set(apply_constraints(chained, slip, links).values())) == 1
    twins = Constraints(sexes={0: "M", 1: "M", 2: "F"}, names={0: "陳宇", 1: "陳宇", 2: "陳妤"})
    clusters = apply_constraints(chained, twins, links)
    assert clusters[0] == clusters[1] != clusters[2]


def test_a_record_with_the_ids_own_name_is_never_torn_from_that_id() -> None:
    """游正芯 (her ID, no birth date) links to her own record (the same ID and name, 27.7
    bits) and, a little harder, to 游正欣 (born 1990, one address and phone, a name heard
    alike). The model's weight for a shared ID is barely more than the prior's odds against,
    so the two pulls looked alike and she joined neither. One valid ID under one name is one
    person: that link comes first and is not doubted. Under another name (a household
    member's ID on a form) the link weighs what it weighs."""
    import datetime as dt

    from safetynet.linkage.constraints import apply_constraints

    def rules(name: str) -> Constraints:
        return Constraints(
            exclusive={0: "id:national:U279366984", 1: "id:national:U279366984"},
            births={0: dt.date(2015, 9, 3), 2: dt.date(1990, 9, 16)},
            names={0: "游正芯", 1: name, 2: "游正欣"},
        )

    together = {0: 0, 1: 0, 2: 0}
    links = _Edges([(1, 2, 28.5), (0, 1, 27.7)])
    clusters = apply_constraints(together, rules("游正芯"), links, margin=6.6)
    assert clusters[0] == clusters[1] != clusters[2]
    clusters = apply_constraints(together, rules("游家欣"), links, margin=6.6)
    assert len({clusters[0], clusters[1], clusters[2]}) == 3


def test_only_one_valid_id_under_one_name_is_beyond_doubt() -> None:
    """Records without an ID, or without a name, get no such weight; two links of one ID and
    name still weigh against each other: a person said 1 and 2 are two people, and 0, pulled
    towards both nearly as hard, joins neither."""
    from safetynet.linkage.constraints import IDENTITY_BITS, _identities_first, apply_constraints

    key = "id:national:A123456789"
    rules = Constraints(
        exclusive={0: key, 1: key, 4: key, 5: key},
        names={0: "王小明", 1: "王小明", 2: "王小明", 3: "王小明", 4: "", 5: ""},
    )
    links = [(0, 1, 10.0), (2, 3, 12.0), (0, 4, 11.0), (4, 5, 9.0)]
    assert _identities_first(links, rules) == [(0, 1, 10.0 + IDENTITY_BITS), (2, 3, 12.0),
                                               (0, 4, 11.0), (4, 5, 9.0)]  # fmt: skip
    three = Constraints(
        exclusive={0: key, 1: key, 2: key},
        names={0: "王小明", 1: "王小明", 2: "王小明"},
        cannot={(1, 2)},
    )
    clusters = apply_constraints({0: 0, 1: 0, 2: 0}, three, _Edges([(0, 1, 27.7), (0, 2, 27.5)]),
                                 margin=6.6)  # fmt: skip
    assert len({clusters[0], clusters[1], clusters[2]}) == 3
