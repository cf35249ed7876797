"""Fetching what the oversight pages show by id: the same 404 for missing and for not yours,
and one audit row naming what was shown (looking at who viewed a record is itself on the
record: it shows on that record's own "who viewed" page)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.oversight import policy, selectors
from safetynet.oversight.models import Alert

PAGE_SIZE = 50


def access_who_viewed(p: Principal, kind: str, pk: int, *, page: int = 1) -> selectors.ViewPage:
    if kind not in policy.KINDS or not selectors.exists(kind, pk):
        raise Http404
    if not policy.can_see_who_viewed(p, selectors.target_of(kind, pk)):
        raise Http404
    shown = selectors.who_viewed(kind, pk, page=page, size=PAGE_SIZE)
    audit_record(actor=p, action="who_viewed", object_type=kind, object_id=pk,
                 detail={"events": [v.event.pk for v in shown.rows]})  # fmt: skip
    return shown


def alerts_visible_to(p: Principal) -> QuerySet[Alert]:
    """An auditor's every alert, a unit supervisor's those about the unit's staff; never one's
    own (the policy's `can_handle_alert`, as a query)."""
    rows = Alert.objects.select_related("unit", "handled_by")
    if p.staff is None:
        return rows.none()
    if p.has(policy.AUDIT):
        return rows.exclude(actor_id=p.user_id)
    if p.has(policy.UNIT):
        return rows.filter(unit_id=p.unit_id or 0).exclude(actor_id=p.user_id)
    return rows.none()


def access_alert(p: Principal, alert_id: int) -> Alert:
    alert = alerts_visible_to(p).filter(pk=alert_id).first()
    if alert is None or not policy.can_handle_alert(p, alert):
        raise Http404
    audit_record(actor=p, action="read", object_type="alert", object_id=alert.pk,
                 detail={"actor": alert.actor_id})  # fmt: skip
    return alert
