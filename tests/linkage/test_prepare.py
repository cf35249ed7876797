"""Preparation of external records: names, dates, addresses, IDs — by example and by property."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetynet.core.numerals import chinese_number
from safetynet.demo.records import HOMOPHONES
from safetynet.linkage.addresses import parse_address
from safetynet.linkage.names import name_keys
from safetynet.linkage.prepare import (
    EXCEL_EPOCH,
    birth_date,
    columns_of,
    day_first_dates,
    id_number,
    phone_number,
    prepare_records,
    sex,
)

CN_DIGITS = "〇一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DISTRICTS = ["中正區", "七堵區", "暖暖區", "仁愛區", "中山區", "安樂區", "信義區"]
ROADS = ["中正路", "信二路", "基金一路", "暖暖街", "復興南路"]


def cn(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    if n < 100:
        return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")
    return "".join(CN_DIGITS[int(d)] for d in str(n))


def roc_renderings(day: dt.date) -> list[str]:
    roc = day.year - 1911
    return [
        f"{roc:03d}/{day.month:02d}/{day.day:02d}",
        f"{roc}/{day.month}/{day.day}",
        f"{roc:03d}{day.month:02d}{day.day:02d}",
        f"民國{roc}年{day.month}月{day.day}日",
        f"{roc}.{day.month}.{day.day}",
        f"{roc}-{day.month:02d}-{day.day:02d}",
        f"民國{roc}/{day.month}/{day.day}",
        f"民{roc}.{day.month}.{day.day}",
        f"中華民國{roc}年{day.month}月{day.day}日",
        f"民國{cn(roc)}年{cn(day.month)}月{cn(day.day)}日",
    ]


def ad_renderings(day: dt.date) -> list[str]:
    return [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day:%Y%m%d}",
        f"{day.year}年{day.month}月{day.day}日",
        f"西元{day.year}年{day.month}月{day.day}日",
        f"{day.isoformat()} 00:00:00",
        f"{day.isoformat()}T00:00",
        f"{day.year}/{day.month}/{day.day} 上午 12:00:00",
        f"{day:%Y/%m/%d}".translate(FULL_WIDTH),
        f"{day:%Y %m %d}",
        f"{day.day}-{day:%b}-{day.year}",
        f"{day:%B} {day.day}, {day.year}",
        f"{(day - EXCEL_EPOCH).days}.0" if (day - EXCEL_EPOCH).days >= 10_000 else day.isoformat(),
    ]


@given(st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2026, 1, 1)))
def test_any_roc_or_ad_rendering_of_a_birth_date_parses_back(day: dt.date) -> None:
    renderings = ad_renderings(day) + (roc_renderings(day) if day.year - 1911 >= 10 else [])
    for text in renderings:
        assert birth_date(text, dt.date(2026, 11, 1)) == day, text


@given(
    st.lists(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 12, 31)), min_size=1),
    st.booleans(),
    st.booleans(),
)
def test_a_systems_dates_with_the_year_last_are_read_in_the_order_its_dates_show(
    days: list[dt.date], day_first: bool, full_width: bool
) -> None:
    """One export writes every date one way: a date whose first part is over 12 says day
    first; whose second part is, month first. Ambiguous ones (05/12/2014) follow them."""
    pinned = dt.date(1990, 3, 25) if day_first else dt.date(1990, 12, 25)
    rendered = [
        f"{d.day:02d}/{d.month:02d}/{d.year}"
        if day_first
        else f"{d.month:02d}/{d.day:02d}/{d.year}"
        for d in [pinned, *days]
    ]
    if full_width:
        rendered = [t.translate(FULL_WIDTH) for t in rendered]
    written = day_first_dates(pa.array(["school"] * len(rendered)), pa.array(rendered))
    assert [birth_date(t, dt.date(2026, 11, 1)) for t in written.to_pylist()] == [pinned, *days]


def test_each_system_keeps_its_own_date_order_and_day_first_is_the_default() -> None:
    systems = ["school", "school", "clinic", "clinic", "hotline"]
    texts = ["25/11/2007", "05/12/2014", "12/25/2007", "05/12/2014", "05/12/2014 00:00:00"]
    today = dt.date(2026, 11, 1)
    written = day_first_dates(pa.array(systems), pa.array(texts)).to_pylist()
    days = [birth_date(t, today) for t in written]
    assert days == [
        dt.date(2007, 11, 25),
        dt.date(2014, 12, 5),
        dt.date(2007, 12, 25),
        dt.date(2014, 5, 12),
        dt.date(2014, 12, 5),  # nothing to tell: day first
    ]
    table = prepare_records({"source_system": systems, "birth_date": texts, "name": ["陳怡君"] * 5})
    assert table.column("birth_date").to_pylist() == days


def test_impossible_or_future_birth_dates_are_left_empty() -> None:
    today = dt.date(2026, 11, 1)
    for text in ("", "112/02/30", "abc", "2027-01-01", "1899-12-31", "13/45/99", "1985/13", "74"):
        assert birth_date(text, today) is None, text


def test_what_is_written_around_a_date_is_dropped() -> None:
    today = dt.date(2026, 11, 1)
    for text in ("1985/3/4 12:00:00 AM", "1985/3/4 上午 12:00:00", "1985.03.04.", "1985年03月04號",
                 "74年03月04日生", "1985/03/04(一)", "1985/03/04（一）"):  # fmt: skip
        assert birth_date(text, today) == dt.date(1985, 3, 4), text


def test_a_year_without_its_day_is_1_january_of_it() -> None:
    today = dt.date(2026, 11, 1)
    for text in ("1985", "1985年", "民國74年", "74年3月", "1985-03", "民國七十四年"):
        assert birth_date(text, today) == dt.date(1985, 1, 1), text


@given(
    district=st.sampled_from(DISTRICTS),
    road=st.sampled_from(ROADS),
    section=st.integers(0, 9),
    lane=st.integers(0, 300),
    number=st.integers(1, 999),
    floor=st.integers(1, 30),
    choices=st.lists(st.integers(0, 4), min_size=8, max_size=8),
)
def test_any_spelling_of_an_address_normalises_to_one_form(
    district: str, road: str, section: int, lane: int, number: int, floor: int, choices: list[int]
) -> None:
    def render(n: int, how: int) -> str:
        return [str(n), str(n).translate(FULL_WIDTH), cn(n), str(n), str(n)][how]

    def spelling(how: list[int]) -> str:
        county = ["基隆市", "台灣基隆市"[2:], "基隆市 ", "", "基隆市"][how[0]]
        parts = [county, district, road.replace("臺", "台") if how[1] % 2 else road]
        if section:
            parts.append(f"{render(section, how[2])}段")
        if lane:
            parts.append(f"{render(lane, how[3])}巷")
        parts.append(f"{render(number, how[4])}號")
        floor_text = [
            f"{render(floor, how[5])}樓",
            f"{floor}F",
            f"{floor}f",
            f"{floor} 樓",
            f"{cn(floor)}樓",
        ]
        parts.append(floor_text[how[6]])
        return (" " if how[7] == 4 else "").join(parts)

    reference = parse_address(spelling([0] * 8))
    variant = parse_address(spelling(choices))
    assert variant.building == reference.building
    assert variant.dwelling == reference.dwelling
    assert variant.district == reference.district
    assert reference.floor == str(floor) and reference.number == str(number)


def test_address_parts_by_example() -> None:
    parts = parse_address("基隆市七堵區長興里3鄰明德一路12號之1 3樓之2")
    assert (parts.county, parts.district, parts.village, parts.neighbourhood) == (
        "基隆市", "七堵區", "長興里", "3"
    )  # fmt: skip
    assert (parts.road, parts.number, parts.floor) == ("明德1路", "12之1", "3之2")
    assert (
        parse_address("臺北市大安區復興南路二段１２３巷５號五樓").dwelling
        == parse_address("台北市大安區復興南路2段123巷5號5F").dwelling
    )
    assert parse_address("") == parse_address("   ")
    # Postal codes and 臺灣省 before the county, 地下一樓 for B1.
    assert (
        parse_address("20646 臺灣省基隆市七堵區明德一路12號地下一樓").dwelling
        == parse_address("基隆市七堵區明德一路12號B1").dwelling
    )


@given(st.integers(0, 9999))
def test_chinese_numerals_convert(n: int) -> None:
    assert chinese_number(cn(n)) == n


def test_names_in_simplified_or_with_variants_get_the_same_key() -> None:
    assert name_keys("陈怡君").clean == name_keys("陳怡君").clean == name_keys(" 陳 怡 君 ").clean
    assert name_keys("林台生").clean == name_keys("林臺生").clean
    assert name_keys("歐陽娜娜").surname == "歐陽"


@given(st.sampled_from(sorted(HOMOPHONES)), st.data())
def test_a_homophone_keeps_the_toned_pinyin(char: str, data: st.DataObject) -> None:
    others = HOMOPHONES[char]
    if not others:
        return
    other = data.draw(st.sampled_from(others))
    left, right = name_keys("陳" + char + "君"), name_keys("陳" + other + "君")
    assert set(left.pinyin_tone) & set(right.pinyin_tone)
    assert set(left.fuzzy) & set(right.fuzzy)


def test_fuzzy_pinyin_merges_what_taiwanese_mandarin_merges() -> None:
    # 陳 chen / 岑 cen; 星 xing / 新 xin
    assert set(name_keys("陳星").fuzzy) & set(name_keys("岑新").fuzzy)
    assert not set(name_keys("陳星").pinyin) & set(name_keys("岑新").pinyin)
    # all readings of a polyphonic character: 曾 is ceng2 or zeng1
    assert {"zeng", "ceng"} <= {p[:4] for p in name_keys("曾").pinyin}


def test_latin_names_ignore_order_and_case() -> None:
    assert name_keys("NGUYEN THI HOA").clean == name_keys("Hoa Nguyen Thi").clean
    assert name_keys("NGUYEN THI HOA").latin


def test_ids_phones_and_sex() -> None:
    assert id_number("c123456789") == ("C123456789", False, "")
    assert id_number("") == (None, False, "")
    number, valid, kind = id_number("A123456789")
    assert valid and kind == "national" and number == "A123456789"
    assert phone_number("+886-912-345-678") == phone_number("0912345678") == "0912345678"
    assert phone_number("12") is None
    assert phone_number("(02)2423-1234 轉 567") == phone_number("02-24231234#99") == "0224231234"
    assert id_number("a123-456-789") == id_number(" A 123 456 789 ")
    assert (sex("男"), sex("f"), sex("2"), sex("?")) == ("M", "F", "F", None)
    assert (sex("男生"), sex("女生")) == ("M", "F")


@pytest.mark.parametrize(
    "cell", ["0912-345-678 / 02-2345-6789", "0912345678、0922333444", "0912 345 678  02 2345 6789",
             "0912345678 0223456789", "0912-345-678或02-2345-6789", "+886 912 345 678, 0223456789",
             "0912345678 #12; 0223456789"]
)  # fmt: skip
def test_two_phones_in_one_cell_keep_the_first(cell: str) -> None:
    assert phone_number(cell) == "0912345678"


def test_filler_ids_and_phones_are_read_as_empty() -> None:
    """A000000000 or 0000000000 shared by dozens of strangers made them "the same ID" and "the
    same phone" (an outsider's probe: two people of other names linked at 0.9992)."""
    for text in ("A000000000", "a111111111", "B 222 222 222"):
        assert id_number(text) == (None, False, ""), text
    for text in ("0000000000", "0911111111", "02-2222-2222", "0900000000", "123456789",
                 "0123456789"):  # fmt: skip
        assert phone_number(text) is None, text
    assert id_number("A123456789")[0] == "A123456789"
    assert phone_number("0922222223") == "0922222223"


def test_prepared_table_has_one_row_per_record_with_empty_fields_as_null() -> None:
    table = prepare_records(
        columns_of(
            [
                {
                    "source_system": "a",
                    "source_id": "1",
                    "name": "陳怡君",
                    "birth_date": "112/04/14",
                },
                {"source_system": "b", "source_id": "2"},
            ]
        ),
        today=dt.date(2026, 1, 1),
    )
    assert table.num_rows == 2
    row = table.to_pylist()[1]
    assert row["name_clean"] is None and row["birth_date"] is None and row["id_valid"] is False
    assert table.to_pylist()[0]["birth_date"] == dt.date(2023, 4, 14)


def test_id_slips_the_check_digit_misses_are_one_slip_not_two_people() -> None:
    from safetynet.linkage.constraints import keys_conflict, one_slip

    # A digit of weight 5 changed by an even amount keeps the check digit valid ...
    assert id_number("O148307520")[1] and id_number("O148107520")[1]
    assert one_slip("O148307520", "O148107520")
    # ... and so does swapping the last two digits (both weigh 1).
    assert id_number("V166875571")[1] and id_number("V166875517")[1]
    assert one_slip("V166875571", "V166875517")
    assert one_slip("V166875571", "V166857571")  # neighbours swapped
    assert not one_slip("V166875571", "V196875541")  # two slips apart
    assert not keys_conflict("id:national:V166875571", "id:national:V166875517")
    assert keys_conflict("id:national:A123456789", "id:national:A129876545")
    assert keys_conflict("p:1", "id:national:A123456789")
    # An old resident certificate and the new-format number that replaced it: one person.
    assert not keys_conflict("id:resident_old:AC12345678", "id:resident_new:A812345678")
    assert not keys_conflict("p:1", "p:1")


def test_birth_dates_of_one_cluster_stay_within_one_slip_of_one_of_them() -> None:
    from safetynet.linkage.constraints import births_agree, births_conflict

    born = dt.date(1990, 5, 6)
    swapped, year_off, day_off = dt.date(1990, 6, 5), dt.date(1991, 5, 6), dt.date(1990, 4, 30)
    assert not births_conflict(born, swapped) and not births_conflict(born, day_off)
    assert births_conflict(swapped, year_off)  # two slips apart from each other ...
    assert births_agree({born, swapped, year_off, day_off})  # ... but one from the true date
    assert not births_agree({born, dt.date(2015, 8, 9)})  # a father and his son


# Roads whose official English name is their Hanyu Pinyin (the rule in Taipei since 2002).
PINYIN_ROADS = [("忠孝東路", "Zhongxiao E. Rd."), ("重慶北路", "Chongqing N. Rd."),
                ("木柵路", "Muzha Rd."), ("景美街", "Jingmei St."), ("長安西路", "Chang'an W. Rd."),
                ("綠島路", "Lüdao Rd."), ("中山北路", "Zhongshan N. Rd.")]  # fmt: skip


@given(
    road=st.sampled_from(PINYIN_ROADS),
    section=st.integers(0, 9),
    lane=st.integers(0, 300),
    alley=st.integers(0, 30),
    number=st.integers(1, 999),
    sub=st.integers(0, 5),
    floor=st.integers(1, 30),
)
def test_an_english_address_shares_the_romanised_building_with_its_chinese_form(
    road: tuple[str, str], section: int, lane: int, alley: int, number: int, sub: int, floor: int
) -> None:
    from safetynet.linkage.addresses import romanised_buildings

    chinese = road[0] + (f"{cn(section)}段" if section else "") + (f"{lane}巷" if lane else "")
    chinese += (f"{alley}弄" if alley else "") + (f"{number}之{sub}號" if sub else f"{number}號")
    chinese += f"{floor}樓"
    english = [f"{floor}F.", f"No. {number}" + (f"-{sub}" if sub else "")]
    english += [f"Aly. {alley}"] * bool(alley) + [f"Ln. {lane}"] * bool(lane)
    english += [f"Sec. {section}"] * bool(section) + [road[1], "Taipei City"]
    text = ", ".join(english)
    keys = set(romanised_buildings(chinese, parse_address(chinese)))
    assert keys & set(romanised_buildings(text, parse_address(text)))
    # Another number in the same street is another building.
    other = text.replace(f"No. {number}", f"No. {number + 1}")
    assert not keys & set(romanised_buildings(other, parse_address(other)))


def test_an_address_in_english_is_no_evidence_against_a_chinese_one_it_cannot_be_read_as() -> None:
    """Keelung Rd. keeps an older spelling than pinyin (Jilong): the two cannot be compared, so
    the pair gets the level that says nothing, not "different addresses"."""
    from safetynet.linkage import model
    from safetynet.linkage.pipeline import run_link

    rows = [
        {"source_system": "a", "source_id": "1", "name": "陳怡君", "birth_date": "1990-05-06",
         "address": "基隆路二段12號3樓"},
        {"source_system": "b", "source_id": "2", "name": "陳怡君", "birth_date": "1990-05-06",
         "address": "3F., No. 12, Sec. 2, Keelung Rd., Xinyi Dist., Taipei City"},
        {"source_system": "c", "source_id": "3", "name": "陳怡君", "birth_date": "1990-05-06",
         "address": "3F., No. 12, Sec. 2, Zhongxiao E. Rd., Xinyi Dist., Taipei City"},
        {"source_system": "d", "source_id": "4", "name": "陳怡君", "birth_date": "1990-05-06",
         "address": "忠孝東路二段12號5樓"},
    ]  # fmt: skip
    result = run_link(prepare_records(columns_of(rows)))
    scored = result.linker.inference.predict().as_pyarrow_table().to_pylist()
    labels = {
        (p["unique_id_l"], p["unique_id_r"]): model.address_comparison()
        .get_comparison(model.DIALECT)
        .comparison_levels[-1 - p["gamma_address"]]
        .label_for_charts
        for p in scored
    }
    assert labels[(0, 1)] == "外文地址與中文地址"
    assert labels[(2, 3)] == "同一門牌（中英文地址對照）"
    assert labels[(1, 2)] == "外文地址相近"


def _some_records(count: int) -> dict[str, list[str]]:
    roads = ["忠孝東路四段", "中山北路2段", "Zhongxiao E. Rd.", "景美街", "木柵路"]
    return {
        "source_system": ["s"] * count,
        "source_id": [str(i) for i in range(count)],
        "name": [f"陳{'怡宜君'[i % 3]}{'明銘'[i % 2]}" for i in range(count)],
        "birth_date": [f"{70 + i % 30}/0{1 + i % 9}/1{i % 10}" for i in range(count)],
        "address": [
            f"No. {i}, {roads[2]}" if i % 7 == 0 else f"{roads[i % 5]}{i % 300}號{i % 12}樓"
            for i in range(count)
        ],
    }


def test_addresses_prepared_in_a_second_process_are_the_same_as_here(monkeypatch: Any) -> None:
    import safetynet.linkage.prepare as prepare

    records = _some_records(3_000)
    here = prepare_records(records)
    monkeypatch.setattr(prepare, "PARALLEL_ADDRESSES", 100)
    assert prepare._second_process_pays(3_000)
    assert prepare_records(records).equals(here)

    # A process that dies without an answer: the addresses are prepared here instead.
    monkeypatch.setattr(prepare, "WORKER", [sys.executable, "-c", "import os; os._exit(1)"])
    assert prepare_records(records).equals(here)
    # No interpreter to start: the same.
    monkeypatch.setattr(prepare, "WORKER", [str(Path(sys.executable).parent / "no-such-python")])
    assert prepare_records(records).equals(here)


def test_a_failure_while_preparing_ends_the_address_process(monkeypatch: Any) -> None:
    import safetynet.linkage.prepare as prepare

    started: list[Any] = []
    real = prepare._Addresses.__init__

    def record(self: Any, texts: list[str], *, parallel: bool) -> None:
        real(self, texts, parallel=parallel)
        started.append(self)

    def fails(*_args: Any) -> None:
        raise RuntimeError("names failed")

    monkeypatch.setattr(prepare, "PARALLEL_ADDRESSES", 100)
    monkeypatch.setattr(prepare._Addresses, "__init__", record)
    monkeypatch.setattr(prepare, "_other_columns", fails)
    with pytest.raises(RuntimeError):
        prepare_records(_some_records(3_000))
    assert started[0].process is not None and started[0].process.poll() is not None


def test_record_facts_read_by_row_are_those_of_each_unique_id() -> None:
    """Clustering reads IDs, sexes, birth dates and names per record; by row (prepare_records
    numbers records 0..n-1) or, for any other numbering, through a dict: the same facts."""
    import pyarrow.compute as pc

    from safetynet.linkage.constraints import (
        Constraints,
        RowFacts,
        _whole_column,
        with_record_facts,
    )
    from tests.conftest import national_id

    rows = [
        {"name": "陳怡君", "national_id": national_id("A", "2", 1234567), "birth_date": "075/03/12",
         "sex": "女"},
        {"name": "", "national_id": "A12345", "birth_date": "", "sex": ""},
        {"name": "林志明", "national_id": "", "birth_date": "1960-01-01", "sex": "M"},
    ]  # fmt: skip
    table = prepare_records(columns_of(rows))
    by_row = with_record_facts(Constraints(exclusive={2: "p:7"}), table)
    renumbered = table.set_column(0, "unique_id", pc.add(table.column("unique_id"), 10))
    by_id = with_record_facts(Constraints(exclusive={12: "p:7"}), renumbered)
    assert isinstance(by_row.births, RowFacts) and not isinstance(by_id.births, RowFacts)
    for facts in ("exclusive", "sexes", "births", "ids", "names"):
        one, other = getattr(by_row, facts), getattr(by_id, facts)
        assert {u + 10: v for u, v in one.items()} == dict(other.items()), facts
        assert len(one) == len(other) and 5 not in one and one.get(5) is None
    assert dict(by_row.births) == {0: dt.date(1986, 3, 12), 2: dt.date(1960, 1, 1)}
    assert by_row.exclusive[0].startswith("id:") and by_row.exclusive[2] == "p:7"
    assert 1 not in by_row.exclusive and 1 not in by_row.sexes and by_row.ids[1] == "A12345"
    # The whole-file column the clustering counts: valid IDs, an index person's key elsewhere.
    whole = _whole_column(by_row.exclusive, 3)
    assert whole is not None and whole.to_pylist() == [by_row.exclusive[0], None, "p:7"]
