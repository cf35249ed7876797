"""Periods as 行政程序法 §48 counts them (pure; the rest days come from the calendar table).

§48 II: a period in days, weeks, months or years does not count its first day.
§48 III: a period in months ends on the day before the day of the last month corresponding to the
day counting began (the day after the start); a last month without that day ends on its last day.
Counting from the day after the start, that is simply "the same day number n months later,
or the month's last day" (112/01/31 + 1 month = 112/02/28).
§48 IV: a last day on a Sunday, a national holiday or another rest day moves to the next day that
is not one; a last day on a Saturday moves to the Monday after.

The rest days are the calendar's (Saturdays and Sundays unless a make-up working day, plus the
holidays of the 政府行政機關辦公日曆表); `is_rest_day` is passed in so this module stays pure.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Literal

Unit = Literal["day", "month"]
RestDay = Callable[[dt.date], bool]

# Longest run of rest days the calendar ever had (Lunar New Year and a weekend) is 9 days; a
# run longer than this means a calendar error, not a holiday.
_MAX_REST_RUN = 31


def weekends_only(day: dt.date) -> bool:
    return day.weekday() >= 5


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day number `months` later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: dt.date, is_rest_day: RestDay) -> dt.date:
    """The day itself when it is a working day, else the first working day after it."""
    for _ in range(_MAX_REST_RUN):
        if not is_rest_day(day):
            return day
        day += dt.timedelta(days=1)
    raise ValueError("more than a month of rest days in a row: check the calendar")


def nominal_end(start: dt.date, amount: int, unit: Unit) -> dt.date:
    """The last day of a period of `amount` days or months from `start` (§48 II, III), before
    any move off a rest day."""
    if amount < 0:
        raise ValueError("a period cannot be negative")
    if unit == "day":
        return start + dt.timedelta(days=amount)
    return add_months(start, amount)


def period_end(start: dt.date, amount: int, unit: Unit, is_rest_day: RestDay) -> dt.date:
    """The last day of the period, moved off a rest day (§48 IV)."""
    return next_working_day(nominal_end(start, amount, unit), is_rest_day)
