"""ROC (民國) calendar dates: parsing the forms people type, and the display form.

Stored dates are ISO; the ROC year is only a way of writing them (year = AD − 1911).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from safetynet.core.numerals import arabic

ROC_OFFSET = 1911

# An era written before the year: 民國/民/中華民國 (ROC) or 西元/公元 (AD).
_ERA = re.compile(r"^(中華民國|民國|民|西元|公元)\s*")
_ROC_ERAS = ("中華民國", "民國", "民")
_CN_FORM = re.compile(r"^(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_SEPARATED = re.compile(r"^(\d{1,4})(?:\s*[/\-.]\s*|\s+)(\d{1,2})(?:\s*[/\-.]\s*|\s+)(\d{1,2})$")
_DIGITS = re.compile(r"^\d{6,8}$")
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$")
# English month names (4-Mar-1985, 04 Mar 1985, Mar 4, 1985, March 4th 1985): a spreadsheet's
# date format, or a foreign system's.
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")  # fmt: skip
_DAY_NAMED_MONTH = re.compile(r"^(\d{1,2})[\s\-/.]*([A-Za-z]{3,9})\.?[\s\-/.,]*(\d{4})$")
_NAMED_MONTH_DAY = re.compile(
    r"^([A-Za-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?\s*,?[\s\-/.]*(\d{4})$", re.IGNORECASE
)
# A date without its day: 1985年, 民國74年3月, 1985-03, 74/3.
_YEAR_MONTH = re.compile(r"^(\d{1,4})\s*(?:年\s*(?:(\d{1,2})\s*月?)?|[/\-.]\s*(\d{1,2}))$")


class DateParseError(ValueError):
    """The text is not a date in any form we accept."""


def _build(year: int, month: int, day: int, *, roc: bool) -> dt.date:
    if roc:
        if year < 1:
            raise DateParseError("ROC year must be 1 or later")
        year += ROC_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateParseError(str(exc)) from exc


def _cleaned(text: str) -> tuple[str, bool | None]:
    """The text in half-width digits with its era taken off: (rest, True for an ROC era, False
    for an AD one, None for none)."""
    value = arabic(unicodedata.normalize("NFKC", text).strip())
    if match := _ERA.match(value):
        return value[match.end() :].strip(), match.group(1) in _ROC_ERAS
    return value, None


def _month(name: str) -> int:
    lowered = name.lower()
    for number, month in enumerate(_MONTH_NAMES, start=1):
        if len(lowered) >= 3 and month.startswith(lowered):
            return number
    raise DateParseError(name)


def parse_date(text: str) -> dt.date:
    """Parse 112/04/14, 1120414, 民國112年4月14日, 民國112/4/14, 2023年4月14日, 2023-04-14,
    20230414, 112.4.14, 2023 04 14, 14-Apr-2023, Apr 14, 2023 (full-width digits and Chinese
    numerals too: 民國一一二年四月十四日).

    A year of four digits is AD; one to three digits is an ROC year, and so is any year after
    民國 (an era of 西元 makes it AD).
    """
    value, era = _cleaned(text)
    if not value:
        raise DateParseError("empty")
    for form in (_CN_FORM, _SEPARATED):
        if match := form.match(value):
            year_text, m_text, d_text = match.groups()
            roc = era if era is not None else len(year_text) < 4
            return _build(int(year_text), int(m_text), int(d_text), roc=roc)
    if era is None and (match := _YEAR_LAST.match(value)):
        # 14/04/2023 or 04/14/2023 (foreign forms): a part over 12 is the day; else month first.
        a, b, year = (int(g) for g in match.groups())
        month, day = (b, a) if a > 12 else (a, b)
        return _build(year, month, day, roc=False)
    if _DIGITS.match(value):
        if len(value) == 8 and not era:
            return _build(int(value[:4]), int(value[4:6]), int(value[6:]), roc=False)
        # 7 digits: YYYMMDD; 6 digits: YYMMDD, both ROC (the forms household registers print).
        if len(value) < 8 and era is not False:
            return _build(int(value[:-4]), int(value[-4:-2]), int(value[-2:]), roc=True)
    if era is None and (match := _DAY_NAMED_MONTH.match(value)):
        day_text, name, year_text = match.groups()
        return _build(int(year_text), _month(name), int(day_text), roc=False)
    if era is None and (match := _NAMED_MONTH_DAY.match(value)):
        name, day_text, year_text = match.groups()
        return _build(int(year_text), _month(name), int(day_text), roc=False)
    raise DateParseError(value)


def parse_year(text: str) -> int:
    """The AD year of a date written without its day (1985年, 民國74年3月, 1985-03, 74/3): a
    year of four digits is AD, a shorter one or one after 民國 ROC."""
    value, era = _cleaned(text)
    match = _YEAR_MONTH.match(value)
    if match is None:
        raise DateParseError(value)
    year_text, month_text, month_after_separator = match.groups()
    month = int(month_text or month_after_separator or 1)
    if not 1 <= month <= 12:
        raise DateParseError(value)
    roc = era if era is not None else len(year_text) < 4
    return _build(int(year_text), month, 1, roc=roc).year


def format_roc(value: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    """112/04/14 (and 112/04/14 09:05 with the time) in the local timezone."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        local = timezone.localtime(value) if timezone.is_aware(value) else value
        text = f"{local.year - ROC_OFFSET:03d}/{local.month:02d}/{local.day:02d}"
        return f"{text} {local:%H:%M}" if with_time else text
    return f"{value.year - ROC_OFFSET:03d}/{value.month:02d}/{value.day:02d}"
