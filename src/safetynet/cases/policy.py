"""Who may do what with cases. Pure: the principal's capabilities and unit, the case's facts."""

from __future__ import annotations

from typing import Protocol

from django.utils.translation import gettext_lazy as _

from safetynet.agencies.principal import Principal
from safetynet.core.capabilities import declare

WORK = declare("case.work", _("Work the cases one's unit leads"))
CARRY = declare("case.carry", _("Carry cases (be assigned as a case's worker)"))
READ_ALL = declare("case.read_all", _("Read every case (the intake desk)"))
API = declare("case.api", _("A unit's partner system: read its cases, post contacts"))
ARBITRATE = declare("case.arbitrate", _("Decide disputes over which unit leads a case"))
APPROVE = declare("case.approve", _("Approve the case decisions of one's unit (open, close)"))


class Led(Protocol):
    lead_unit_id: int


def works_cases(p: Principal) -> bool:
    return p.has(WORK) and p.staff is not None


def can_read(p: Principal, case: Led) -> bool:
    return p.has(READ_ALL) or (works_cases(p) and p.unit_id == case.lead_unit_id)


def can_work(p: Principal, case: Led) -> bool:
    """The lead unit's staff who work cases take its steps (propose, follow up, ask to close)."""
    return works_cases(p) and p.unit_id == case.lead_unit_id


def can_approve(p: Principal, case: Led) -> bool:
    """The lead unit's supervisor approves its decisions (open, close)."""
    return can_work(p, case) and p.has(APPROVE)


def reads_by_api(p: Principal) -> bool:
    """A partner system of a unit (a client, not a person) reading that unit's cases."""
    return p.client is not None and p.has(API) and p.unit_id is not None


def can_record_contact(p: Principal, case: Led) -> bool:
    return can_work(p, case) or (reads_by_api(p) and p.unit_id == case.lead_unit_id)


def can_carry(worker_capabilities: frozenset[str], *, worker_unit_id: int, unit_id: int) -> bool:
    """A case's worker is staff of its lead unit whose position carries cases."""
    return CARRY in worker_capabilities and worker_unit_id == unit_id
