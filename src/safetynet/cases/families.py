"""The family page (以家庭為中心): a household, its members and every case of every member
across agencies — each case shown at the level the viewer's relation to it allows, by the
`cases.family_visibility` rule table (data, not code).

Relations, strongest first: `lead` (the viewer's unit leads the case), `desk` (the intake desk,
which reads every case), `cowork` (the viewer's unit co-works the case: 協同), `family` (the
viewer's unit leads another open case of the household: it serves the same family). Levels: `existence` (that the case exists, its programme and who to
reach), `summary` (+ status, dates, last contact, what is overdue), `full` (+ the case page).
Nobody else opens the page (404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases import policy
from safetynet.cases.due import dues
from safetynet.cases.models import OPEN_STATUSES, Case, CaseUnit
from safetynet.cases.rules import programmes
from safetynet.people.models import Household, HouseholdMembership
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

KIND = "cases.family_visibility"
LEVELS = ["existence", "summary", "full"]
LEVEL_CHOICES = [
    ("existence", gettext_lazy("That it exists, and who to reach")),
    ("summary", gettext_lazy("Summary (status, dates, what is overdue)")),
    ("full", gettext_lazy("Everything (the case page)")),
]
RELATIONS = [
    ("lead", gettext_lazy("Lead unit of the case")),
    ("desk", gettext_lazy("Intake desk")),
    ("cowork", gettext_lazy("Co-working unit of the case")),
    ("family", gettext_lazy("Leads another open case of the family")),
]
ANY = "*"


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
    code=KIND, label=gettext_lazy("Family page: what each relation sees"), form=VisibilityForm,
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


@dataclass(frozen=True)
class CaseShown:
    case: Case
    level: str
    programme_name: str
    last_contact: dt.datetime | None
    overdue: int

    @property
    def summary(self) -> bool:
        return self.level in ("summary", "full")

    @property
    def full(self) -> bool:
        return self.level == "full"


@dataclass(frozen=True)
class FamilyShown:
    household: Household
    members: list[HouseholdMembership]
    cases: list[CaseShown]


def _relation(p: Principal, case: Case, family_units: set[int], coworking: set[int]) -> str | None:
    if policy.works_cases(p) and p.unit_id == case.lead_unit_id:
        return "lead"
    if p.has(policy.READ_ALL):
        return "desk"
    if policy.works_cases(p) and case.pk in coworking:
        return "cowork"
    if policy.works_cases(p) and p.unit_id in family_units:
        return "family"
    return None


def access_family(p: Principal, household_id: int) -> FamilyShown:
    """The family page, or 404 for one who leads no case of the family and is not the desk.
    One audit row names the members and the cases shown."""
    household = Household.objects.filter(pk=household_id).select_related("district").first()
    if household is None:
        raise Http404
    members = list(
        HouseholdMembership.objects.filter(household=household, end__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    person_ids = [m.person_id for m in members]
    cases = list(
        Case.objects.filter(members__person_id__in=person_ids)
        .distinct()
        .select_related("lead_unit", "worker__user")
        .order_by("-opened_at")
    )
    family_units = {c.lead_unit_id for c in cases if c.status in OPEN_STATUSES}
    coworking = set(
        CaseUnit.objects.filter(case__in=[c.pk for c in cases], unit_id=p.unit_id or 0,
                                role=CaseUnit.COWORK, until__isnull=True)
        .values_list("case_id", flat=True)
    ) if policy.works_cases(p) else set()  # fmt: skip
    if not (p.has(policy.READ_ALL) or (policy.works_cases(p) and p.unit_id in family_units)
            or coworking):  # fmt: skip
        raise Http404
    today = timezone.localdate()
    version = in_force(KIND, today)
    rows = list(version.content) if version is not None else []
    names = {g["code"]: g["name"] for g in programmes(today)}
    last = dict(
        Case.objects.filter(pk__in=[c.pk for c in cases])
        .annotate(last=Max("contacts__at"))
        .values_list("pk", "last")
    )
    overdue = {
        d.case.pk: sum(1 for c in d.clocks if c.done_at is None and c.status == "overdue")
        + sum(1 for w in d.windows if w.status == "overdue")
        for d in dues([c for c in cases if c.status in OPEN_STATUSES])
    }
    shown = []
    for case in cases:
        relation = _relation(p, case, family_units, coworking)
        level = level_for(rows, relation, case.programme) if relation else None
        if level is None:
            continue
        shown.append(CaseShown(case, level, names.get(case.programme, ""), last.get(case.pk),
                               overdue.get(case.pk, 0)))  # fmt: skip
    audit_record(actor=p, action="read", object_type="household", object_id=household.pk,
                 detail={"persons": sorted(person_ids),
                         "cases": sorted(c.case.pk for c in shown)})  # fmt: skip
    return FamilyShown(household, members, shown)


def households_of_case(case: Case) -> list[int]:
    """The households of a case's members (links to their family pages)."""
    return sorted(
        set(
            HouseholdMembership.objects.filter(
                person__in=case.members.values("person_id"), end__isnull=True
            ).values_list("household_id", flat=True)
        )
    )
