"""Who may read who viewed a record, and who handles access alerts. Pure: the principal's
capabilities and unit, and the facts of the record (`Target`) a selector gathers.

- an auditor (`oversight.audit`): every record's readers, every alert;
- a unit's supervisor (`oversight.unit`): the readers of the cases the unit leads or co-works
  and of those cases' members; the alerts about the unit's staff;
- the desk's supervisor (`oversight.desk`): the readers of reports and of the persons in them.

Nobody handles an alert about themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext_lazy as _

from safetynet.agencies.principal import Principal
from safetynet.core.capabilities import declare

AUDIT = declare("oversight.audit", _("Read who viewed any record; handle every access alert"))
UNIT = declare(
    "oversight.unit",
    _("Read who viewed the cases one's unit works and their members; handle its access alerts"),
)
DESK = declare("oversight.desk", _("Read who viewed reports and the persons in them"))

PERSON, CASE, REPORT = "person", "case", "report"
KINDS = (PERSON, CASE, REPORT)


@dataclass(frozen=True)
class Target:
    """A record whose readers are asked for: its kind, the units that lead or co-work it (a
    case) or a case it is a member of (a person), and whether it is a report or a person
    named in one."""

    kind: str
    units: frozenset[int]
    reported: bool


def can_see_who_viewed(p: Principal, target: Target) -> bool:
    if p.staff is None or target.kind not in KINDS:
        return False
    if p.has(AUDIT):
        return True
    if p.has(UNIT) and target.kind in (CASE, PERSON) and p.unit_id in target.units:
        return True
    return p.has(DESK) and target.kind in (REPORT, PERSON) and target.reported


def looks_up(p: Principal) -> bool:
    """Whose menu has the look-up of a record's readers."""
    return p.staff is not None and (p.has(AUDIT) or p.has(UNIT) or p.has(DESK))


def reads_alerts(p: Principal) -> bool:
    """Whose menu has the alert list."""
    return p.staff is not None and (p.has(AUDIT) or p.has(UNIT))


class Flagged(Protocol):
    unit_id: int | None
    actor_id: int


def can_handle_alert(p: Principal, alert: Flagged) -> bool:
    """An auditor every alert; a unit's supervisor those about its staff; never one's own."""
    if p.staff is None or p.user_id == alert.actor_id:
        return False
    if p.has(AUDIT):
        return True
    return p.has(UNIT) and alert.unit_id is not None and p.unit_id == alert.unit_id
