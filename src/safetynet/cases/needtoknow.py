"""Need-to-know: what a viewer sees of a case follows their unit's relation to it, read from one
rule table (`cases.family_visibility`, "what each relation sees of a case"), never from the
role alone. The family page, the case page, its sub-pages and the case lists all ask here.

Relations, each a fact of the record:
- `lead`: the viewer's unit leads the case (主責);
- `desk`: the intake desk (reads every case);
- `former_lead`: the unit led it until a transfer, within `former_lead_days`
  (`cases.handoff_limits`);
- `cowork`: the unit co-works it (協同, an accepted co-working request);
- `referred`: a referral from the case to the unit is waiting for its answer or was accepted,
  while the case is open;
- `family`: the unit leads another open case of the household (the family page only);
- `breakglass`: the viewer opened it by break-the-glass, for the grant's hours
  (`cases.breakglass`).

Levels: `existence` (that it exists, its programme and who to reach), `summary` (+ status,
dates, what is overdue, members, the service plan), `full` (+ contacts, assessments, reports,
referrals, history). A viewer with several relations gets the highest level any of them gives;
content closed to the viewer's kind of unit (`agencies.closed_content`) caps it at `existence`,
whatever the relation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.principal import Principal
from safetynet.cases import policy
from safetynet.cases.models import (
    OPEN_STATUSES,
    BreakGlass,
    Case,
    CaseUnit,
    Handoff,
    HandoffKind,
    HandoffStatus,
)
from safetynet.cases.rules import limits
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

KIND = "cases.family_visibility"
EXISTENCE, SUMMARY, FULL = "existence", "summary", "full"
LEVELS = [EXISTENCE, SUMMARY, FULL]
LEVEL_CHOICES = [
    (EXISTENCE, gettext_lazy("That it exists, and who to reach")),
    (SUMMARY, gettext_lazy("Summary (status, dates, what is overdue)")),
    (FULL, gettext_lazy("Everything (the case page)")),
]
LEAD, DESK, FORMER_LEAD, COWORK, REFERRED, FAMILY, BREAKGLASS = (
    "lead", "desk", "former_lead", "cowork", "referred", "family", "breakglass"
)  # fmt: skip
RELATIONS = [
    (LEAD, gettext_lazy("Lead unit of the case")),
    (DESK, gettext_lazy("Intake desk")),
    (FORMER_LEAD, gettext_lazy("Former lead unit (grace period)")),
    (COWORK, gettext_lazy("Co-working unit of the case")),
    (REFERRED, gettext_lazy("Unit the case was referred to")),
    (FAMILY, gettext_lazy("Leads another open case of the family")),
    (BREAKGLASS, gettext_lazy("Break-the-glass")),
]
ANY = "*"
# Referrals that still give the receiving unit a reason to read the case.
_LIVE_REFERRAL = (HandoffStatus.PENDING, HandoffStatus.ACCEPTED)


class VisibilityForm(forms.Form):
    relation = forms.ChoiceField(label=gettext_lazy("Relation to the case"), choices=RELATIONS)
    programme = forms.RegexField(label=gettext_lazy("Programme (* for any)"),
                                 regex=r"^(\*|[a-z][a-z0-9_]*)$", max_length=40)  # fmt: skip
    level = forms.ChoiceField(label=gettext_lazy("Shown"), choices=LEVEL_CHOICES)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


def _check(rows: list[dict[str, Any]]) -> list[str]:
    keys = [(r["relation"], r["programme"]) for r in rows]
    return [_("A relation and programme are listed twice.")] if len(keys) != len(set(keys)) else []


registry.register(registry.RuleKind(
    code=KIND, label=gettext_lazy("What each relation sees of a case"), form=VisibilityForm,
    check=_check,
    help=gettext_lazy("A programme's row beats the * row; a relation without a row sees nothing."),
))  # fmt: skip


def level_for(rows: list[dict[str, Any]], relation: str, programme: str) -> str | None:
    exact = next((r["level"] for r in rows if (r["relation"], r["programme"]) ==
                  (relation, programme)), None)  # fmt: skip
    if exact is not None:
        return str(exact)
    wild = next((r["level"] for r in rows if (r["relation"], r["programme"]) == (relation, ANY)),
                None)  # fmt: skip
    return None if wild is None else str(wild)


def table(on: dt.date) -> list[dict[str, Any]]:
    version = in_force(KIND, on)
    return list(version.content) if version is not None else []


def highest(levels: list[str | None]) -> str | None:
    known = [LEVELS.index(level) for level in levels if level in LEVELS]
    return LEVELS[max(known)] if known else None


def level_of(p: Principal, relations: frozenset[str], programme: str,
             rows: list[dict[str, Any]]) -> str | None:  # fmt: skip
    """The level the viewer's relations give on a case of this programme, capped by content
    closed to the viewer's kind of unit."""
    level = highest([level_for(rows, relation, programme) for relation in relations])
    if level is not None and programme in p.closed:
        return EXISTENCE
    return level


def at_least(level: str | None, needed: str) -> bool:
    return level in LEVELS and LEVELS.index(level) >= LEVELS.index(needed)


def active_breakglass(
    p: Principal, case_id: int, now: dt.datetime | None = None
) -> BreakGlass | None:
    if p.staff is None:
        return None
    now = now or timezone.now()
    return (
        BreakGlass.objects.filter(
            staff=p.staff, case_id=case_id, started_at__lte=now, until__gt=now
        )
        .order_by("-until")
        .first()
    )


def _grace(now: dt.datetime) -> dt.timedelta:
    return dt.timedelta(days=limits(timezone.localdate(now))["former_lead_days"])


def relations_of(p: Principal, case: Case, now: dt.datetime | None = None) -> frozenset[str]:
    """Every relation the viewer has to one case (the family relation is the family page's)."""
    now = now or timezone.now()
    found = set()
    if p.has(policy.READ_ALL):
        found.add(DESK)
    if policy.reads_by_api(p) and p.unit_id == case.lead_unit_id:
        found.add(LEAD)  # the lead unit's own case system
    if policy.works_cases(p):
        if p.unit_id == case.lead_unit_id:
            found.add(LEAD)
        for role, until in CaseUnit.objects.filter(case=case, unit_id=p.unit_id or 0).values_list(
            "role", "until"
        ):
            if role == CaseUnit.LEAD and until is not None and until >= now - _grace(now):
                found.add(FORMER_LEAD)
            if role == CaseUnit.COWORK and until is None:
                found.add(COWORK)
        if case.is_open and Handoff.objects.filter(
            case=case, to_unit_id=p.unit_id or 0, kind=HandoffKind.REFERRAL,
            status__in=_LIVE_REFERRAL,
        ).exists():  # fmt: skip
            found.add(REFERRED)
    if active_breakglass(p, case.pk, now) is not None:
        found.add(BREAKGLASS)
    return frozenset(found)


def case_visibility(p: Principal, now: dt.datetime | None = None) -> Q:
    """The cases a viewer has any relation to but `family` (lists, the person page): the desk
    every case; a unit those it leads, led until recently, co-works, or was referred; anyone
    the cases they opened by break-the-glass, for the grant's hours. What each shows is
    `level_of`'s."""
    if p.has(policy.READ_ALL):
        return Q()
    now = now or timezone.now()
    related = Q(pk__in=[])
    if policy.works_cases(p):
        unit = p.unit_id or 0
        former = CaseUnit.objects.filter(unit_id=unit, role=CaseUnit.LEAD,
                                         until__gte=now - _grace(now)).values("case_id")  # fmt: skip
        cowork = CaseUnit.objects.filter(unit_id=unit, role=CaseUnit.COWORK,
                                         until__isnull=True).values("case_id")  # fmt: skip
        referred = Handoff.objects.filter(to_unit_id=unit, kind=HandoffKind.REFERRAL,
                                          status__in=_LIVE_REFERRAL,
                                          case__status__in=OPEN_STATUSES).values("case_id")  # fmt: skip
        related = (Q(lead_unit_id=unit) | Q(pk__in=former) | Q(pk__in=cowork)
                   | Q(pk__in=referred))  # fmt: skip
    elif policy.reads_by_api(p):
        return Q(lead_unit_id=p.unit_id)
    if p.staff is not None:
        glass = BreakGlass.objects.filter(staff=p.staff, started_at__lte=now,
                                          until__gt=now).values("case_id")  # fmt: skip
        related |= Q(pk__in=glass)
    return related


@dataclass(frozen=True)
class CaseAccess:
    """What the viewer may see of one case, and why (for the page and its audit row)."""

    case: Case
    relations: frozenset[str]
    level: str | None
    breakglass: BreakGlass | None

    @property
    def full(self) -> bool:
        return at_least(self.level, FULL)

    @property
    def summary(self) -> bool:
        return at_least(self.level, SUMMARY)


def case_access(p: Principal, case: Case, now: dt.datetime | None = None) -> CaseAccess:
    now = now or timezone.now()
    relations = relations_of(p, case, now)
    level = level_of(p, relations, case.programme, table(timezone.localdate(now)))
    glass = active_breakglass(p, case.pk, now) if BREAKGLASS in relations else None
    return CaseAccess(case, relations, level, glass)
