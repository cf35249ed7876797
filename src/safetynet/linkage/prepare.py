"""One record of an external list → the columns linkage compares, computed once per record.

Everything Chinese-aware happens here, in Python and cached per distinct value, so that the
comparison SQL (DuckDB or Spark) only compares prepared columns and both engines give the same
levels.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import pyarrow as pa

from safetynet.core.roc import DateParseError, parse_date
from safetynet.linkage.addresses import parse_address
from safetynet.linkage.names import name_keys
from safetynet.people.domain import InvalidIdNumber, id_number_kind, normalise_id_number

T = TypeVar("T")
INPUT_COLUMNS = (
    "source_system", "source_id", "name", "national_id", "birth_date", "sex", "address", "phone",
)  # fmt: skip
_TIME_TAIL = re.compile(r"[T\s]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_SEX = {"M": "M", "F": "F", "男": "M", "女": "F", "1": "M", "2": "F", "MALE": "M", "FEMALE": "F"}
EARLIEST_BIRTH = dt.date(1900, 1, 1)

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("source_system", pa.string()),
        ("source_id", pa.string()),
        ("name_clean", pa.string()),
        ("name_surname", pa.string()),
        ("name_given", pa.string()),
        ("name_chars", pa.list_(pa.string())),
        ("name_py_tone", pa.list_(pa.string())),
        ("name_py", pa.list_(pa.string())),
        ("name_fuzzy", pa.list_(pa.string())),
        ("name_py_key", pa.string()),
        ("name_fuzzy_key", pa.string()),
        ("name_latin", pa.bool_()),
        ("id_number", pa.string()),
        ("id_valid", pa.bool_()),
        ("id_kind", pa.string()),
        ("birth_date", pa.date32()),
        ("dob_y", pa.int32()),
        ("dob_m", pa.int32()),
        ("dob_d", pa.int32()),
        ("sex", pa.string()),
        ("addr_district", pa.string()),
        ("addr_road", pa.string()),
        ("addr_building", pa.string()),
        ("addr_dwelling", pa.string()),
        ("addr_latin", pa.string()),
        ("phone", pa.string()),
    ]
)


def birth_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """Any of the ROC/AD forms, with a spreadsheet's time part dropped; None if not a birth date."""
    value = _TIME_TAIL.sub("", unicodedata.normalize("NFKC", text or "").strip())
    if not value:
        return None
    try:
        day = parse_date(value)
    except DateParseError:
        return None
    return day if EARLIEST_BIRTH <= day <= (today or dt.date.today()) else None


def id_number(text: str) -> tuple[str | None, bool, str]:
    """(normalised number or None, valid check digit, kind)."""
    value = normalise_id_number(text or "")
    if not value:
        return None, False, ""
    try:
        return value, True, id_number_kind(value).value
    except InvalidIdNumber:
        return value, False, ""


def phone_number(text: str) -> str | None:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))
    if digits.startswith("886"):
        digits = "0" + digits[3:]
    return digits if len(digits) >= 7 else None


def latin_address(text: str) -> str | None:
    """A foreign (Latin-script) address as one lower-case string; None for Chinese ones, which
    are compared by their parts."""
    value = " ".join(unicodedata.normalize("NFKC", text or "").lower().split())
    return value if value and value.isascii() else None


def sex(text: str) -> str | None:
    return _SEX.get(unicodedata.normalize("NFKC", text or "").strip().upper())


def _each_distinct(function: Callable[[str], T], values: list[str]) -> list[T]:
    """function(v) for every value, computed once per distinct value (a memo for this call)."""
    memo: dict[str, T] = {}
    out = []
    for value in values:
        if value in memo:
            out.append(memo[value])
        else:
            out.append(memo.setdefault(value, function(value)))
    return out


Columns = Mapping[str, Sequence[str]]


def columns_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Row dicts → the columnar form prepare_records takes (missing values become '')."""
    records = list(rows)
    return {c: [str(r.get(c) or "") for r in records] for c in INPUT_COLUMNS}


def _or_none(values: Iterable[str]) -> list[str | None]:
    return [v or None for v in values]


def prepare_records(records: Columns, *, today: dt.date | None = None) -> pa.Table:
    """Prepare records (columns named as INPUT_COLUMNS, any may be absent) into an Arrow table;
    unique_id is the row number.

    Column by column, each distinct value computed once (names, dates and addresses repeat).
    """
    count = max((len(v) for v in records.values()), default=0)

    def text(column: str) -> list[str]:
        values = records.get(column)
        return [v or "" for v in values] if values is not None else [""] * count

    names = _each_distinct(name_keys, text("name"))
    ids = _each_distinct(id_number, text("national_id"))
    born = _each_distinct(lambda v: birth_date(v, today), text("birth_date"))
    places = _each_distinct(parse_address, text("address"))
    columns: dict[str, list[Any]] = {
        "unique_id": list(range(count)),
        "source_system": text("source_system"),
        "source_id": text("source_id"),
        "name_clean": _or_none(k.clean for k in names),
        "name_surname": _or_none(k.surname for k in names),
        "name_given": _or_none(k.given for k in names),
        "name_chars": [list(k.chars) or None for k in names],
        "name_py_tone": [list(k.pinyin_tone) or None for k in names],
        "name_py": [list(k.pinyin) or None for k in names],
        "name_fuzzy": [list(k.fuzzy) or None for k in names],
        "name_py_key": [k.pinyin[0] if k.pinyin else None for k in names],
        "name_fuzzy_key": [k.fuzzy[0] if k.fuzzy else None for k in names],
        "name_latin": [k.latin for k in names],
        "id_number": [i[0] for i in ids],
        "id_valid": [i[1] for i in ids],
        "id_kind": _or_none(i[2] for i in ids),
        "birth_date": born,
        "dob_y": [d.year if d else None for d in born],
        "dob_m": [d.month if d else None for d in born],
        "dob_d": [d.day if d else None for d in born],
        "sex": [sex(v) for v in text("sex")],
        "addr_district": _or_none(a.district for a in places),
        "addr_road": _or_none(a.road for a in places),
        "addr_building": _or_none(a.building for a in places),
        "addr_dwelling": _or_none(a.dwelling for a in places),
        "addr_latin": _each_distinct(latin_address, text("address")),
        "phone": _each_distinct(phone_number, text("phone")),
    }
    return pa.table(columns, schema=SCHEMA)
