"""ROC dates, by example and by property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetynet.core.roc import DateParseError, format_roc, parse_date


@pytest.mark.parametrize(
    "text", ["112/04/14", "112-4-14", "112.04.14", "1120414", "民國112年4月14日", "112年4月14日",
             "2023-04-14", "2023/4/14", "20230414", "１１２／０４／１４"]
)  # fmt: skip
def test_roc_and_iso_forms_parse(text: str) -> None:
    assert parse_date(text) == dt.date(2023, 4, 14)


@pytest.mark.parametrize("text", ["", "112/13/01", "112/02/30", "abc", "0/01/01", "12345"])
def test_bad_dates_are_rejected(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text)


# ROC years have at most three digits (a four-digit year is read as AD), so up to 2910.
@given(st.dates(min_value=dt.date(1912, 1, 1), max_value=dt.date(2910, 12, 31)))
def test_every_roc_rendering_parses_back(day: dt.date) -> None:
    roc = day.year - 1911
    forms = [
        format_roc(day),
        f"{roc:03d}{day.month:02d}{day.day:02d}",
        f"民國{roc}年{day.month}月{day.day}日",
        f"{roc}-{day.month}-{day.day}",
        day.isoformat(),
        day.strftime("%Y%m%d"),
    ]
    for text in forms:
        assert parse_date(text) == day, text
