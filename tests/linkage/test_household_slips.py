"""What records of one household get wrong about each other, and what registers write for what
they do not know (issue 12, found on generator 4): the husband's surname before a married
woman's name, another member's ID on a form, a sex code that disagrees with the ID, 1 January
for a year alone, a spreadsheet's serial number for a date."""

from __future__ import annotations

import datetime as dt
import logging
import random

from splink import Linker

from safetynet.linkage import model
from safetynet.linkage.constraints import births_agree, births_conflict
from safetynet.linkage.names import name_keys
from safetynet.linkage.pipeline import LINK_PROBABILITY, duckdb_api, run_link
from safetynet.linkage.prepare import birth_date, columns_of, prepare_records
from tests.conftest import national_id

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周"
GIVEN = "怡宜君俊志明文雯國建偉家佳豪宏承宇淑美惠玲婷芳雅佩秀麗華"


def _record(name: str, number: str = "", born: str = "", **other: str) -> dict[str, str]:
    return {"source_system": "s", "source_id": name, "name": name, "national_id": number,
            "birth_date": born, **other}  # fmt: skip


def _scored(rows: list[dict[str, str]]) -> dict[tuple[int, int], dict[str, float]]:
    """Every blocked pair with its comparison levels (the default model: a small file)."""
    result = run_link(prepare_records(columns_of(rows)))
    table = result.linker.inference.predict().as_pyarrow_table()
    return {(p["unique_id_l"], p["unique_id_r"]): p for p in table.to_pylist()}


def _name_levels(pairs: list[tuple[str, str]]) -> list[int]:
    """The name level of each pair, compared in one run (each pair its own birth date)."""
    rows = []
    for i, (left, right) in enumerate(pairs):
        born = (dt.date(1940, 1, 2) + dt.timedelta(days=i)).isoformat()
        rows += [_record(left, born=born), _record(right, born=born)]
    table = prepare_records(columns_of(rows))
    linker = Linker(duckdb_api().register(table), model.settings(), log_level=logging.ERROR)
    scored = linker.inference.predict().as_pyarrow_table()  # type: ignore[no-untyped-call]
    levels = {
        (p["unique_id_l"], p["unique_id_r"]): int(p["gamma_name"]) for p in scored.to_pylist()
    }
    # Blocked (name_tail and birth date) and compared.
    return [levels[(2 * i, 2 * i + 1)] for i in range(len(pairs))]


def test_the_husbands_surname_before_a_name_counts_as_sounding_alike_a_dropped_surname_not() -> (
    None
):
    """陳林美華 / 林美華 is one woman's name in two forms; 美華 / 林美華 is a given name alone,
    which people of any surname share: its own level, below sounding alike."""
    rng = random.Random(12)
    married, dropped = [], []
    for _ in range(60):
        husband, own = rng.sample(SURNAMES, 2)
        given_name = "".join(rng.sample(GIVEN, 2))
        married.append((husband + own + given_name, own + given_name))
        dropped.append((own + given_name, given_name))
    levels = _name_levels(married + dropped)
    assert min(levels[: len(married)]) >= model.NAME_SOUNDS_ALIKE_LEVEL
    assert set(levels[len(married) :]) == {model.NAME_SOUNDS_ALIKE_LEVEL - 1}


def test_a_married_womans_name_links_across_the_forms_and_her_sister_stays_apart() -> None:
    number = national_id("B", "2", 2345678)
    home = "臺中市西區美村路一段12號"
    rows = [
        _record("陳林美華", "", "1950-03-04", sex="F", address=home, phone="0423456789"),
        _record("林美華", number, "1950-03-04", sex="F", phone="0423456789"),
        # Her twin sister: one character of the given name differs.
        _record("林美玲", national_id("B", "2", 2345679), "1950-03-04", sex="F"),
        # The given name alone with the birth date and nothing else: any 美華 born that day.
        # Strong evidence, held back for a person.
        _record("美華", "", "1950-03-04", sex="F"),
    ]
    result = run_link(prepare_records(columns_of(rows)))
    assert result.clusters[0] == result.clusters[1] != result.clusters[2]
    assert result.clusters[3] != result.clusters[0]
    held = [p for p in result.review.to_pylist() if p["unique_id_r"] == 3]
    assert held and max(p["match_probability"] for p in held) >= LINK_PROBABILITY


def test_another_members_id_with_another_name_and_birth_date_is_held_back_for_review() -> None:
    """A mother's ID on her daughter's form (one character of the given name differs, the
    same home and phone): the same ID, but neither the name nor the birth date is hers. The
    pair goes to a person. With the same birth date, a different name and the
    same ID are one person (a traditional Indigenous name against the registered Han one)."""
    mother = national_id("B", "2", 3456789)
    home = {"sex": "F", "address": "臺中市北區三民路三段9號", "phone": "0912345678"}
    rows = [
        _record("王淑芬", mother, "1962-04-05", **home),
        _record("王淑娟", mother, "1988-10-11", **home),
        _record("雅外·達利", national_id("L", "2", 4567890), "1970-08-09", sex="F",
                address="臺中市和平區東關路一段143號"),
        _record("林秀英", national_id("L", "2", 4567890), "1970-08-09", sex="F",
                address="臺中市和平區東關路一段143號"),
        # A new resident's one number under her Latin-script and her Chinese name: the names
        # cannot differ, no birth date is needed.
        _record("NGUYEN THI MAI", national_id("F", "9", 8031840), "", sex="F",
                address="臺中市豐原區中正路135巷53號4樓", phone="0912345670"),
        _record("阮氏梅", national_id("F", "9", 8031840), "1986-03-07", sex="F",
                address="臺中市豐原區中正路135巷53號4樓", phone="0912345670"),
    ]  # fmt: skip
    # ... but his Vietnamese mother's Latin-script name on his ID, with her own birth date, does
    # not link to him without a person.
    rows += [
        _record("THI LOAN DO", national_id("K", "1", 3074712), "1988-08-09",
                address="臺中市烏日區中山路二段191號8樓", phone="0912345671"),
        _record("張禹言", national_id("K", "1", 3074712), "2010-04-11", sex="M",
                address="臺中市烏日區中山路二段191號8樓", phone="0912345671"),
    ]  # fmt: skip
    result = run_link(prepare_records(columns_of(rows)))
    assert result.clusters[4] == result.clusters[5]
    assert result.clusters[6] != result.clusters[7]
    assert result.clusters[0] != result.clusters[1]
    queued = {(p["unique_id_l"], p["unique_id_r"]): p for p in result.review.to_pylist()}
    # For a person to decide (grey since the fifteenth session: at one home, one phone says
    # little more than the home).
    assert queued[(0, 1)]["match_probability"] >= 0.5
    assert queued[(0, 1)]["gamma_id_number"] == model.ID_EXACT_LEVEL
    assert result.clusters[2] == result.clusters[3]


def test_a_sex_that_disagrees_with_the_id_makes_neither_a_hard_constraint() -> None:
    own = national_id("H", "1", 3990679)
    rows = [
        _record("吳春來", own, "1938-11-03", sex="男"),
        _record("吳春來", own, "1938-11-03", sex="2"),  # the sex code slipped
        _record("吳春來", own, "", sex="1"),
    ]
    table = prepare_records(columns_of(rows))
    assert table.column("id_valid").to_pylist() == [True, False, True]
    assert table.column("sex").to_pylist() == ["M", None, "M"]
    clusters = run_link(table).clusters
    assert clusters[0] == clusters[1] == clusters[2]


def test_1_january_may_be_a_year_alone_and_agrees_with_any_date_of_that_year() -> None:
    jan, june, september = dt.date(1975, 1, 1), dt.date(1975, 6, 7), dt.date(1975, 9, 10)
    assert births_agree({jan, june}) and births_agree({jan, june, dt.date(1975, 7, 6)})
    # The year alone cannot hold two dates of its year together.
    assert not births_agree({jan, june, september})
    assert not births_conflict(dt.date(1975, 1, 1), dt.date(1975, 6, 7))
    assert not births_conflict(dt.date(1975, 8, 9), dt.date(1975, 1, 1))
    assert births_conflict(dt.date(1964, 1, 1), dt.date(1975, 6, 7))
    assert births_conflict(dt.date(1975, 2, 1), dt.date(1975, 6, 7))
    # A year worked out from a guessed age ("about fifty") is up to three years off
    # (generator 5), or up to ten when the age was rounded to five (generator 6); 1 January
    # eleven years away still conflicts, and any other date five years away.
    assert not births_conflict(dt.date(1976, 1, 1), dt.date(1975, 6, 7))
    assert not births_conflict(dt.date(1972, 1, 1), dt.date(1975, 6, 7))
    assert not births_conflict(dt.date(1965, 1, 1), dt.date(1975, 6, 7))
    assert births_agree({dt.date(1976, 1, 1), dt.date(1975, 6, 7)})
    assert births_agree({dt.date(1985, 1, 1), dt.date(1975, 6, 7)})
    assert births_conflict(dt.date(1986, 1, 1), dt.date(1975, 6, 7))
    assert births_conflict(dt.date(1980, 1, 2), dt.date(1975, 6, 7))
    scored = _scored(
        [
            _record("王小明", "", "1975-01-01", sex="M"),
            _record("王小明", "", "1975-06-07", sex="M"),
            _record("王小明", "", "1979-06-07", sex="M"),
            _record("王小明", "", "1976-01-01", sex="M"),
            _record("王小明", "", "1977-01-01", sex="M"),
        ]
    )
    assert scored[(0, 1)]["gamma_birth_date"] == model.BIRTH_DATE_YEAR_ONLY_LEVEL
    assert scored[(1, 3)]["gamma_birth_date"] == model.BIRTH_DATE_YEAR_ONLY_LEVEL
    assert scored[(1, 4)]["gamma_birth_date"] == model.BIRTH_DATE_GUESSED_YEAR_LEVEL
    # Two dates of 1 January of one year say the year and no more.
    both = _scored([_record("陳志霖", "", "1993-01-01"), _record("陳志霖", "", "1993-01-01")])
    assert both[(0, 1)]["gamma_birth_date"] == model.BIRTH_DATE_YEAR_ONLY_LEVEL
    assert scored[(1, 2)]["gamma_birth_date"] == model.BIRTH_DATE_ONE_FIELD_LEVEL
    assert scored[(0, 2)]["gamma_birth_date"] == model.BIRTH_DATE_GUESSED_FAR_LEVEL
    far = _scored([_record("王小明", "", "1975-01-01"), _record("王小明", "", "1990-06-07")])
    assert far[(0, 1)]["gamma_birth_date"] == 0  # fifteen years: different


def test_a_year_alone_and_a_spreadsheets_serial_number_are_read_as_birth_dates() -> None:
    today = dt.date(2026, 12, 4)
    assert birth_date("1986", today) == dt.date(1986, 1, 1)
    assert birth_date("31478", today) == dt.date(1986, 3, 7)  # Excel: days since 1899-12-30
    assert birth_date("1986/3/7 上午 12:00:00", today) == dt.date(1986, 3, 7)
    assert birth_date("1986.5", today) == dt.date(1986, 1, 1)  # May 1986: the year is kept
    for text in ("0999", "0000", "1899", "2999", "99999", "123", "1986.13"):
        assert birth_date(text, today) is None, text


def test_a_nickname_is_compared_with_the_full_names_ending_in_its_character() -> None:
    """阿明, 小明 and 明明 are what a caller or a neighbour says: with the same birth date and no
    other sex they link to 陳志明; his twin 陳志豪 and a 阿明 born on another day do not."""
    home = {"address": "臺中市北屯區崇德路二段238巷44號", "phone": "0422345678"}
    rows = [
        _record("陳志明", national_id("B", "1", 5551234), "1980-02-03", sex="M", **home),
        _record("阿明", "", "1980-02-03", sex="M", **home),
        _record("小明", "", "1980-02-03", **home),
        _record("陳志豪", national_id("B", "1", 5551235), "1980-02-03", sex="M"),
        _record("明明", "", "", sex="M", address="臺中市北區三民路三段9號"),
        _record("陳志明", "", "", sex="M", address="臺中市北區三民路三段9號"),
        _record("阿明", "", "1975-08-09", sex="M"),
    ]
    scored = _scored(rows)
    # Blocked on the character with the birth date or the building, and a level of its own.
    for pair in ((0, 1), (0, 2), (4, 5)):
        assert scored[pair]["gamma_name"] == model.NAME_NICKNAME_LEVEL, pair
    assert (1, 3) not in scored or scored[(1, 3)]["gamma_name"] != model.NAME_NICKNAME_LEVEL
    clusters = run_link(prepare_records(columns_of(rows))).clusters
    assert clusters[0] == clusters[1] == clusters[2]
    assert clusters[3] != clusters[0]
    assert clusters[6] != clusters[0]


def test_the_same_id_under_a_nickname_or_the_given_name_alone_links_with_no_birth_date() -> None:
    """The ID holder's own name in another form (阿廷 / 林哲廷, 信皓 / 賴信皓) with the same ID:
    a relative's ID on the form would come with the relative's other name, so the pair links
    when no birth date says otherwise (one missing, or 1 January of the same year); with a
    birth date of another year it goes to a person. The given name alone with the same birth
    date and the same building links too (with the birth date alone it does not: see the
    married woman's test above)."""
    home = {"address": "臺中市南屯區黎明路一段206巷33號3樓", "sex": "M"}
    other = {"address": "臺中市東區振興路443號11樓", "sex": "M"}
    rows = [
        _record("林哲廷", national_id("K", "1", 3331617), "1980-06-20", **home),
        _record("阿廷", national_id("K", "1", 3331617), "", **home),
        _record("賴信皓", national_id("E", "1", 5321068), "1987-11-13", **other),
        _record("信皓", national_id("E", "1", 5321068), "1987-01-01"),
        # The given name alone, the same birth date and building, no ID.
        _record("欣琪", "", "1998-01-05", sex="F", address="臺中市北區中清路一段328號11樓"),
        _record("林欣琪", national_id("B", "2", 1199899), "1998-01-05", sex="F",
                address="臺中市北區西明里2鄰中清路1段328號11樓"),
        # A father's ID on his son's form: the son's birth date is of another year.
        _record("信皓", national_id("E", "1", 5321068), "2015-03-04"),
    ]  # fmt: skip
    result = run_link(prepare_records(columns_of(rows)))
    assert result.clusters[0] == result.clusters[1]
    assert result.clusters[2] == result.clusters[3]
    assert result.clusters[4] == result.clusters[5]
    assert result.clusters[6] != result.clusters[2]


def test_a_surname_with_a_title_or_a_mask_is_no_name_but_reaches_a_person() -> None:
    """陳小姐 (a caller), 陳○○ (a published document): no name to compare, only the surname and
    the sex a title says. Such a record never links without a person, not even to another
    陳小姐 (twin sisters are both 陳小姐), but with the same surname and building it is compared
    and queued; another surname is a different name."""
    assert (name_keys("陳小姐").clean, name_keys("陳小姐").surname) == ("", "陳")
    assert [
        name_keys(n).title_sex for n in ("陳小姐", "歐陽先生", "王○明", "陳OO", "陳姓男子")
    ] == ["F", "M", "", "", "M"]
    # Names that only look like one: an old given name with 阿, a nickname, a Latin name.
    for name in ("陳阿土", "阿明", "Lo", "OSCAR LEE"):
        assert name_keys(name).title_sex is None and name_keys(name).clean, name
    home = {"address": "臺中市西屯區福星路153之2號9樓", "phone": "0423456780"}
    rows = [
        _record("曾筱潔", national_id("B", "2", 8432928), "1994-01-21", sex="F", **home),
        _record("曾小姐", "", "", address=home["address"]),
        _record("曾小姐", "", "1994-01-21", phone=home["phone"]),
        _record("林小姐", "", "1994-01-21", **home),
        _record("曾先生", "", "", sex="", phone=home["phone"]),
    ]
    table = prepare_records(columns_of(rows))
    assert table.column("sex").to_pylist() == ["F", "F", "F", "F", "M"]
    assert table.column("name_clean").to_pylist()[1:] == [None] * 4
    result = run_link(table)
    # 曾小姐 with the birth date and the phone joins the one 曾 woman it points to (see
    # test_a_record_without_a_name_joins_the_one_person_it_points_to); the others stay apart.
    clusters = result.clusters
    assert clusters[2] == clusters[0] and len({clusters[i] for i in (0, 1, 3, 4)}) == 4
    scored = _scored(rows)
    assert scored[(0, 1)]["gamma_name"] == model.NAME_TITLED_LEVEL  # the building's rule
    assert scored[(0, 2)]["gamma_name"] == model.NAME_TITLED_LEVEL
    assert scored[(0, 3)]["gamma_name"] == 0  # another surname
    queued = {(p["unique_id_l"], p["unique_id_r"]) for p in result.review.to_pylist()}
    assert (0, 1) in queued
    assert (0, 4) not in queued  # a man


def test_a_record_without_a_name_joins_the_one_person_it_points_to() -> None:
    """陳先生 (a caller), 無名氏 or a blank never links by itself, but with the same birth date
    and home as the one 陳 man of the file it joins him; beside his twin brother (same birth
    date, same home) it points two ways and stays apart, in the review queue."""
    home = {"address": "高雄市鳳山區光遠路398號8樓", "phone": "0912345678"}
    man = _record("陳志明", national_id("E", "1", 2345671), "1975-03-04", sex="M", **home)
    caller = _record("陳先生", "", "1975-03-04", address=home["address"])
    nameless = _record("無名氏3", "", "1975-03-04", sex="M", phone=home["phone"])
    alone = run_link(prepare_records(columns_of([man, caller, nameless]))).clusters
    assert alone[0] == alone[1] == alone[2]
    twin = _record("陳志強", national_id("E", "1", 2345672), "1975-03-04", sex="M", **home)
    result = run_link(prepare_records(columns_of([man, caller, nameless, twin])))
    clusters = result.clusters
    assert len({clusters[0], clusters[3]}) == 2 and {clusters[1], clusters[2]}.isdisjoint(
        {clusters[0], clusters[3]}
    )
    queued = {(p["unique_id_l"], p["unique_id_r"]) for p in result.review.to_pylist()}
    assert {(0, 1), (1, 3)} <= queued
    # A woman's record (the sex), or one with the home alone (no birth date), joins no one.
    woman = _record("陳小姐", "", "1975-03-04", sex="F", address=home["address"])
    home_only = _record("陳先生", "", "", address=home["address"], phone=home["phone"])
    apart = run_link(prepare_records(columns_of([man, woman, home_only]))).clusters
    assert len(set(apart.values())) == 3


def test_a_record_without_a_name_joins_the_one_person_with_its_id_at_its_home() -> None:
    """陳先生 or a blank with no birth date but 陳志明's ID and home (a hotline record that took
    the ID) joins him. Not when the title's sex is not the ID's (蘇姓男童 with a girl's ID: a
    sibling's), nor with the ID alone (neither the home nor the phone)."""
    home = {"address": "高雄市鳳山區光遠路398號8樓", "phone": "0912345678"}
    number = national_id("E", "1", 2345671)
    man = _record("陳志明", number, "1975-03-04", sex="M", **home)
    caller = _record("陳先生", number, "", address=home["address"])
    blank = _record("", number, "", phone=home["phone"])
    joined = run_link(prepare_records(columns_of([man, caller, blank]))).clusters
    assert joined[0] == joined[1] == joined[2]
    girl = _record("蘇芷恩", national_id("E", "2", 3456789), "2015-11-27", sex="F", **home)
    boy = _record("蘇姓男童", national_id("E", "2", 3456789), "", address=home["address"])
    alone = _record("陳先生", number, "")  # the ID alone: p 0.992 with the default model
    apart = run_link(prepare_records(columns_of([man, girl, boy, alone]))).clusters
    assert len(set(apart.values())) == 4


def test_what_a_register_writes_for_an_unknown_name_is_no_name() -> None:
    """無名氏35 (an unidentified patient), 姓名不詳, a bare title (阿嬤) name no one; an alias in
    brackets is not part of the name; a caller's 陳姓老婦, 蔡伯伯 are a surname with a title
    (generator 5)."""
    for name in ("無名氏35", "無名氏", "無名男", "姓名不詳", "不詳", "阿嬤", "先生"):
        keys = name_keys(name)
        assert (keys.clean, keys.surname, keys.title_sex) == ("", "", None), name
    assert name_keys("黃建紘(小紘)").clean == "黃建紘"
    assert name_keys("陳美玲（原名陳美鈴）").clean == "陳美玲"
    # after a slash or a word that says so (police and hotline records)
    for written in (
        "鄭文雄 綽號阿雄",
        "鄭文雄綽號阿雄",
        "鄭文雄/阿雄",
        "鄭文雄 又名鄭雄",
        "鄭文雄 小名阿雄",
    ):
        assert name_keys(written).clean == "鄭文雄", written
    assert [
        (name_keys(n).surname, name_keys(n).title_sex) for n in ("陳姓老婦", "蔡伯伯", "林老先生")
    ] == [("陳", "F"), ("蔡", "M"), ("林", "M")]
    # A name that merely contains such words is still a name.
    assert name_keys("王不明").clean == "王不明"


def test_twins_stay_apart_when_a_shortened_name_links_to_both() -> None:
    """李銘靜 and 李銘瑞 (same surname and generation character, born the same day, one home)
    are held back from each other; 李銘, a shortened name with the same birth date and home,
    links to both and would chain them into one person. Clustering keeps them apart; their
    pair still reaches a person."""
    home = {"address": "臺北市大安區信義路四段100號5樓", "phone": "0227001234"}
    rows = [
        _record("李銘靜", "", "2001-05-06", sex="F", **home),
        _record("李銘瑞", "", "2001-05-06", sex="F", **home),
        _record("李銘", "", "2001-05-06", sex="F", **home),
        _record("李銘靜", "", "2001-05-06", sex="F", address=home["address"]),
    ]
    result = run_link(prepare_records(columns_of(rows)))
    clusters = result.clusters
    assert clusters[0] == clusters[3] != clusters[1]
    queued = {(p["unique_id_l"], p["unique_id_r"]) for p in result.review.to_pylist()}
    assert (0, 1) in queued or (1, 3) in queued


def _auto_links(**gammas: int) -> bool:
    """The auto-link rule on one pair's comparison levels (nothing else about the pair)."""
    import duckdb

    from safetynet.linkage.pipeline import AUTO_LINK_SQL

    levels = {"gamma_id_number": -1, "gamma_birth_date": -1, "gamma_address": -1,
              "gamma_phone": -1, **gammas}  # fmt: skip
    columns = ", ".join(f"{value} AS {name}" for name, value in levels.items())
    rows = (
        duckdb.connect()
        .execute(
            f"SELECT ({AUTO_LINK_SQL}) FROM (SELECT {columns},"  # noqa: S608 (our own numbers)
            " false AS name_latin_l, false AS name_latin_r)"
        )
        .fetchall()
    )
    return bool(rows[0][0])


def test_a_shortened_name_of_the_other_sex_is_not_heard_alike() -> None:
    """徐承, a father, and 徐晨貞, his daughter (晨 chen, 承 cheng), at one home with one phone: the
    pair scored 0.9996 on generator 2 at 1M records and pulled her hotline record away from her
    own records. A shortened name links only when the sexes do not differ; a name written the
    same or heard alike still links across a sex typed wrong."""
    shortened, different, same = model.NAME_SHORTENED_LEVEL, model.SEX_DIFFERENT_LEVEL, 1
    # Nor a Vietnamese name against its Chinese reading (the key leaves out Thị and Văn, the
    # middle names that say the sex).
    viet = model.NAME_VIET_LEVEL
    for level in (shortened, viet):
        assert _auto_links(gamma_name=level, gamma_sex=same)
        assert _auto_links(gamma_name=level, gamma_sex=-1)
        assert not _auto_links(gamma_name=level, gamma_sex=different)
    # The seven levels above: 冠夫姓, a Latin spelling slip, reordered, heard alike, … the same.
    for level in range(viet + 1, viet + 8):
        assert _auto_links(gamma_name=level, gamma_sex=different)
