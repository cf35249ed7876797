"""Reading an external system's list: CSV (UTF-8 or cp950/Big5), xlsx or ods.

Everything is read and checked before anything is imported, so a bad file changes nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from safetynet.core.errors import ServiceError

MAX_ROWS = 5_000_000
TITLE_ROWS = 5  # rows of a title above the header that are looked past


def _error(message: str) -> ServiceError:
    return ServiceError("bad_file", message)


# Big5's user-defined characters (造字: a rare character in a name, made in the office that
# typed it), in Microsoft's mapping to Unicode's private use area, which Python's cp950 lacks:
# (first lead byte, first trail offset, first code point) per range, 157 characters a lead byte.
_EUDC_RANGES = ((0xFA, 0xFE, 0, 0xE000), (0x8E, 0xA0, 0, 0xE311), (0x81, 0x8D, 0, 0xEEB8),
                (0xC6, 0xC8, 63, 0xF6B1))  # fmt: skip
_EUDC = "safetynet-big5-eudc"


def _trail_offset(trail: int) -> int | None:
    if 0x40 <= trail <= 0x7E:
        return trail - 0x40
    if 0xA1 <= trail <= 0xFE:
        return trail - 0xA1 + 63
    return None


def _big5_eudc(error: UnicodeError) -> tuple[str, int]:
    """A user-defined character decoded to its private-use code point, as Windows does: the
    record keeps a character (the same 造字 in two records of one system still matches)."""
    if not isinstance(error, UnicodeDecodeError) or error.start + 1 >= len(error.object):
        raise error
    lead, trail = error.object[error.start], error.object[error.start + 1]
    offset = _trail_offset(trail)
    for first, last, first_offset, base in _EUDC_RANGES:
        if (
            offset is not None
            and first <= lead <= last
            and (lead > first or offset >= first_offset)
        ):
            return chr(base + (lead - first) * 157 + offset - first_offset), error.start + 2
    raise error


codecs.register_error(_EUDC, _big5_eudc)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without its BOM), or Big5 (cp950), line by line: a list put together from
    two systems' exports can mix them, and reading it all as Big5 would garble every UTF-8
    line. A Big5 line is almost never valid UTF-8 (its lead bytes 0x81-0xFE are followed by
    bytes UTF-8 does not allow), so each line is read as UTF-8 where it can be."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    decoded = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                decoded.append(line.decode("cp950", errors=_EUDC))
            except UnicodeDecodeError:
                raise _error(_("The file is neither UTF-8 nor Big5 (cp950) text.")) from None
    return "\n".join(decoded)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise _error(_("The file is not a CSV text file."))
    try:
        sniffed = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
        delimiter = sniffed.delimiter
    except csv.Error:
        delimiter = ","
    try:
        # Only the delimiter is taken from the sniffer: it guesses quoting wrong ("" inside a
        # quoted cell, as Excel and every CSV writer escape a quote, read as two cells).
        yield from csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    except csv.Error as exc:  # a cell longer than csv's field limit, a stray quote …
        raise _error(_("The file is not a readable CSV file.")) from exc


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # not a zip, not the XML of one: whatever the reader raises
        raise _error(_("The file is not a readable xlsx workbook.")) from exc
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if v is None else _cell_text(v) for v in row]
    except Exception as exc:  # the sheets are XML read lazily: broken XML shows up here
        raise _error(_("The file is not a readable xlsx workbook.")) from exc


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def _ods_rows(data: bytes) -> Iterator[list[str]]:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # not a zip, not the XML of one: whatever the reader raises
        raise _error(_("The file is not a readable ods spreadsheet.")) from exc
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        return
    try:
        for row in tables[0].getElementsByType(TableRow):
            cells: list[str] = []
            for cell in row.getElementsByType(TableCell):
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                cells.extend([teletype.extractText(cell).strip()] * min(repeat, 100))
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                yield cells
    except ValueError as exc:  # a repeat count that is not a number
        raise _error(_("The file is not a readable ods spreadsheet.")) from exc


def read_rows(data: bytes, filename: str) -> tuple[list[str], Iterator[list[str]]]:
    """The header row and an iterator of the other rows, by the file's extension."""
    suffix = Path(filename).suffix.lower()
    readers = {".csv": _csv_rows, ".txt": _csv_rows, ".tsv": _csv_rows, ".xlsx": _xlsx_rows,
               ".ods": _ods_rows}  # fmt: skip
    if suffix not in readers:
        raise _error(
            _(
                "Only CSV, xlsx and ods files can be read: save it as one of them"
                " (an .xls as .xlsx)."
            )
        )
    if not data:
        raise _error(_("The file is empty."))
    rows = readers[suffix](data)
    header = next(rows, None)
    if not header or not any(h.strip() for h in header):
        raise _error(_("The file has no header row."))
    return _header(header, filename), rows


def _header(cells: list[str], filename: str) -> list[str]:
    header = [text.strip().lstrip("\ufeff") for text in cells]
    if Path(filename).suffix.lower() in (".xlsx", ".ods"):
        # A sheet's rows are as wide as its widest: a cell typed beyond the header in one
        # row widens the header with empty cells, which would let that cell pass as a column.
        while header and not header[-1]:
            header.pop()
    return header


# A column's other spellings: its name in Chinese as registers write it. Headers are compared
# after NFKC, lower case, and spaces or hyphens read as "_" (Source ID, source-id, SOURCE_ID).
COLUMN_ALIASES = {
    "來源系統": "source_system", "來源編號": "source_id", "姓名": "name",
    "身分證統一編號": "national_id", "身分證字號": "national_id", "身分證號": "national_id",
    "統一證號": "national_id", "出生日期": "birth_date", "生日": "birth_date",
    "出生年月日": "birth_date", "性別": "sex", "地址": "address", "住址": "address",
    "戶籍地址": "address", "居住地址": "address", "通訊地址": "address", "電話": "phone",
    "聯絡電話": "phone", "手機": "phone", "行動電話": "phone",
}  # fmt: skip


def _column_key(header: str) -> tuple[str, bool]:
    """(the column a header names, whether by one of its aliases)."""
    key = re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFKC", header).strip().lower())
    alias = COLUMN_ALIASES.get(key.replace("_", ""))
    return (alias, True) if alias else (key, False)


def read_records(
    data: bytes,
    filename: str,
    *,
    required: tuple[str, ...],
    keys: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    exact_width: bool = False,
    skipped: list[int] | None = None,
    unused: list[str] | None = None,
    repeated: list[int] | None = None,
) -> dict[str, list[str]]:
    """The file's records as columns keyed by column name: every `required` one, and those of
    `optional` that the file has. A header names a column in any case, with spaces or hyphens
    for "_", or by its Chinese names (COLUMN_ALIASES; of two that name one column the first is
    read, the other reported unused).

    Up to TITLE_ROWS rows of one cell or none above the header (a title) are looked past;
    row numbers are the file's. Checks everything first: missing or doubled columns, rows with
    a cell beyond the header, cells of `keys` (those of `required` that identify a row) left
    empty, too many rows. Raises ServiceError with a message for people; returns nothing
    half-read.

    `exact_width`: a CSV row with fewer or more cells than the header is refused with its row
    number (a spreadsheet row has every column, so only CSV rows are counted). `skipped`: such
    rows, rows with a cell beyond the header and rows with a key cell empty are left out and
    their row numbers added to this list instead. `unused`: the headers of the columns not
    read are added to this list. `repeated`: the row numbers of rows whose key cells an
    earlier row has too.
    """
    header, rows = read_rows(data, filename)
    header_line = 1
    # A title above the header (低收入戶名冊 115年12月, then maybe an empty row), as agencies'
    # exports have: rows of one cell or none are looked past while the header is not found.
    while (
        header_line <= TITLE_ROWS
        and sum(1 for text in header if text) <= 1
        and not {_column_key(text)[0] for text in header} >= set(required)
    ):
        following = next(rows, None)
        if following is None:
            break
        header, header_line = _header(following, filename), header_line + 1
    exact_width = exact_width and Path(filename).suffix.lower() in (".csv", ".txt", ".tsv")
    wanted = (*required, *optional)
    positions: dict[str, int] = {}
    by_alias: set[str] = set()
    for i, text in enumerate(header):
        key, aliased = _column_key(text)
        if key not in wanted or (key in positions and (aliased or key in by_alias)):
            # Two names of one column of which one is an alias (戶籍地址 and 通訊地址, name
            # and 姓名): the first is read. One name twice (name, NAME) is refused below.
            if text and unused is not None:
                unused.append(text)
            continue
        if key in positions:
            raise _error(
                _("The columns %(first)s and %(second)s are both %(column)s.")
                % {"first": header[positions[key]], "second": text, "column": key}
            )
        positions[key] = i
        if aliased:
            by_alias.add(key)
    missing = [name for name in required if name not in positions]
    if missing:
        raise _error(
            _("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    columns: dict[str, list[str]] = {name: [] for name in wanted if name in positions}
    index = [(positions[name], values) for name, values in columns.items()]
    needed = [(positions[name], name) for name in keys]
    width = len(header)
    count = 0
    seen: set[tuple[str, ...]] = set()
    for line, row in enumerate(rows, start=header_line + 1):
        if not any(cell.strip() for cell in row):
            continue
        too_wide = len(row) > width and any(c.strip() for c in row[width:])
        if (exact_width and len(row) != width) or too_wide:
            if skipped is not None:
                skipped.append(line)
                continue
            if exact_width:
                raise _error(
                    _("Row %(line)d has %(cells)d cells; the header has %(width)d.")
                    % {"line": line, "cells": len(row), "width": width}
                )
            raise _error(_("Row %(line)d has more cells than the header.") % {"line": line})
        empty = next((name for i, name in needed if i >= len(row) or not row[i].strip()), None)
        if empty is not None:
            if skipped is not None:
                skipped.append(line)
                continue
            raise _error(_("Row %(line)d has no %(column)s.") % {"line": line, "column": empty})
        if repeated is not None:
            row_key = tuple(row[i].strip() for i, _name in needed)
            if row_key in seen:
                repeated.append(line)
            seen.add(row_key)
        for i, values in index:
            values.append(row[i].strip() if i < len(row) else "")
        count += 1
        if count > MAX_ROWS:
            raise _error(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    return columns
