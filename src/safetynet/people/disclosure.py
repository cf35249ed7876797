"""Confidential addresses (保密地址): a shelter's or a foster family's address is never shown —
not on the person page, not to linkage staff, not by break-the-glass. A worker who must know it
asks, with a reason; a second person (a supervisor of the worker's unit holding
`address.approve`, never the worker) approves or refuses; an approved disclosure shows the
address to that worker alone, for `hours` (`people.address_disclosure`, data). Every step is
audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.core.capabilities import declare
from safetynet.core.errors import ServiceError
from safetynet.core.text import is_clean
from safetynet.people.models import AddressDisclosure, Confidential, Household
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

REQUEST = declare("address.request", _("Ask to see a confidential address (shelter, foster)"))
APPROVE = declare("address.approve", _("Approve or refuse showing a confidential address"))
KIND = "people.address_disclosure"
# No source gives it: the platform's default, shipped as "no source".
DEFAULT_HOURS = 24
MAX_TEXT = 2000


class DisclosureRulesForm(forms.Form):
    hours = forms.IntegerField(label=gettext_lazy("Hours an approved disclosure lasts"),
                               min_value=1, max_value=24 * 14)  # fmt: skip


registry.register(registry.RuleKind(
    code=KIND, label=gettext_lazy("Confidential addresses: disclosure"), form=DisclosureRulesForm,
    many=False,
))  # fmt: skip


def hours(on: dt.date) -> int:
    version = in_force(KIND, on)
    given: dict[str, Any] = version.content if version is not None else {}
    return int(given.get("hours") or DEFAULT_HOURS)


@dataclass(frozen=True)
class AddressShown:
    text: str
    confidential: str  # "" when the address is not confidential
    disclosed_until: dt.datetime | None = None
    pending: bool = False


def _valid(p: Principal, household_id: int, now: dt.datetime) -> AddressDisclosure | None:
    if p.staff is None:
        return None
    return (
        AddressDisclosure.objects.filter(
            requested_by=p.staff, household_id=household_id, approved=True, until__gt=now
        )
        .order_by("-until")
        .first()
    )


def address_shown(
    p: Principal, household: Household, now: dt.datetime | None = None
) -> AddressShown:
    """The address as this viewer may see it: in full, or masked (naming only its kind)."""
    if household.confidential == Confidential.NONE:
        return AddressShown(household.address_line(), "")
    now = now or timezone.now()
    granted = _valid(p, household.pk, now)
    if granted is not None:
        return AddressShown(household.address_line(), household.confidential, granted.until)
    pending = (
        p.staff is not None
        and AddressDisclosure.objects.filter(
            requested_by=p.staff, household=household, decided_at__isnull=True
        ).exists()
    )
    return AddressShown(_("Confidential address"), household.confidential, None, pending)


def masked_line(household: Household) -> str:
    """For pages no disclosure reaches (linkage review): the address, or that it is hidden."""
    if household.confidential == Confidential.NONE:
        return household.address_line()
    return _("Confidential address")


def _text(name: str, text: str, *, required: bool) -> str:
    value = text.strip()
    if required and not value:
        raise ServiceError(
            "invalid", _("Give a reason."), field_errors={name: [_("Give a reason.")]}
        )
    if len(value) > MAX_TEXT or not is_clean(value):
        raise ServiceError("invalid", _("The text is too long or holds characters that cannot be "
                                        "stored."), field_errors={name: [_("Check this text.")]})  # fmt: skip
    return value


def disclosure_request(*, principal: Principal, household_id: int, reason: str,
                       at: dt.datetime | None = None) -> AddressDisclosure:  # fmt: skip
    """Ask; the same worker's open request for the household is the one answer to a repeat."""
    p = principal
    if not p.has(REQUEST) or p.staff is None:
        raise ServiceError("forbidden", _("Your position cannot ask for confidential addresses."))
    text = _text("reason", reason, required=True)
    now = at or timezone.now()
    with transaction.atomic():
        household = Household.objects.select_for_update().filter(pk=household_id).first()
        if household is None or household.confidential == Confidential.NONE:
            raise ServiceError("not_found", _("There is no such confidential address."))
        open_one = AddressDisclosure.objects.filter(
            requested_by=p.staff, household=household, decided_at__isnull=True
        ).first()
        if open_one is not None:
            return open_one
        asked = AddressDisclosure.objects.create(household=household, requested_by=p.staff,
                                                 reason=text, requested_at=now)  # fmt: skip
        audit_record(actor=p, action="address_request", object_type="household",
                     object_id=household.pk, detail={"disclosure": asked.pk})  # fmt: skip
    return asked


def may_decide(p: Principal, asked: AddressDisclosure) -> bool:
    """A second person: an approver of the requester's unit, never the requester."""
    return (p.staff is not None and p.has(APPROVE) and p.staff.pk != asked.requested_by_id
            and p.unit_id == asked.requested_by.unit_id)  # fmt: skip


def to_decide(p: Principal) -> QuerySet[AddressDisclosure]:
    if p.staff is None or not p.has(APPROVE):
        return AddressDisclosure.objects.none()
    return (
        AddressDisclosure.objects.filter(requested_by__unit_id=p.unit_id or 0)
        .exclude(requested_by=p.staff)
        .select_related("requested_by", "decided_by", "household")
    )


def disclosure_decide(*, principal: Principal, disclosure_id: int, approve: bool, note: str,
                      version: int, at: dt.datetime | None = None) -> AddressDisclosure:  # fmt: skip
    p = principal
    now = at or timezone.now()
    text = _text("note", note, required=not approve)
    with transaction.atomic():
        asked = (
            AddressDisclosure.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .filter(pk=disclosure_id)
            .first()
        )
        if asked is None or not may_decide(p, asked):
            raise ServiceError("not_found", _("There is no such request to decide."))
        if asked.decided_at is not None:
            if asked.approved == approve and asked.note == text:
                return asked
            raise ServiceError("decided", _("It has been decided already."), conflict=True)
        if asked.version != version:
            raise ServiceError("stale", _("Someone changed it meanwhile: reload and look again."),
                               conflict=True)  # fmt: skip
        asked.decided_by = p.staff
        asked.decided_at = now
        asked.approved = approve
        asked.note = text
        asked.until = now + dt.timedelta(hours=hours(timezone.localdate(now))) if approve else None
        asked.version += 1
        asked.save()
        audit_record(actor=p, action="address_decide", object_type="household",
                     object_id=asked.household_id,
                     detail={"disclosure": asked.pk, "approved": approve})  # fmt: skip
    return asked
