"""One record of an external list → the columns linkage compares, computed once per record.

Everything Chinese-aware happens here, in Python and cached per distinct value, so that the
comparison SQL (DuckDB or Spark) only compares prepared columns and both engines give the same
levels.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from safetynet.core.roc import DateParseError, parse_date, parse_year
from safetynet.core.twid import (
    InvalidIdNumber,
    id_number_kind,
    normalise_id_number,
    sex_from_id_number,
)
from safetynet.linkage.addresses import parse_address, romanised_buildings
from safetynet.linkage.names import name_keys

logger = logging.getLogger(__name__)
T = TypeVar("T")
INPUT_COLUMNS = (
    "source_system", "source_id", "name", "national_id", "birth_date", "sex", "address", "phone",
)  # fmt: skip
# A spreadsheet's time after the date: " 00:00:00", "T00:00", " 上午 12:00:00" (zh-TW Excel).
_TIME_TAIL = re.compile(
    r"(?:T|\s+)(?:上午|下午|AM|PM|am|pm)?\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(?:AM|PM|am|pm)?$"
)
# What a date is written with around it: a weekday in brackets (1985/03/04(一)), 生 after it
# (74年3月4日生), a closing full stop (1985.03.04.); 號 for 日 (1985年3月4號).
_DATE_TAIL = re.compile(r"\s*(?:[(（][一二三四五六日天][)）]|生|\.)$")
_DAY_HAO = re.compile(r"(?<=\d)\s*號$")
# What a register writes for "unknown" in an ID or phone field: one digit over and over
# (A000000000, 0000000000, 0911111111, 02-22222222; a phone 123456789 too). Read as empty:
# shared by dozens of strangers, it was "the same ID" or "the same phone" for all of them.
# (A123456789, the ministry's sample ID, is typed as filler too, but is also what every example
# and test uses: not read as empty.)
_PLACEHOLDER = re.compile(r"^(\d)\1+$")
_PLACEHOLDER_PHONE = re.compile(r"^(?:(\d)\1+|0?123456789)$")
# Between two numbers in one cell: 0912345678 / 0223456789, 0912345678、0922333444, …或…
_PHONE_SEPARATOR = re.compile(r"[/、,;|]|\s{2,}|或|及|和")
_PHONE_EXTENSION = re.compile(r"(#|轉|分機|ext\.?|x)\s*\d+\s*$", re.IGNORECASE)
_SEX = {"M": "M", "F": "F", "男": "M", "女": "F", "1": "M", "2": "F", "MALE": "M", "FEMALE": "F",
        "男性": "M", "女性": "F", "男生": "M", "女生": "F", "生理男": "M", "生理女": "F"}  # fmt: skip
# A date with its year last (14/04/2023, 04/14/2023), with an optional spreadsheet time after it.
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})(?:\D.*)?$")
_YEAR_LAST_PREFIX = (
    r"^\s*[0-9０-９]{1,2}\s*[/\-.．／－]\s*[0-9０-９]{1,2}\s*[/\-.．／－]\s*[0-9０-９]{4}"
)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")  # 31087 or 31087.0: 1985-02-09
# A name carried by at most this many records of a file is blocked on alone (no birth date, no
# place): a name and nothing else reaches the review probability only when it is that rare
# (term frequency), and common names' pairs are what makes name-only blocking grow with the
# square of the file. The rule brings at most RARE_NAME_MAX - 1 pairs per record. Names shared
# with some weak evidence (road, district and sex, building) have rules of their own.
RARE_NAME_MAX = 5
# Addresses are prepared in a second process when a file has at least this many distinct ones
# and the machine a second core: they are the slowest column (727,000 distinct addresses in a
# million records: about 12 of the 24 s), and the rest fills the first core. Starting the
# process (a new interpreter importing this module) costs about half a second.
PARALLEL_ADDRESSES = 50_000

# The source_system of the platform's index persons in a run (linkage.services): one record a
# person, never two of them the same person. A file with such records gets record_kind.
INDEX_SYSTEM = "index"

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("source_system", pa.string()),
        ("source_id", pa.string()),
        ("record_kind", pa.string()),
        ("name_clean", pa.string()),
        ("name_surname", pa.string()),
        ("name_given", pa.string()),
        ("name_chars", pa.list_(pa.string())),
        ("name_words", pa.list_(pa.string())),
        ("name_sorted", pa.string()),
        ("name_py_tone", pa.list_(pa.string())),
        ("name_py", pa.list_(pa.string())),
        ("name_fuzzy", pa.list_(pa.string())),
        ("name_py_key", pa.string()),
        ("name_fuzzy_key", pa.string()),
        ("name_short", pa.list_(pa.string())),
        ("name_rare", pa.string()),
        ("name_tail", pa.string()),
        ("name_nick", pa.string()),
        ("name_last", pa.string()),
        ("name_latin", pa.bool_()),
        ("name_dotted", pa.bool_()),
        ("name_titled", pa.bool_()),
        ("name_viet_latin", pa.string()),
        ("name_viet_zh", pa.string()),
        ("id_number", pa.string()),
        ("id_valid", pa.bool_()),
        ("id_kind", pa.string()),
        ("birth_date", pa.date32()),
        ("dob_y", pa.int32()),
        ("dob_m", pa.int32()),
        ("dob_d", pa.int32()),
        ("dob_days", pa.int32()),
        ("sex", pa.string()),
        ("addr_district", pa.string()),
        ("addr_road", pa.string()),
        ("addr_building", pa.string()),
        ("addr_dwelling", pa.string()),
        ("addr_latin", pa.string()),
        ("addr_building_rom", pa.list_(pa.string())),
        ("phone", pa.string()),
    ]
)


def birth_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """Any of the ROC/AD forms, with a spreadsheet's time part dropped, a year alone (or a year
    and month) or a spreadsheet's serial number; None if not a birth date."""
    value = _TIME_TAIL.sub("", unicodedata.normalize("NFKC", text or "").strip())
    value = _DAY_HAO.sub("日", _DATE_TAIL.sub("", value))
    if not value:
        return None
    try:
        day = parse_date(value)
    except DateParseError:
        serial = _SERIAL.match(value)
        if serial is not None:
            # A spreadsheet's date exported as its serial number (days since 1899-12-30).
            day = EXCEL_EPOCH + dt.timedelta(days=int(serial.group(1)))
        else:
            # A year alone (1985, 民國74年) or a year and month (1985-03): 1 January of the
            # year, the placeholder registers write for it (and the comparison and the
            # clustering read 1 January as possibly the year only).
            try:
                year = int(value) if value.isascii() and len(value) == 4 else parse_year(value)
            except (ValueError, DateParseError):
                return None
            day = dt.date(max(year, EARLIEST_BIRTH.year - 1), 1, 1)
    return day if EARLIEST_BIRTH <= day <= (today or dt.date.today()) else None


def day_first_dates(systems: pa.Array, texts: pa.Array) -> pa.Array:
    """The birth dates (strings) with each system's day-first dates (05/12/2014: 5 December)
    written ISO. A date with its year last says nothing of its order when both other parts are
    12 or less, but one system's export writes every date the same way: its dates with a part
    over 12 tell. Day first where they say so or say nothing (DD/MM/YYYY is how Vietnam,
    Indonesia and Thailand write a date; the United States' MM/DD/YYYY where a system's dates
    show it). parse_date alone reads the ambiguous ones month first: in a day-first export four
    in ten would become another date (a slip the comparison forgives once, not with a second)."""
    found = pc.fill_null(pc.match_substring_regex(texts, _YEAR_LAST_PREFIX), False)
    if not pc.any(found).as_py():
        return texts
    candidates = pc.indices_nonzero(found)
    votes: dict[str, int] = {}
    # text -> (its vote: 1 day first, -1 month first, 0 neither; its ISO form if ambiguous)
    read: dict[str, tuple[int, str | None]] = {}
    ambiguous: list[tuple[int, str, str]] = []
    for i, text, system in zip(
        candidates.to_pylist(),
        texts.take(candidates).to_pylist(),
        systems.take(candidates).to_pylist(),
        strict=True,
    ):
        if text not in read:
            match = _YEAR_LAST.match(unicodedata.normalize("NFKC", text).strip())
            if match is None:
                read[text] = (0, None)
            else:
                first, second, year = (int(g) for g in match.groups())
                swapped = f"{year:04d}-{second:02d}-{first:02d}"
                read[text] = (
                    (first > 12) - (second > 12),
                    swapped if max(first, second) <= 12 else None,
                )
        vote, iso = read[text]
        votes[system] = votes.get(system, 0) + vote
        if iso is not None:
            ambiguous.append((i, system, iso))
    swap = [(i, iso) for i, system, iso in ambiguous if votes[system] >= 0]
    if not swap:
        return texts
    mask = [False] * len(texts)
    for i, _iso in swap:
        mask[i] = True
    return pc.replace_with_mask(
        texts, pa.array(mask, pa.bool_()), pa.array([iso for _i, iso in swap], pa.string())
    )


def id_number(text: str) -> tuple[str | None, bool, str]:
    """(normalised number or None, valid check digit, kind). Separators typed into an ID
    (A123-456-789, A 123 456 789) are dropped."""
    value = re.sub(r"[^0-9A-Z]", "", normalise_id_number(text or ""))
    if not value or _PLACEHOLDER.match(value[1:] if value[:1].isalpha() else value):
        return None, False, ""
    try:
        return value, True, id_number_kind(value).value
    except InvalidIdNumber:
        return value, False, ""


def phone_number(text: str) -> str | None:
    """The digits of the first number in the cell (0912345678 / 02-2345-6789: two numbers, the
    first kept), without its extension, +886 written 0."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    for part in _PHONE_SEPARATOR.split(value):
        digits = re.sub(r"\D", "", _PHONE_EXTENSION.sub("", part.strip()))
        if digits.startswith("886"):
            digits = "0" + digits[3:]
        if len(digits) > 10 and digits.startswith("09"):
            digits = digits[:10]  # two numbers with a space between: a mobile has ten digits
        if len(digits) >= 7:
            filler = _PLACEHOLDER_PHONE.match(digits.removeprefix("0").removeprefix("9"))
            return None if filler else digits
    return None


def latin_address(text: str) -> str | None:
    """A foreign (Latin-script) address as one lower-case string; None for Chinese ones, which
    are compared by their parts."""
    value = " ".join(unicodedata.normalize("NFKC", text or "").lower().split())
    return value if value and value.isascii() else None


def sex(text: str) -> str | None:
    return _SEX.get(unicodedata.normalize("NFKC", text or "").strip().upper())


@dataclass
class _Distinct(Generic[T]):
    """A column's distinct values worked out once, and each row's position among them.
    Output columns are built over the distinct values and spread to the rows by Arrow."""

    values: list[T]
    index: pa.Array
    texts: list[str]  # the distinct texts the values were worked out from

    def column(self, extract: Callable[[T], Any], type_: pa.DataType) -> pa.Array:
        return pa.array([extract(v) for v in self.values], type=type_).take(self.index)

    def list_column(self, extract: Callable[[T], Sequence[str]]) -> pa.Array:
        """A list<string> column, null where the list is empty. Built from flat values and
        offsets: five times faster than Arrow converting nested Python lists."""
        offsets: list[int] = [0]
        flat: list[str] = []
        empty: list[bool] = []
        for value in self.values:
            items = extract(value)
            flat.extend(items)
            offsets.append(len(flat))
            empty.append(not items)
        lists = pa.ListArray.from_arrays(
            pa.array(offsets, pa.int32()), pa.array(flat, pa.string()), mask=pa.array(empty)
        )
        return lists.take(self.index)


# Progress inside preparation: (step, distinct values done, distinct values in all).
StepProgress = Callable[[str, int, int], None]
PROGRESS_EVERY = 20_000


def _distinct(
    function: Callable[[str], T],
    values: Sequence[str] | pa.Array,
    step: str = "",
    progress: StepProgress | None = None,
) -> _Distinct[T]:
    index, texts = _encode(values)
    total = len(texts)
    out: list[T] = []
    for done, value in enumerate(texts):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(step, done, total)
        out.append(function(value))
    if progress is not None:
        progress(step, total, total)
    return _Distinct(out, index, texts)


def _encode(values: Sequence[str] | pa.Array) -> tuple[pa.Array, list[str]]:
    """Each value's position among the distinct values (in order of first appearance; a
    missing value is ''), and those values. Arrow's dictionary encoding: at 1M records a dict
    in Python took 0.7 s a column."""
    array = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    encoded = pc.fill_null(array, "").dictionary_encode()
    return encoded.indices.cast(pa.int32()), encoded.dictionary.to_pylist()


Columns = Mapping[str, Sequence[str]]


def in_canonical_order(table: pa.Table) -> tuple[pa.Table, list[int]]:
    """Prepared records in the order of (source_system, source_id), ties in the file's order,
    each unique_id its new row number; and for each new row the row it was (to map clusters
    back). Linking in this order makes the result independent of the file's row order:
    training samples pairs by their place in the table, so the same records reversed trained
    slightly other weights and could end a borderline pair otherwise (eleventh session: up to
    eight persons at 6,000 records). Arrow sorts and takes: in Python, 1M rows took 3 s."""
    order = pc.sort_indices(
        table,
        sort_keys=[("source_system", "ascending"), ("source_id", "ascending"),
                   ("unique_id", "ascending")],
    )  # fmt: skip
    ordered = table.take(order)
    position = ordered.schema.get_field_index("unique_id")
    ids = pa.array(range(table.num_rows), type=pa.int64())
    return ordered.set_column(position, "unique_id", ids), order.to_pylist()


def columns_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Row dicts → the columnar form prepare_records takes (missing values become '')."""
    records = list(rows)
    return {c: [str(r.get(c) or "") for r in records] for c in INPUT_COLUMNS}


def _rare(names: pa.Array) -> pa.Array:
    """The name where at most RARE_NAME_MAX records carry it, else null."""
    counts = pc.value_counts(names)
    common = [
        value
        for value, n in zip(
            counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True
        )
        if value is not None and n > RARE_NAME_MAX
    ]
    if not common:
        return names
    is_common = pc.is_in(names, value_set=pa.array(common, pa.string()))
    return pc.if_else(is_common, pa.scalar(None, pa.string()), names)


def _address_table(texts: Sequence[str]) -> pa.Table:
    """The address columns over distinct address texts (one row each, in order)."""
    parts = [parse_address(t) for t in texts]
    strings = pa.string()
    rom = _Distinct(
        [romanised_buildings(t, p) for t, p in zip(texts, parts, strict=True)],
        pa.array(range(len(texts)), pa.int32()),
        list(texts),
    )
    return pa.table(
        {
            "addr_district": pa.array([a.district or None for a in parts], strings),
            "addr_road": pa.array([a.road or None for a in parts], strings),
            "addr_building": pa.array([a.building or None for a in parts], strings),
            "addr_dwelling": pa.array([a.dwelling or None for a in parts], strings),
            "addr_latin": pa.array(map(latin_address, texts), strings),
            "addr_building_rom": rom.list_column(lambda keys: keys),
        }
    )


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue())


def address_worker() -> None:
    """The second process: distinct address texts in on stdin, their address table out on
    stdout, both as Arrow IPC streams (no pickling of Python objects: that cost what the second
    core saved when it was tried)."""
    texts = pa.ipc.open_stream(sys.stdin.buffer.read()).read_all().column("text").to_pylist()
    sys.stdout.buffer.write(_to_ipc(_address_table(texts)))
    sys.stdout.buffer.flush()


# The second process: a new interpreter running address_worker (not multiprocessing: a fork of
# a process whose DuckDB or Arrow threads had run crashed in the child, and spawn re-runs the
# caller's main script when it has no __main__ guard).
WORKER = [
    sys.executable,
    "-c",
    "from safetynet.linkage.prepare import address_worker; address_worker()",
]


class _Addresses:
    """The address table over distinct addresses, worked out in a second process meanwhile
    when it pays, else here when asked for."""

    def __init__(self, texts: list[str], *, parallel: bool) -> None:
        self.texts = texts
        self.process: subprocess.Popen[bytes] | None = None
        self.writer: threading.Thread | None = None
        if parallel:
            try:
                self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our module
                    WORKER, stdin=subprocess.PIPE, stdout=subprocess.PIPE
                )
            except OSError:  # no interpreter to start: work here
                logger.warning("address preparation process could not start; preparing here")
                return
            data = _to_ipc(pa.table({"text": pa.array(texts, pa.string())}))
            # Written from a thread: the pipe holds 64 KB, and the process takes half a second
            # to start reading.
            self.writer = threading.Thread(target=self._send, args=(data,), daemon=True)
            self.writer.start()

    def _send(self, data: bytes) -> None:
        assert self.process is not None and self.process.stdin is not None
        with contextlib.suppress(OSError):  # it died: table() finds no result
            self.process.stdin.write(data)
        with contextlib.suppress(OSError):
            self.process.stdin.close()

    def stop(self) -> None:
        """The caller failed before asking for the table: end the process."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def table(self) -> pa.Table:
        if self.process is None:
            return _address_table(self.texts)
        assert self.process.stdout is not None
        data = self.process.stdout.read()
        if self.writer is not None:
            self.writer.join()
        if self.process.wait() != 0 or not data:
            logger.warning("address preparation process ended without a result; preparing here")
            return _address_table(self.texts)
        return pa.ipc.open_stream(data).read_all()


def _second_process_pays(distinct: int) -> bool:
    return distinct >= PARALLEL_ADDRESSES and (os.cpu_count() or 1) > 1


def _sex_and_id(valid: pa.Array, encoded: pa.Array, sex: pa.Array) -> tuple[pa.Array, pa.Array]:
    """(id_valid, sex) of each record, where a record's typed sex and the sex its valid ID
    encodes (its second character) disagree: one of them is wrong and nothing says which (a sex
    code slipped, or another household member's ID was written on the form), so neither the ID
    nor the sex is a hard constraint; the ID still compares as written."""
    disagree = pc.fill_null(pc.and_(valid, pc.not_equal(sex, encoded)), False)
    return (
        pc.if_else(disagree, False, valid),
        pc.if_else(disagree, pa.scalar(None, pa.string()), sex),
    )


def _record_kind(systems: pa.Array) -> pa.Array:
    """Each record's kind where the file holds the index (the platform's runs): "index" for the
    index's records, "list" for the others; null everywhere in a file without it."""
    from_index = pc.equal(systems, INDEX_SYSTEM)
    if not pc.any(from_index).as_py():
        return pa.nulls(len(systems), pa.string())
    return pc.if_else(from_index, "index", "list")


def _other_columns(
    text: Callable[[str], Sequence[str]],
    count: int,
    today: dt.date | None,
    progress: StepProgress | None,
) -> dict[str, pa.Array]:
    """Every prepared column but the addresses'."""
    names = _distinct(name_keys, text("name"), "name", progress)
    latin_viet = {k.viet for k in names.values if k.latin and k.viet}
    ids = _distinct(id_number, text("national_id"), "national_id", progress)
    systems = pa.array([v or "" for v in text("source_system")], pa.string())
    born = _distinct(
        lambda v: birth_date(v, today),
        day_first_dates(systems, pa.array(text("birth_date"), pa.string())),
        "birth_date",
        progress,
    )
    phones = _distinct(phone_number, text("phone"), "phone", progress)
    sexes = _distinct(sex, text("sex"))
    strings = pa.string()
    valid, typed_sex = _sex_and_id(
        ids.column(lambda i: i[1], pa.bool_()),
        ids.column(lambda i: sex_from_id_number(i[0]) if i[0] and i[1] else None, strings),
        # Where no sex is typed, the one a title says (陳小姐, 陳先生).
        pc.coalesce(
            sexes.column(lambda v: v, strings),
            names.column(lambda k: k.title_sex or None, strings),
        ),
    )
    return {
        "unique_id": pa.array(range(count), type=pa.int64()),
        "source_system": systems,
        "source_id": pa.array([v or "" for v in text("source_id")], type=strings),
        "record_kind": _record_kind(systems),
        "name_clean": names.column(lambda k: k.clean or None, strings),
        "name_surname": names.column(lambda k: k.surname or None, strings),
        "name_given": names.column(lambda k: k.given or None, strings),
        "name_chars": names.list_column(lambda k: k.chars),
        # A Latin-script name's words (which is the surname, the order does not say).
        "name_words": names.list_column(lambda k: k.chars if k.latin else ()),
        "name_sorted": names.column(lambda k: "".join(sorted(k.clean)) or None, strings),
        "name_py_tone": names.list_column(lambda k: k.pinyin_tone),
        "name_py": names.list_column(lambda k: k.pinyin),
        "name_fuzzy": names.list_column(lambda k: k.fuzzy),
        "name_py_key": names.column(lambda k: k.pinyin[0] if k.pinyin else None, strings),
        "name_fuzzy_key": names.column(lambda k: k.fuzzy[0] if k.fuzzy else None, strings),
        "name_short": names.list_column(lambda k: k.short),
        "name_rare": _rare(names.column(lambda k: k.clean or None, strings)),
        # The last two characters of a Chinese name: what 冠夫姓 and a dropped surname keep.
        "name_tail": names.column(
            lambda k: k.clean[-2:] if not k.latin and len(k.clean) >= 2 else None, strings
        ),
        # A nickname's character, and the character a full Chinese name ends with (阿明 meets
        # 陳志明 on 明).
        "name_nick": names.column(lambda k: k.nick or None, strings),
        "name_last": names.column(
            lambda k: k.nick or (k.clean[-1] if not k.latin and len(k.clean) >= 2 else None),
            strings,
        ),
        "name_latin": names.column(lambda k: k.latin, pa.bool_()),
        "name_dotted": names.column(lambda k: k.dotted, pa.bool_()),
        # A surname with a title or a mask (陳小姐, 陳○○): no name, its surname alone.
        "name_titled": names.column(lambda k: k.title_sex is not None, pa.bool_()),
        # A Vietnamese name in Latin script and a Chinese name with its reading (names.viet_key):
        # two columns, so that blocking and the name level meet one script with the other only.
        # A Chinese name's only where some Latin-script name of the file has it: nearly every
        # Chinese name has a reading, and the column travels with every compared pair.
        "name_viet_latin": names.column(lambda k: (k.viet if k.latin else "") or None, strings),
        "name_viet_zh": names.column(
            lambda k: k.viet if not k.latin and k.viet in latin_viet else None, strings
        ),
        "id_number": ids.column(lambda i: i[0], strings),
        "id_valid": valid,
        "id_kind": ids.column(lambda i: i[2] or None, strings),
        "birth_date": born.column(lambda d: d, pa.date32()),
        "dob_y": born.column(lambda d: d.year if d else None, pa.int32()),
        "dob_m": born.column(lambda d: d.month if d else None, pa.int32()),
        "dob_d": born.column(lambda d: d.day if d else None, pa.int32()),
        # Days since 1 January of year 1: a day's slip across a month's end stays one day.
        "dob_days": born.column(lambda d: d.toordinal() if d else None, pa.int32()),
        "sex": typed_sex,
        "phone": phones.column(lambda v: v, strings),
    }


def prepare_records(
    records: Columns, *, today: dt.date | None = None, progress: StepProgress | None = None
) -> pa.Table:
    """Prepare records (columns named as INPUT_COLUMNS, any may be absent) into an Arrow table;
    unique_id is the row number.

    Each distinct name, ID, date, address and phone is worked out once: they repeat a lot.
    Addresses are worked out in a second process meanwhile when there are many.
    `progress` hears which column is being prepared and how far (every 20,000 distinct values).
    """
    count = max((len(v) for v in records.values()), default=0)

    def text(column: str) -> Sequence[str]:
        return records.get(column) or [""] * count

    place_index, places_text = _encode(text("address"))
    addresses = _Addresses(places_text, parallel=_second_process_pays(len(places_text)))
    try:
        columns = _other_columns(text, count, today, progress)
    except BaseException:
        addresses.stop()
        raise
    if progress is not None:
        progress("address", 0, len(places_text))
    places = addresses.table()
    if progress is not None:
        progress("address", len(places_text), len(places_text))
    for name in places.column_names:
        columns[name] = places.column(name).combine_chunks().take(place_index)
    return pa.table(columns, schema=SCHEMA)
