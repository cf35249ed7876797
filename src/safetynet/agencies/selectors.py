"""Reads of agencies and staff."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from safetynet.agencies.capabilities import ANY_UNIT, holders
from safetynet.agencies.models import Staff, Unit


def staff_holding(capability: str, *, unit_id: int) -> QuerySet[Staff]:
    """The staff of a unit whose position holds a capability today (e.g. who may carry cases)."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return Staff.objects.none()
    roles = [
        role
        for kind, role in holders(capability, on=timezone.localdate())
        if kind in (unit.kind, ANY_UNIT)
    ]
    return Staff.objects.filter(Q(unit=unit) & Q(role__in=roles), user__is_active=True).order_by(
        "display_name"
    )
