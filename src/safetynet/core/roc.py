"""ROC (民國) calendar dates: parsing the forms people type, and the display form.

Stored dates are ISO; the ROC year is only a way of writing them (year = AD − 1911).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

ROC_OFFSET = 1911

_CN_FORM = re.compile(r"^(民國|民|西元)?\s*(\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_SEPARATED = re.compile(r"^(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})$")
_DIGITS = re.compile(r"^\d{6,8}$")
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$")


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


def parse_date(text: str) -> dt.date:
    """Parse 112/04/14, 1120414, 民國112年4月14日, 2023年4月14日, 2023-04-14, 20230414, 112.4.14
    (full-width digits too).

    A year of four digits is AD; one to three digits is an ROC year.
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        raise DateParseError("empty")
    if match := _CN_FORM.match(value):
        era, year_text, m_text, d_text = match.groups()
        roc = era in ("民國", "民") or (era is None and len(year_text) < 4)
        return _build(int(year_text), int(m_text), int(d_text), roc=roc)
    if match := _SEPARATED.match(value):
        year_text, m_text, d_text = match.groups()
        return _build(int(year_text), int(m_text), int(d_text), roc=len(year_text) < 4)
    if match := _YEAR_LAST.match(value):
        # 14/04/2023 or 04/14/2023 (foreign forms): a part over 12 is the day; else month first.
        a, b, year = (int(g) for g in match.groups())
        month, day = (b, a) if a > 12 else (a, b)
        return _build(year, month, day, roc=False)
    if _DIGITS.match(value):
        if len(value) == 8:
            return _build(int(value[:4]), int(value[4:6]), int(value[6:]), roc=False)
        # 7 digits: YYYMMDD; 6 digits: YYMMDD, both ROC (the forms household registers print).
        return _build(int(value[:-4]), int(value[-4:-2]), int(value[-2:]), roc=True)
    raise DateParseError(value)


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
