"""The intake desk's rule tables (registered with `safetynet.rules`) and how the desk reads them.

- intake.deadlines: hours from receipt per deadline (grading, grade 1/2 contact);
- intake.routing: which unit receives a route in a district (deployment data, none shipped);
- intake.thresholds: the re-report window and the TIPVDA high-danger cut-off;
- intake.assessments: which assessments a protection decision requires, per protection type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.models import Unit
from safetynet.geo.selectors import city_districts
from safetynet.intake.domain import TIPVDA_ITEMS, hours_for
from safetynet.intake.models import DeadlineKind, Outcome, ProtectionType, ServiceGroup
from safetynet.rules import registry
from safetynet.rules.selectors import content_in_force, in_force

DEADLINES = "intake.deadlines"
ROUTING = "intake.routing"
THRESHOLDS = "intake.thresholds"
ASSESSMENTS = "intake.assessments"
FACTORS = "intake.vulnerable_factors"


class DeadlineForm(forms.Form):
    deadline = forms.ChoiceField(label=gettext_lazy("Deadline"), choices=DeadlineKind.choices)
    hours = forms.IntegerField(
        label=gettext_lazy("Hours from receipt"), min_value=1, max_value=8760
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


def _check_deadlines(rows: list[dict[str, Any]]) -> list[str]:
    kinds = [r["deadline"] for r in rows]
    problems = []
    if len(kinds) != len(set(kinds)):
        problems.append(_("A deadline is listed twice."))
    if DeadlineKind.GRADING not in kinds:
        problems.append(_("The grading deadline cannot be left out."))
    return problems


def route_choices() -> list[tuple[str, str]]:
    routes = [(f"protection:{v}", str(label)) for v, label in ProtectionType.choices]
    routes.append(("vulnerable_family", str(Outcome.VULNERABLE_FAMILY.label)))
    routes += [(f"service:{g.code}", g.name) for g in ServiceGroup.objects.all()]
    return routes


def _district_choices() -> list[tuple[str, str]]:
    return [("", str(gettext_lazy("Whole city"))), *((d.code, d.name) for d in city_districts())]


def _unit_choices() -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in Unit.objects.order_by("code")]


class RouteForm(forms.Form):
    route = forms.ChoiceField(label=gettext_lazy("Route"), choices=route_choices)
    district = forms.ChoiceField(
        label=gettext_lazy("District"), choices=_district_choices, required=False
    )
    unit = forms.ChoiceField(label=gettext_lazy("Receiving unit"), choices=_unit_choices)


def _check_routes(rows: list[dict[str, Any]]) -> list[str]:
    keys = [(r["route"], r["district"]) for r in rows]
    if len(keys) != len(set(keys)):
        return [_("A route is given twice for the same district.")]
    return []


THRESHOLD_NAMES = [
    ("re_report_days", gettext_lazy("Re-report window (days after a protection case closed)")),
    ("tipvda_high_danger_from", gettext_lazy("TIPVDA score from which the danger is high")),
]
# The values a threshold may take.
_THRESHOLD_RANGE = {"re_report_days": (1, 3660), "tipvda_high_danger_from": (1, TIPVDA_ITEMS)}


class ThresholdForm(forms.Form):
    threshold = forms.ChoiceField(label=gettext_lazy("Threshold"), choices=THRESHOLD_NAMES)
    value = forms.IntegerField(label=gettext_lazy("Value"), min_value=0)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


def _check_thresholds(rows: list[dict[str, Any]]) -> list[str]:
    names = [r["threshold"] for r in rows]
    problems = []
    if sorted(names) != sorted(_THRESHOLD_RANGE):
        problems.append(_("Give each threshold exactly once."))
    for row in rows:
        low, high = _THRESHOLD_RANGE[row["threshold"]]
        if not low <= row["value"] <= high:
            problems.append(
                _("%(name)s must be between %(low)d and %(high)d.")
                % {"name": dict(THRESHOLD_NAMES)[row["threshold"]], "low": low, "high": high}
            )
    return problems


ASSESSMENT_FIELDS = [
    ("cp_grade", gettext_lazy("Child protection grade")),
    ("cp_type", gettext_lazy("Child protection type")),
    ("sdm_safety", gettext_lazy("SDM safety assessment")),
    ("tipvda_assessed", gettext_lazy("TIPVDA completed")),
]


class AssessmentForm(forms.Form):
    protection_type = forms.ChoiceField(
        label=gettext_lazy("Protection type"), choices=ProtectionType.choices
    )
    required = forms.MultipleChoiceField(
        label=gettext_lazy("Required assessments"),
        choices=ASSESSMENT_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


def _check_assessments(rows: list[dict[str, Any]]) -> list[str]:
    types = [r["protection_type"] for r in rows]
    return [_("A protection type is listed twice.")] if len(types) != len(set(types)) else []


registry.register(registry.RuleKind(
    code=DEADLINES, label=gettext_lazy("Intake deadlines"), form=DeadlineForm,
    check=_check_deadlines,
    help=gettext_lazy("Hours from receipt: grading, and face-to-face contact by grade."),
))  # fmt: skip
registry.register(registry.RuleKind(
    code=ROUTING, label=gettext_lazy("Routing table"), form=RouteForm, check=_check_routes,
    help=gettext_lazy("Which unit receives each outcome; a district's row beats the city-wide one."),
))  # fmt: skip
registry.register(registry.RuleKind(
    code=THRESHOLDS, label=gettext_lazy("Screening thresholds"), form=ThresholdForm,
    check=_check_thresholds,
))  # fmt: skip
registry.register(registry.RuleKind(
    code=ASSESSMENTS, label=gettext_lazy("Assessments required by protection type"),
    form=AssessmentForm, check=_check_assessments,
))  # fmt: skip


class FactorForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=40)
    label = forms.CharField(label=gettext_lazy("Factor"), max_length=80)
    grade = forms.ChoiceField(
        label=gettext_lazy("Grade"),
        choices=[("", gettext_lazy("Not graded")), ("high", gettext_lazy("High"))], required=False,
    )  # fmt: skip
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


registry.register(registry.RuleKind(
    code=FACTORS, label=gettext_lazy("Vulnerable-family factors"), form=FactorForm,
    check=lambda rows: [_("A factor is listed twice.")]
    if len({r["code"] for r in rows}) != len(rows) else [],
    help=gettext_lazy("The factor list in force on the day a report was received."),
))  # fmt: skip


def factors(on: dt.date) -> list[dict[str, Any]]:
    version = in_force(FACTORS, on)
    return list(version.content) if version is not None else []


def deadline_hours(deadline: str, *, on: dt.date) -> int | None:
    return hours_for(content_in_force(DEADLINES, on), deadline)


def routes(on: dt.date) -> list[dict[str, Any]]:
    version = in_force(ROUTING, on)
    return list(version.content) if version is not None else []


def thresholds(on: dt.date) -> dict[str, int]:
    return {r["threshold"]: int(r["value"]) for r in content_in_force(THRESHOLDS, on)}


def assessments(on: dt.date) -> dict[str, list[str]]:
    return {r["protection_type"]: list(r["required"]) for r in content_in_force(ASSESSMENTS, on)}
