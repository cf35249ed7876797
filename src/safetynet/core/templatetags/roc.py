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
