"""The "who viewed" link on the person, case and report pages, for those allowed to follow
it (the pages of lower contexts load it: they cannot import oversight)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from safetynet.oversight import labels, policy
from safetynet.oversight.selectors import target_of

register = template.Library()


@register.simple_tag(takes_context=True)
def who_viewed_link(context: dict[str, Any], kind: str, pk: int) -> str:
    request = context.get("request")
    p = getattr(request, "principal", None)
    if (
        p is None
        or p.staff is None
        or not (p.has(policy.AUDIT) or p.has(policy.UNIT) or p.has(policy.DESK))
    ):
        return ""
    if not policy.can_see_who_viewed(p, target_of(kind, pk)):
        return ""
    url = reverse("oversight:who-viewed", args=[kind, pk])
    return format_html('<p class="who-viewed"><a href="{}">{}</a></p>', url, _("Who viewed it"))


@register.filter
def action_name(code: str) -> str:
    return labels.action_name(code)


@register.filter
def object_name(code: str) -> str:
    return labels.object_name(code)


NUMBERED = {"case": "C", "report": "R"}


@register.filter
def record_of(event: Any) -> str:
    """The record an audit row is about, as people quote it (C00000012, R00000034, 個人 #5)."""
    name = labels.object_name(event.object_type)
    oid = str(event.object_id)
    if not oid:
        return name
    prefix = NUMBERED.get(event.object_type)
    if prefix and oid.isdigit():
        return f"{name} {prefix}{int(oid):08d}"
    return f"{name} #{oid}"
