import datetime as dt

from django import template

from safetynet.core.roc import format_roc

register = template.Library()


@register.filter
def roc(value: dt.date | dt.datetime | None) -> str:
    return format_roc(value)


@register.filter
def roc_time(value: dt.datetime | None) -> str:
    return format_roc(value, with_time=True)


@register.filter
def age(born: dt.date | None) -> int | str:
    """Full years of age today (for a birth date), or ""."""
    if born is None:
        return ""
    today = dt.date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
