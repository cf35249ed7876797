"""ROC dates, by example and by property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetynet.core.roc import DateParseError, format_roc, parse_date, parse_year


@pytest.mark.parametrize(
    "text", ["112/04/14", "112-4-14", "112.04.14", "1120414", "民國112年4月14日", "112年4月14日",
             "2023-04-14", "2023/4/14", "20230414", "１１２／０４／１４", "民國112/4/14", "民112.4.14",
             "中華民國112年4月14日", "民國一一二年四月十四日", "民國一百一十二年四月十四日",
             "二〇二三年四月十四日", "西元2023年4月14日", "2023 04 14", "14-Apr-2023", "14 April 2023",
             "Apr 14, 2023", "april 14th 2023", "民國1120414"]
)  # fmt: skip
def test_roc_and_iso_forms_parse(text: str) -> None:
    assert parse_date(text) == dt.date(2023, 4, 14)


@pytest.mark.parametrize(
    "text", ["", "112/13/01", "112/02/30", "abc", "0/01/01", "12345", "14-Apz-2023", "民國14/04/2023",
             "西元1120414", "民國"]
)  # fmt: skip
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


@pytest.mark.parametrize(
    ("text", "year"),
    [("1985年", 1985), ("民國74年", 1985), ("74年3月", 1985), ("1985-03", 1985), ("74/3", 1985),
     ("民國七十四年", 1985), ("西元1985年", 1985)],
)  # fmt: skip
def test_a_date_without_its_day_gives_its_year(text: str, year: int) -> None:
    assert parse_year(text) == year


@pytest.mark.parametrize("text", ["1985", "1985/13", "74/3/4", "", "年"])
def test_what_is_not_a_year_and_month_is_refused(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_year(text)
