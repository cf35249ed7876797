"""One lead unit per family at a time (家庭主責, the 2021 review's family-centred rule): the unit
of the family's first open case leads the family; when it has no open case of the family left,
the unit of the oldest remaining open case takes over; a lead unit's supervisor may hand the
family to another unit that serves it, and the desk's supervisor decides when units disagree.
Who led when is kept. The family page shows it; every other unit serving the family co-works."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.models import Unit
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases import conflicts, policy
from safetynet.cases.models import OPEN_STATUSES, Case, FamilyLead, FamilyLeadReason
from safetynet.core.conflict import Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.people.models import HouseholdMembership

MAX_NOTE = 200


def current_lead(household_id: int) -> FamilyLead | None:
    return (
        FamilyLead.objects.filter(household_id=household_id, until__isnull=True)
        .select_related("unit")
        .first()
    )


def _open_cases(household_id: int) -> list[Case]:
    members = HouseholdMembership.objects.filter(household_id=household_id, end__isnull=True)
    return list(
        Case.objects.filter(
            status__in=OPEN_STATUSES, members__person_id__in=members.values("person_id")
        )
        .distinct()
        .order_by("opened_at", "pk")
    )


def families_refresh(person_ids: Iterable[int], at: dt.datetime) -> None:
    """After a case opens, ends, reopens or changes its lead: each current household of these
    persons keeps its lead while that unit still serves it, else passes to the unit of its
    oldest open case (or has none). Inside the caller's transaction."""
    households = set(
        HouseholdMembership.objects.filter(
            person_id__in=list(person_ids), end__isnull=True
        ).values_list("household_id", flat=True)
    )
    for household_id in sorted(households):
        lead = (
            FamilyLead.objects.select_for_update()
            .filter(household_id=household_id, until__isnull=True)
            .first()
        )
        cases = _open_cases(household_id)
        if lead is not None and lead.unit_id in {c.lead_unit_id for c in cases}:
            continue
        if lead is not None:
            lead.until = at
            lead.save(update_fields=["until"])
        if cases:
            reason = (
                FamilyLeadReason.FIRST_CASE if lead is None else FamilyLeadReason.PREVIOUS_ENDED
            )
            FamilyLead.objects.create(household_id=household_id, unit_id=cases[0].lead_unit_id,
                                      case=cases[0], reason=reason, since=at)  # fmt: skip


def may_set(p: Principal, lead: FamilyLead | None) -> bool:
    """The desk's supervisor decides; the lead unit's supervisor hands the family over."""
    if p.has(policy.ARBITRATE):
        return True
    return lead is not None and p.has(policy.APPROVE) and p.unit_id == lead.unit_id


def family_lead_set(*, principal: Principal, household_id: int, unit_id: int, note: str,
                    at: dt.datetime | None = None, seen: int | None = None) -> FamilyLead:  # fmt: skip
    """Move the family's lead to another unit that leads an open case of the family. The same
    unit again: the current lead, unchanged. `seen` is the lead the page showed (its id, 0 for
    none; None where no page was shown): if the lead moved meanwhile, the change is refused as
    stale with both (`core.conflict`)."""
    p = principal
    now = at or timezone.now()
    text = note.strip()
    if not text or len(text) > MAX_NOTE:
        raise ServiceError("invalid", _("Say why, in at most 200 characters."),
                           field_errors={"note": [_("Say why, in at most 200 characters.")]})  # fmt: skip
    with transaction.atomic():
        lead = (
            FamilyLead.objects.select_for_update()
            .filter(household_id=household_id, until__isnull=True)
            .first()
        )
        if not may_set(p, lead):
            raise ServiceError("forbidden", _("Only the family's lead unit's supervisor or the "
                                              "intake desk's supervisor sets the family's lead."))  # fmt: skip
        if lead is not None and lead.unit_id == unit_id:
            return lead
        stored = lead.pk if lead is not None else 0
        if seen is not None and seen != stored:
            chosen = Unit.objects.filter(pk=unit_id).first()
            raise StaleEdit(
                _("Someone changed the family's lead after you opened the page: compare and "
                  "apply yours again."),
                stored=Side(str(stored), [
                    (conflicts.LEAD_UNIT, lead.unit.name if lead else ""),
                    (conflicts.REASON, lead.note if lead else ""),
                ], lead.set_by.display_name if lead and lead.set_by else "", lead.since if lead else None),
                submitted=Side(str(seen), [(conflicts.LEAD_UNIT, chosen.name if chosen else ""),
                                           (conflicts.REASON, text)]),
                field_name="seen",
            )  # fmt: skip
        serving = [c for c in _open_cases(household_id) if c.lead_unit_id == unit_id]
        if not serving:
            raise ServiceError("not_serving", _("That unit leads no open case of this family."),
                               conflict=True)  # fmt: skip
        if lead is not None:
            lead.until = now
            lead.save(update_fields=["until"])
        reason = (
            FamilyLeadReason.DECIDED if p.has(policy.ARBITRATE) else FamilyLeadReason.HANDED_OVER
        )
        new = FamilyLead.objects.create(household_id=household_id, unit_id=unit_id,
                                        case=serving[0], reason=reason, note=text,
                                        set_by=p.staff, since=now)  # fmt: skip
        audit_record(actor=p, action="family_lead", object_type="household",
                     object_id=household_id, detail={"unit": unit_id, "lead": new.pk})  # fmt: skip
    return new
