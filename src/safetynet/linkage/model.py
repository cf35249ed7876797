"""The linkage model: comparisons that reflect how Taiwanese records go wrong, and blocking.

The same settings serve DuckDB and Spark: levels are written in DuckDB SQL on prepared columns
(never on raw strings, never with UDFs), and Splink translates them with sqlglot. Levels are
ordered from the strongest agreement down; each has a zh-Hant label for the explanation a
social worker reads.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

DIALECT = "duckdb"
# Each level's label is zh-Hant (Splink shows it in charts and we store it with the evidence);
# this is its English, for people who read the pages in English.
PHONE_HOME_LANDLINE_LABEL = "市話相同，且同一門牌（同住者常共用）"
PHONE_HOME_MOBILE_LABEL = "手機相同，且同一門牌（可能是家中聯絡人的手機）"
VIET_LABEL = "外文姓名與中文姓名的漢越音相同（如 NGUYEN THI LAN／阮氏蘭）"
ENGLISH_LABELS = {
    "資料缺漏": "missing", "地址缺漏": "address missing",
    "身分證號相同": "same ID", "身分證號差一兩碼（誤植）": "ID one or two slips apart",
    "兩個不同的有效身分證號": "two different valid IDs", "身分證號不同": "different IDs",
    "不同種類的證號（如舊式居留證與新式統一證號）":
        "IDs of different kinds (old and new resident certificate)",
    "姓名相同": "same name", "同音同調（如 怡／宜）": "same sound and tone (怡/宜)",
    "同音不同調": "same sound, other tone", "近音（如 ㄓ／ㄗ、ㄣ／ㄥ）": "similar sound (zh/z, en/eng)",
    "同樣的字、順序不同": "same characters, other order",
    "外文姓名拼寫相近": "Latin name spelt nearly alike",
    "名字簡寫（三字→二字）": "given name shortened (three characters to two)",
    "冠夫姓（姓名前加配偶姓氏）": "husband's surname before the name",
    VIET_LABEL: "a Vietnamese name and its Sino-Vietnamese Chinese form (NGUYEN THI LAN / 阮氏蘭)",
    "略去姓氏（只寫名字）": "surname left out (the given name alone)",
    "暱稱（阿明、小明、明明）與名字末字相同": "a nickname (阿明, 小明, 明明) and a name ending in its character",
    "僅有姓氏與稱謂（如 陳小姐、陳○○），姓氏相同":
        "a surname with a title or a mask (陳小姐, 陳○○), the same surname",
    "外文姓名或音譯名（如 娜比·勇諾）與中文姓名":
        "a Latin-script or transliterated name (娜比·勇諾) and a Chinese name",
    "三字中兩字相同": "two of three characters",
    "姓名不同": "different names", "出生日期相同": "same birth date",
    "出生日期月日顛倒": "day and month swapped",
    "出生日期差一點（年或月差一、日差一兩天）":
        "birth date slightly off (a year or a month by one, the day by one or two)",
    "出生日期年月日有一項不同": "one of year/month/day differs",
    "出生日期一方為1月1日，年份相差三年內（依估計年齡推算）": "one date 1 January within three years of the other (a year from a guessed age)",
    "出生日期一方為1月1日，年份相差十年內（依估計年齡推算）": "one date 1 January within ten years of the other (a year from a guessed age)",
    "出生日期一方僅知年份（1月1日，或依年齡推算）": "one date 1 January (the year only, or worked out from an age) of the other's year or the next",
    "出生日期不同": "different birth dates", "性別相同": "same sex", "性別不同": "different sex",
    "同一戶（門牌與樓層相同）": "same dwelling (number and floor)", "同一門牌": "same building",
    "同一門牌（中英文地址對照）": "same building (an English address and its Chinese form)",
    "外文地址與中文地址": "an English address and a Chinese one (not comparable)",
    "外文地址相近": "Latin address nearly alike", "同一路街": "same road",
    "同一行政區": "same district", "地址不同": "different addresses", "電話相同": "same phone",
    PHONE_HOME_LANDLINE_LABEL: "same landline and same building (people living together share one)",
    PHONE_HOME_MOBILE_LABEL: "same mobile and same building (maybe the family contact's)",
    "電話末八碼相同": "same last eight digits", "電話不同": "different phones",
    "兩筆皆為人口索引": "both from the index", "人口索引與外部名單": "the index and a list",
    "兩筆皆為外部名單": "both from lists",
}  # fmt: skip


class ArraysOverlap(ComparisonLevelCreator):
    """Two arrays share an element: DuckDB's list_has_any, Spark's arrays_overlap (cheaper than
    counting an intersection, and evaluated for every pair in training and prediction)."""

    def __init__(self, column: str) -> None:
        self.column = column

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        left, right = f"{self.column}_l", f"{self.column}_r"
        if sql_dialect.sql_dialect_str == "spark":
            return f"arrays_overlap({left}, {right})"
        return f"list_has_any({left}, {right})"

    def create_label_for_charts(self) -> str:
        return f"{self.column} overlap"


def _level(sql: str, label: str) -> Any:
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=DIALECT)


def _null(*columns: str) -> Any:
    either = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return _level(either, "資料缺漏").configure(is_null_level=True)


# Comparison vector values (gamma) of the levels the auto-link rule needs: Splink numbers the
# levels of a comparison from the ElseLevel (0) upwards, the null level being -1.
ID_EXACT_LEVEL = 4
ID_SLIP_LEVEL = 3
ID_CONFLICT_LEVEL = 2
# A given name shortened to one of its characters (陳怡君/陳君, maybe heard: 陳均), the husband's
# surname before a name (冠夫姓), a Latin-script spelling slip, the same characters reordered, or
# better. (A surname left out, 美華 for 林美華, is below: any 美華 of the file would match.)
NAME_SOUNDS_ALIKE_LEVEL = 6
# The lowest of those: a given name shortened (陳怡君 / 陳君).
NAME_SHORTENED_LEVEL = 6
# A Vietnamese name and its Sino-Vietnamese Chinese form: heard alike, unless the sexes differ.
NAME_VIET_LEVEL = 7
# The surname left out (美華 / 林美華).
NAME_DROPPED_SURNAME_LEVEL = 5
# A nickname against a full name ending in its character (阿明 / 陳志明).
NAME_NICKNAME_LEVEL = 4
# A surname with a title or a mask (陳小姐, 陳○○) and the same surname.
NAME_TITLED_LEVEL = 3
# A Latin-script name against a Chinese one: the scripts cannot be compared.
NAME_OTHER_SCRIPT_LEVEL = 2
BIRTH_DATE_EXACT_LEVEL = 7
BIRTH_DATE_NEAR_LEVEL = 5
BIRTH_DATE_ONE_FIELD_LEVEL = 4
BIRTH_DATE_YEAR_ONLY_LEVEL = 3
BIRTH_DATE_GUESSED_YEAR_LEVEL = 2
BIRTH_DATE_GUESSED_FAR_LEVEL = 1
SEX_DIFFERENT_LEVEL = 0
# The same building in any script (and the same dwelling), and the same phone (or its last
# eight digits).
ADDRESS_SAME_BUILDING_LEVEL = 5
PHONE_SAME_LEVEL = 1
# Levels whose u is counted in the file (pipeline.counted_u, with the ID's and the same birth
# date's): the same dwelling, the same building (written alike) and the same phone number (in
# another building or none).
ADDRESS_DWELLING_LEVEL = 7
ADDRESS_BUILDING_LEVEL = 6
PHONE_EXACT_LEVEL = 2
# The same landline or mobile in one building: m and u given the building
# (pipeline.condition_on_building).
PHONE_HOME_LANDLINE_LEVEL = 3
PHONE_HOME_MOBILE_LEVEL = 4


def id_comparison() -> Any:
    """Exact / one slip / both valid but different (strong evidence against)."""
    return cl.CustomComparison(
        output_column_name="id_number",
        comparison_levels=[
            _null("id_number"),
            _level("id_number_l = id_number_r", "身分證號相同"),
            _level(
                # One digit wrong: the check digit misses some such slips (weights 2, 4, 5, 6, 8),
                # so even two valid IDs this close are likely one person. Two slips only when
                # one of them fails its check digit.
                "levenshtein(id_number_l, id_number_r) = 1"
                " OR (NOT (id_valid_l AND id_valid_r) AND levenshtein(id_number_l, id_number_r) <= 2)"
                # The last two digits both weigh 1: swapped, the ID stays valid.
                " OR (substr(id_number_l, 1, 8) = substr(id_number_r, 1, 8)"
                " AND substr(id_number_l, 9, 1) = substr(id_number_r, 10, 1)"
                " AND substr(id_number_l, 10, 1) = substr(id_number_r, 9, 1))",
                "身分證號差一兩碼（誤植）",
            ),
            _level("id_valid_l AND id_valid_r AND id_kind_l = id_kind_r", "兩個不同的有效身分證號"),
            # An old resident certificate (two letters + 8 digits) and the new-format number
            # (letter + 8/9 + 8 digits) that replaced it, or a resident number and the national
            # ID of a naturalised person: one person may hold both. Says nothing either way.
            _level(
                "id_valid_l AND id_valid_r", "不同種類的證號（如舊式居留證與新式統一證號）"
            ).configure(
                m_probability=0.5,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.ElseLevel().configure(label_for_charts="身分證號不同"),
        ],
    )


def _name_ends_with(shortest: int, label: str) -> Any:
    """One Chinese name (of at least `shortest` characters) is the end of the other."""
    sides = (("l", "r"), ("r", "l"))
    return _level(
        "NOT name_latin_l AND NOT name_latin_r AND ("
        + " OR ".join(
            f"(length(name_clean_{a}) > length(name_clean_{b})"
            f" AND length(name_clean_{b}) >= {shortest}"
            f" AND right(name_clean_{a}, length(name_clean_{b})) = name_clean_{b})"
            for a, b in sides
        )
        + ")",
        label,
    )


def name_comparison() -> Any:
    """Exact (with term frequency: 陳怡君 is common) / homophone / fuzzy sound / two of three."""
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            # No name on one side; a surname with a title (陳小姐) is compared below.
            _level(
                "(name_clean_l IS NULL AND NOT name_titled_l)"
                " OR (name_clean_r IS NULL AND NOT name_titled_r)",
                "資料缺漏",
            ).configure(is_null_level=True),
            _level("name_clean_l = name_clean_r", "姓名相同").configure(
                tf_adjustment_column="name_clean", tf_adjustment_weight=1.0
            ),
            ArraysOverlap("name_py_tone").configure(label_for_charts="同音同調（如 怡／宜）"),
            ArraysOverlap("name_py").configure(label_for_charts="同音不同調"),
            ArraysOverlap("name_fuzzy").configure(label_for_charts="近音（如 ㄓ／ㄗ、ㄣ／ㄥ）"),
            # Rare levels (see RARE_LEVELS below): starting values.
            _level("name_sorted_l = name_sorted_r", "同樣的字、順序不同").configure(
                m_probability=0.002, u_probability=2e-6
            ),
            cll.And(
                _level("name_latin_l AND name_latin_r", "拉丁字母姓名"),
                cll.JaroWinklerLevel("name_clean", 0.92),
            ).configure(
                label_for_charts="外文姓名拼寫相近", m_probability=0.002, u_probability=5e-6
            ),
            # The husband's surname put before the wife's name (冠夫姓: 陳林美華 / 林美華): one
            # Chinese name of three or more characters ends the other.
            _name_ends_with(3, "冠夫姓（姓名前加配偶姓氏）").configure(
                m_probability=0.005, u_probability=1e-5
            ),
            # A Vietnamese name in Latin script against its Sino-Vietnamese Chinese form (NGUYEN
            # THI LAN or NGUYEN LAN / 阮氏蘭 or 阮蘭: a new resident before and after taking a
            # Chinese name). Starting values (about a homophone's); training replaces the m where
            # the data show the level, counted_u the u.
            _level(
                "name_viet_latin_l = name_viet_zh_r OR name_viet_zh_l = name_viet_latin_r",
                VIET_LABEL,
            ).configure(m_probability=0.005, u_probability=1e-5),
            cll.And(
                ArraysOverlap("name_short"),
                _level("abs(length(name_clean_l) - length(name_clean_r)) = 1", "長度差一字"),
                # Not the surname left out whose sounds happen to share a short key (黃華明 /
                # 華明): that is the weaker level below.
                cll.Not(_name_ends_with(2, "略去姓氏")),
                # Starting values (about those of a homophone) for data that never shows one; the
                # training replaces them when it does.
            ).configure(
                label_for_charts="名字簡寫（三字→二字）", m_probability=0.005, u_probability=1e-5
            ),
            # The surname left out (林美華 / 美華): the given name alone, which people of any
            # surname share, so weaker than sounding alike (siblings' and strangers' too).
            _name_ends_with(2, "略去姓氏（只寫名字）").configure(
                m_probability=0.001, u_probability=1e-5
            ),
            # A nickname against a full name ending in its character (阿明, 小明, 明明 / 陳志明):
            # what a caller or a neighbour says. Links only with the same birth date and the
            # same building or phone (the auto-link rule).
            _level(
                " OR ".join(
                    f"(name_nick_{a} IS NOT NULL AND name_nick_{b} IS NULL"
                    f" AND NOT name_latin_{b} AND name_last_{a} = name_last_{b})"
                    for a, b in (("l", "r"), ("r", "l"))
                ),
                "暱稱（阿明、小明、明明）與名字末字相同",
            ).configure(m_probability=0.002, u_probability=1e-4),
            # A surname with a title or a mask instead of a name (陳小姐, 陳先生, 陳○○: what a
            # caller gives, what a published document shows) and the same surname: the name
            # says no more than the surname. Never links without a person (the auto-link rule
            # wants a name); fixed at about +4.3 bits (surnames agree in one pair of strangers
            # in 20-30), as the default model's data has no such records. Another surname
            # falls to "different names".
            _level(
                "(name_titled_l OR name_titled_r) AND name_surname_l = name_surname_r",
                "僅有姓氏與稱謂（如 陳小姐、陳○○），姓氏相同",
            ).configure(
                m_probability=0.002,
                u_probability=0.0001,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            # A new resident's Latin-script name against the Chinese name taken later: nothing
            # to compare, far weaker evidence against than two different Chinese names.
            # Fixed (about -4.6 bits): data without new residents (the default model's) would
            # otherwise train it to tens of bits against, and a small file that uses the
            # default model could never link a new resident's two names.
            # Seventh session: so is a name written with a dot between its parts (娜比·勇諾: an
            # Indigenous person's traditional name, or a transliterated foreign one) against a
            # Chinese name of the usual form (the Han name 潘語晴 the same person also uses).
            _level(
                "(name_latin_l <> name_latin_r OR name_dotted_l <> name_dotted_r)"
                " AND NOT (name_titled_l OR name_titled_r)",
                "外文姓名或音譯名（如 娜比·勇諾）與中文姓名",
            ).configure(
                m_probability=0.002,
                u_probability=0.05,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.And(
                cll.ArrayIntersectLevel("name_chars", 2),
                _level("abs(length(name_clean_l) - length(name_clean_r)) <= 1", "長度相近"),
            ).configure(label_for_charts="三字中兩字相同"),
            cll.ElseLevel().configure(label_for_charts="姓名不同"),
        ],
    )


# How far a year worked out from a guessed age may be from the birth year (the birth date
# levels and constraints.births_conflict). Unsourced guesses: generator 5's callers are off by up
# to three years (a level of its own: closer is likelier one person); generator 6's by a normal
# error of three years, half of them rounded to five ("about forty"), so up to ten.
GUESSED_YEARS_NEAR = 3
GUESSED_YEARS = 10
# The u a level starts from when random sampling (500,000 pairs, pipeline.U_MAX_PAIRS) may not
# see it at a million records: the same dwelling, building or phone, a day and month swapped
# (about one pair in a million at 1M on generator 4). Unseen in that many pairs, a u is at most
# about one in 500,000; Splink's generic fallback gave such a level some 9 bits instead of 15.
UNSEEN_U = 2e-6
# Two dates of 1 January say no more than the year: both may be the year alone.
_NOT_BOTH_1_JANUARY = "NOT (dob_m_l = 1 AND dob_d_l = 1 AND dob_m_r = 1 AND dob_d_r = 1)"
_ONE_1_JANUARY = "(dob_m_l = 1 AND dob_d_l = 1) OR (dob_m_r = 1 AND dob_d_r = 1)"


def birth_date_comparison() -> Any:
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            _null("birth_date"),
            _level(f"birth_date_l = birth_date_r AND {_NOT_BOTH_1_JANUARY}", "出生日期相同"),
            _level(
                "dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r"
                f" AND {_NOT_BOTH_1_JANUARY}",
                "出生日期月日顛倒",
            ).configure(u_probability=UNSEEN_U),
            # A slip of one in one field: a year off by one (an ROC/AD conversion, a key next to
            # the right one), a day off by one or two (across a month's end too). Far rarer between two people than "one
            # field differs" (a father and a son of one name born decades apart on one day).
            _level(
                f"({_NOT_BOTH_1_JANUARY}) AND (abs(dob_days_l - dob_days_r) <= 2"
                " OR (dob_m_l = dob_m_r AND dob_d_l = dob_d_r AND abs(dob_y_l - dob_y_r) = 1)"
                " OR (dob_y_l = dob_y_r AND dob_d_l = dob_d_r AND abs(dob_m_l - dob_m_r) = 1))",
                "出生日期差一點（年或月差一、日差一兩天）",
            ),
            _level(
                "(CASE WHEN dob_y_l = dob_y_r THEN 1 ELSE 0 END)"
                " + (CASE WHEN dob_m_l = dob_m_r THEN 1 ELSE 0 END)"
                " + (CASE WHEN dob_d_l = dob_d_r THEN 1 ELSE 0 END) = 2"
                f" AND {_NOT_BOTH_1_JANUARY}",
                "出生日期年月日有一項不同",
            ),
            # 1 January stands in for an unknown month and day in many registers (people whose
            # papers gave only a year, a spreadsheet's year-only entry): against another date of
            # that year it may be the same birth written with less. A year worked out from an
            # age (this year less the age a caller gave) is the birth year or the one after it.
            _level(
                "(dob_m_l = 1 AND dob_d_l = 1 AND dob_y_l - dob_y_r IN (0, 1))"
                " OR (dob_m_r = 1 AND dob_d_r = 1 AND dob_y_r - dob_y_l IN (0, 1))",
                "出生日期一方僅知年份（1月1日，或依年齡推算）",
            ),
            # A year worked out from an age a caller guessed ("about seventy"): 1 January of a
            # year up to three from the other date's. Little evidence for, but not the strong
            # evidence against that two different birth dates are.
            _level(
                f"({_ONE_1_JANUARY}) AND abs(dob_y_l - dob_y_r) <= {GUESSED_YEARS_NEAR}",
                "出生日期一方為1月1日，年份相差三年內（依估計年齡推算）",
            ),
            # Further off, as a rounded age ("about forty" for 36) makes it: less still.
            _level(
                f"({_ONE_1_JANUARY}) AND abs(dob_y_l - dob_y_r) <= {GUESSED_YEARS}",
                "出生日期一方為1月1日，年份相差十年內（依估計年齡推算）",
            ),
            cll.ElseLevel().configure(label_for_charts="出生日期不同"),
        ],
    )


def sex_comparison() -> Any:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=[
            _null("sex"),
            _level("sex_l = sex_r", "性別相同"),
            cll.ElseLevel().configure(label_for_charts="性別不同"),
        ],
    )


def source_comparison() -> Any:
    """Where the two records come from, in the platform's runs: the index holds each person of
    the city once, and a list's records are people of the city. So two index persons are never
    one person, and a list record is far likelier to be an index person, or another list's
    record, than two records drawn from the whole file are. One prior for the whole file
    spreads the true pairs over all pairs, most of them between two index persons; training
    weighs this comparison instead (tenth session: a name and a birth date alone, common in
    the demo's lists, fell just under the link probability). Null in a file without the index
    (`safetynet link`): it changes nothing there."""
    return cl.CustomComparison(
        output_column_name="record_kind",
        comparison_levels=[
            _null("record_kind"),
            # Starting values that say nothing: training sets them wherever a file holds the
            # index, and elsewhere every pair is at the null level.
            _level(
                "record_kind_l = 'index' AND record_kind_r = 'index'", "兩筆皆為人口索引"
            ).configure(m_probability=0.5, u_probability=0.5),
            _level("record_kind_l <> record_kind_r", "人口索引與外部名單").configure(
                m_probability=0.5, u_probability=0.5
            ),
            cll.ElseLevel().configure(
                label_for_charts="兩筆皆為外部名單", m_probability=0.5, u_probability=0.5
            ),
        ],
    )


def address_comparison() -> Any:
    """By its parts: the same dwelling, building, road, district. People move: a weak signal."""
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            _level(
                "(addr_road_l IS NULL AND addr_district_l IS NULL AND addr_latin_l IS NULL)"
                " OR (addr_road_r IS NULL AND addr_district_r IS NULL AND addr_latin_r IS NULL)",
                "地址缺漏",
            ).configure(is_null_level=True),
            _level("addr_dwelling_l = addr_dwelling_r", "同一戶（門牌與樓層相同）").configure(
                u_probability=UNSEEN_U
            ),
            _level("addr_building_l = addr_building_r", "同一門牌").configure(
                u_probability=UNSEEN_U
            ),
            # An English address and its Chinese form (or two English ones): the building in
            # pinyin (road, section, lane, alley, number).
            cll.And(
                _level("addr_latin_l IS NOT NULL OR addr_latin_r IS NOT NULL", "外文地址"),
                ArraysOverlap("addr_building_rom"),
            ).configure(
                # The same building in another script: the same building's u times the few
                # pairs with one English address (see RARE_LEVELS).
                label_for_charts="同一門牌（中英文地址對照）",
                u_probability=2e-6,
            ),
            cll.And(
                _level("addr_latin_l IS NOT NULL AND addr_latin_r IS NOT NULL", "外文地址"),
                cll.JaroWinklerLevel("addr_latin", 0.9),
            ).configure(
                # Two English addresses alike but not one building: neighbours on one road as
                # often as a typo (about +2 bits, as the same road).
                label_for_charts="外文地址相近",
                m_probability=1e-4,
                u_probability=2e-5,
            ),
            _level("addr_road_l = addr_road_r", "同一路街"),
            _level("addr_district_l = addr_district_r", "同一行政區"),
            # An English address against a Chinese one that its pinyin does not meet (a road
            # with an older spelling, Keelung Rd. for 基隆路): not comparable, no evidence.
            _level(
                "(addr_latin_l IS NULL AND addr_latin_r IS NOT NULL)"
                " OR (addr_latin_l IS NOT NULL AND addr_latin_r IS NULL)",
                "外文地址與中文地址",
            ).configure(
                m_probability=0.5,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.ElseLevel().configure(label_for_charts="地址不同"),
        ],
    )


_SAME_PHONE_HOME = (
    "(phone_l = phone_r OR right(phone_l, 8) = right(phone_r, 8))"
    " AND addr_building_l = addr_building_r"
)
# A mobile number (09…, or 9… where a spreadsheet dropped the zero): a person's own more often
# than a landline is, though a family's contact mobile stands for all its members.
_MOBILE = "(phone_l LIKE '09%' OR phone_l LIKE '9%') AND (phone_r LIKE '09%' OR phone_r LIKE '9%')"


def phone_comparison() -> Any:
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            _null("phone"),
            # Within one building the same phone is what members of a household share (a
            # landline, the family's contact mobile) more than what says one person: its m and
            # u are those given the same building (pipeline.condition_on_building), so that a
            # household's shared address and phone are not counted as two rare agreements.
            # Starting values for a file where no two records in one building share such a
            # number: no more than the building says.
            _level(f"{_SAME_PHONE_HOME} AND {_MOBILE}", PHONE_HOME_MOBILE_LABEL).configure(
                m_probability=0.1, u_probability=0.1
            ),
            _level(_SAME_PHONE_HOME, PHONE_HOME_LANDLINE_LABEL).configure(
                m_probability=0.1, u_probability=0.1
            ),
            _level("phone_l = phone_r", "電話相同").configure(u_probability=UNSEEN_U),
            _level("right(phone_l, 8) = right(phone_r, 8)", "電話末八碼相同").configure(
                m_probability=0.01,
                u_probability=1e-6,  # starting values (see RARE_LEVELS)
            ),
            cll.ElseLevel().configure(label_for_charts="電話不同"),
        ],
    )


BLOCKING_RULES: list[Any] = [
    block_on("id_number"),
    block_on("name_clean", "dob_y"),
    block_on("name_fuzzy_key", "birth_date"),
    block_on("birth_date", "name_surname"),
    block_on("birth_date", "addr_building"),
    block_on("name_clean", "addr_building"),
    block_on("phone"),
    # A slip in the ID's last digits, the birth year and month kept (the year alone brought a
    # million pairs at 1M records, an eighth of all, for about ten links in 120,000 records).
    block_on("substr(id_number, 1, 5)", "dob_y", "dob_m"),
    # Records with little to go on: no ID on one side and no birth date on the other. Only
    # names at most prepare.RARE_NAME_MAX records carry (a common name alone never reaches the
    # review probability; all its pairs would be most of the comparisons at 1M records).
    block_on("name_rare"),
    # A homophone or another reading, with the birth year or the place.
    block_on("name_py_key", "dob_y"),
    # A birth year off by one (month and day kept), heard or written alike.
    block_on("name_fuzzy_key", "dob_m", "dob_d"),
    block_on("name_fuzzy_key", "addr_road"),
    # A name with the husband's surname before it or with its surname left out (陳林美華, 林美華,
    # 美華): the last two characters and the birth date.
    block_on("name_tail", "birth_date"),
    # A nickname (阿明) with the full names that end in its character (陳志明): the birth date
    # or the building.
    CustomRule(
        "l.name_last = r.name_last AND l.birth_date = r.birth_date"
        " AND (l.name_nick IS NOT NULL OR r.name_nick IS NOT NULL)",
        sql_dialect=DIALECT,
    ),
    CustomRule(
        "l.name_last = r.name_last AND l.addr_building = r.addr_building"
        " AND (l.name_nick IS NOT NULL OR r.name_nick IS NOT NULL)",
        sql_dialect=DIALECT,
    ),
    # A given name shortened to one of its characters (陳怡君 → 陳君), maybe heard as well, or an
    # English address and its Chinese form (the building in pinyin): the two together.
    block_on(
        "name_short", "addr_building_rom", arrays_to_explode=["name_short", "addr_building_rom"]
    ),
    # The birth date and the building in pinyin: a new resident's Latin-script name at an
    # English address against the Chinese name at the Chinese one (no key of either name
    # meets the other's; 567 same-person pairs never compared at 1M on generator 2).
    block_on("birth_date", "addr_building_rom", arrays_to_explode=["addr_building_rom"]),
    # A Vietnamese name in Latin script and its Sino-Vietnamese Chinese form (NGUYEN LAN /
    # 阮氏蘭), on the name alone: a new resident's hotline record with neither ID nor birth date.
    # One rule for each side, so each is a join on one value; a key meets the other script only.
    CustomRule("l.name_viet_latin = r.name_viet_zh", sql_dialect=DIALECT),
    CustomRule("l.name_viet_zh = r.name_viet_latin", sql_dialect=DIALECT),
    # A Latin-script name with a slip in one word (GRACE CARBONE / GRACE CARBNE in FEBRL 4),
    # whose order does not say which word is the surname: any word and the birth date.
    block_on("birth_date", "name_words", arrays_to_explode=["name_words"]),
    # An ID slip when the birth date is missing: the ID's other half and the surname.
    block_on("substr(id_number, 1, 6)", "name_surname"),
    block_on("substr(id_number, 6, 5)", "name_surname"),
    # A surname with a title or a mask (陳小姐, 陳○○) with the people of that surname in the
    # building.
    CustomRule(
        "l.name_surname = r.name_surname AND l.addr_building = r.addr_building"
        " AND (l.name_titled OR r.name_titled)",
        sql_dialect=DIALECT,
    ),
]
# EM sessions: each blocks on columns it then cannot estimate, so together they cover all
# (the birth date is learnt among pairs with the same ID, everything else among same birthdays).
TRAINING_BLOCKS = [block_on("birth_date"), block_on("id_number")]
DETERMINISTIC_RULES = [block_on("id_number", "birth_date")]


# RARE_LEVELS: levels that half a million random pairs (u) and the training's blocked pairs (m)
# see a handful of times or never. Unseen, Splink falls back to generic values by the level's
# position: a similar Latin-script name scored -4 bits, the same phone's last eight digits +3,
# an ID slip +4.5 (generator 2). So these levels carry stated starting values, which training
# replaces when it sees the level; where EM drives an m to nothing, pipeline.M_FLOOR holds it,
# and the u of the levels that ask for one value are counted (pipeline.counted_u). Guesses,
# not sourced: rarer than a homophone (reordered, Latin spelling); another script's building
# or the last eight digits of a phone as the same building or phone among the few pairs where
# they can differ (one English address, one number with an area code); see docs/linkage.md.


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            id_comparison(),
            name_comparison(),
            birth_date_comparison(),
            sex_comparison(),
            address_comparison(),
            phone_comparison(),
            source_comparison(),
        ],
        blocking_rules_to_generate_predictions=BLOCKING_RULES,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=["source_system", "source_id"],
    )
