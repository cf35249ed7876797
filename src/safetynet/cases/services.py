"""Writes of case management: opening a case (called by the intake desk's services, which audit
the action that opens it), adding members, closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.principal import Principal
from safetynet.audit.access import fetch_for_change
from safetynet.audit.services import audit_record
from safetynet.cases import policy
from safetynet.cases.models import Case, CaseMember, CaseStatus
from safetynet.cases.selectors import case_list_visible_to
from safetynet.core.errors import ServiceError


def case_open(
    *,
    service: str,
    lead_unit_id: int,
    worker_id: int,
    members: Iterable[tuple[int, str]],
    opened_at: dt.datetime,
) -> Case:
    """A new open case led by a unit, with its worker and members (person id, role). The caller
    (accepting a dispatch) has checked who may open it and audits the action."""
    with transaction.atomic():
        case = Case.objects.create(
            service=service, lead_unit_id=lead_unit_id, worker_id=worker_id, opened_at=opened_at
        )
        case_add_members(case=case, members=members)
        return case


def case_add_members(*, case: Case, members: Iterable[tuple[int, str]]) -> list[int]:
    """Everyone not yet a member joins the case (once); their person ids."""
    present = set(case.members.values_list("person_id", flat=True))
    new: dict[int, str] = {}
    for person_id, role in members:
        if person_id not in present:
            new.setdefault(person_id, role)
    CaseMember.objects.bulk_create(
        [CaseMember(case=case, person_id=pid, role=role) for pid, role in new.items()],
        ignore_conflicts=True,
    )
    return list(new)


def case_close(*, principal: Principal, case_id: int, at: dt.datetime | None = None) -> Case:
    with transaction.atomic():
        try:
            case = fetch_for_change(case_list_visible_to(principal), case_id)
        except Http404:
            raise ServiceError("not_found", _("No such case.")) from None
        if not policy.can_close(principal, case):
            raise ServiceError("forbidden", _("Only the lead unit can close a case."))
        if case.status == CaseStatus.CLOSED:
            return case
        case.status = CaseStatus.CLOSED
        case.closed_at = at or timezone.now()
        case.save(update_fields=["status", "closed_at"])
        audit_record(actor=principal, action="close", object_type="case", object_id=case.pk)
        return case
