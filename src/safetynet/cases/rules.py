"""Case management's rule tables (registered with `safetynet.rules`) and how they are read.

- cases.programmes: the service lines — owner unit kind, the intake route that opens one, their
  categories, caseload standard;
- cases.schedules: contact schedules (window rows, see `domain.windows`);
- cases.clocks: legal clocks per programme, counted from the report's receipt;
- cases.rest_days: the office calendar's holidays and make-up working days (§48 IV).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.models import UnitKind
from safetynet.cases.domain import (
    ClockRule,
    Instrument,
    ScheduleRow,
    overlapping_rows,
    parse_bands,
)
from safetynet.core import codes
from safetynet.core.periods import weekends_only
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

PROGRAMMES = "cases.programmes"
SCHEDULES = "cases.schedules"
CLOCKS = "cases.clocks"
REST_DAYS = "cases.rest_days"
LIMITS = "cases.handoff_limits"
# No source gives these: the platform's defaults, shipped as "no source" (docs/cases.md).
DEFAULT_LIMITS = {"reply_days": 7, "escalate_days": 7, "former_lead_days": 30, "dispute_days": 3}

VISIT_METHOD = "twss-visit-service-method"
VISIT_TARGET = "twss-visit-target"
_CODE = re.compile(r"^[a-z][a-z0-9_]*(:[A-Za-z0-9_]+)?$")


def _code_field(label: Any) -> forms.RegexField:
    return forms.RegexField(
        label=label, regex=_CODE, max_length=40,
        error_messages={"invalid": gettext_lazy(
            "Use lower-case letters, digits and _ (a category after a colon, e.g. drug:1)."
        )},
    )  # fmt: skip


def _unique(
    rows: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any], message: str
) -> list[str]:
    keys = [key(r) for r in rows]
    return [message] if len(keys) != len(set(keys)) else []


# --- programmes --------------------------------------------------------------------------------


class ProgrammeForm(forms.Form):
    code = _code_field(gettext_lazy("Code"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=40)
    name_en = forms.CharField(label=gettext_lazy("Name in English"), max_length=80)
    owner = forms.ChoiceField(label=gettext_lazy("Owner (kind of unit)"), choices=UnitKind.choices)
    route = forms.CharField(
        label=gettext_lazy("Intake route that opens it"), max_length=40, required=False
    )
    categories = forms.CharField(
        label=gettext_lazy("Categories (comma-separated)"), max_length=60, required=False
    )
    caseload = forms.IntegerField(
        label=gettext_lazy("Cases per worker (standard)"), min_value=1, max_value=500,
        required=False,
    )  # fmt: skip
    plan_approvals = forms.IntegerField(
        label=gettext_lazy("Approvals a service plan needs"), min_value=1, max_value=3,
        required=False,
    )  # fmt: skip
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)

    def clean_categories(self) -> str:
        parts = [p.strip() for p in str(self.cleaned_data["categories"]).split(",") if p.strip()]
        if any(not re.fullmatch(r"[A-Za-z0-9_]{1,10}", p) for p in parts):
            raise ValidationError(_("A category is letters or digits, separated by commas."))
        return ",".join(parts)


def _check_programmes(rows: list[dict[str, Any]]) -> list[str]:
    problems = _unique(rows, lambda r: r["code"], _("A programme is listed twice."))
    routes = [r["route"] for r in rows if r["route"]]
    if len(routes) != len(set(routes)):
        problems.append(_("Two programmes cannot be opened by the same intake route."))
    return problems


# --- schedules ---------------------------------------------------------------------------------


UNITS = [("month", gettext_lazy("months")), ("day", gettext_lazy("days"))]


class ScheduleForm(forms.Form):
    schedule = _code_field(gettext_lazy("Schedule"))
    unit = forms.ChoiceField(label=gettext_lazy("Counted in"), choices=UNITS)
    first = forms.IntegerField(label=gettext_lazy("From period"), min_value=1, max_value=3660)
    last = forms.IntegerField(label=gettext_lazy("To period"), min_value=1, max_value=3660)
    every = forms.IntegerField(label=gettext_lazy("Window (periods)"), min_value=1, max_value=3660)
    method = forms.ChoiceField(
        label=gettext_lazy("Method"), choices=lambda: codes.choices(VISIT_METHOD)
    )
    required = forms.IntegerField(
        label=gettext_lazy("Contacts required"), min_value=1, max_value=62
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("first") and data.get("last") and data["first"] > data["last"]:
            raise ValidationError(_("The first period comes after the last."))
        return data


def _check_schedules(rows: list[dict[str, Any]]) -> list[str]:
    overlaps = overlapping_rows([ScheduleRow.from_content(r) for r in rows])
    return [
        _("%(schedule)s: two rows for method %(method)s cover the same periods.")
        % {"schedule": a.schedule, "method": codes.display(VISIT_METHOD, a.method)}
        for a, _b in overlaps
    ]


# --- clocks ------------------------------------------------------------------------------------


CLOCK_NAMES = [
    ("face_to_face", gettext_lazy("Face-to-face contact")),
    ("investigation_report", gettext_lazy("Investigation report")),
    ("assessment_report", gettext_lazy("Assessment report")),
]
# A clock is met by a face-to-face contact, or by recording the written report of its name.
FACE_TO_FACE_METHODS = frozenset({"B", "C", "F", "G", "K"})
CLOCK_UNITS = [("hour", gettext_lazy("hours")), ("day", gettext_lazy("days")),
               ("month", gettext_lazy("months"))]  # fmt: skip


class ClockForm(forms.Form):
    programme = _code_field(gettext_lazy("Programme"))
    clock = forms.ChoiceField(label=gettext_lazy("Clock"), choices=CLOCK_NAMES)
    amount = forms.IntegerField(label=gettext_lazy("Within"), min_value=1, max_value=3660)
    unit = forms.ChoiceField(label=gettext_lazy("Counted in"), choices=CLOCK_UNITS)
    grade = forms.ChoiceField(
        label=gettext_lazy("Only for grade"),
        choices=[("", gettext_lazy("Every case")), ("1", "1"), ("2", "2")], required=False,
    )  # fmt: skip
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


def _check_clocks(rows: list[dict[str, Any]]) -> list[str]:
    return _unique(rows, lambda r: (r["programme"], r["clock"], r["grade"]),
                   _("A clock is given twice for the same programme and grade."))  # fmt: skip


# --- calendar ----------------------------------------------------------------------------------


class RestDayForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"))
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("rest", gettext_lazy("Rest day")), ("work", gettext_lazy("Make-up working day"))],
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


def _check_rest_days(rows: list[dict[str, Any]]) -> list[str]:
    return _unique(rows, lambda r: r["date"], _("A date is listed twice."))


registry.register(registry.RuleKind(
    code=PROGRAMMES, label=gettext_lazy("Programmes"), form=ProgrammeForm,
    check=_check_programmes,
    help=gettext_lazy("Service lines: who owns them, which intake route opens one, caseload."),
))  # fmt: skip
registry.register(registry.RuleKind(
    code=SCHEDULES, label=gettext_lazy("Contact schedules"), form=ScheduleForm,
    check=_check_schedules,
    help=gettext_lazy(
        "Contacts required in each window, counted from the case's start as 行政程序法 §48 counts."
    ),
))  # fmt: skip
registry.register(registry.RuleKind(
    code=CLOCKS, label=gettext_lazy("Legal clocks of cases"), form=ClockForm, check=_check_clocks,
    help=gettext_lazy("Deadlines counted from the report's receipt, per programme."),
))  # fmt: skip
registry.register(registry.RuleKind(
    code=REST_DAYS, label=gettext_lazy("Office calendar"), form=RestDayForm,
    check=_check_rest_days,
    help=gettext_lazy("Holidays on weekdays and make-up working Saturdays; weekends rest."),
))  # fmt: skip


class LimitsForm(forms.Form):
    reply_days = forms.IntegerField(label=gettext_lazy("Days to answer"), min_value=1,
                                    max_value=90)  # fmt: skip
    escalate_days = forms.IntegerField(
        label=gettext_lazy("Further days before the sender's supervisor is told"), min_value=1,
        max_value=90,
    )  # fmt: skip
    dispute_days = forms.IntegerField(
        label=gettext_lazy("Days the desk has to decide a dispute over the lead"), min_value=1,
        max_value=30, required=False,
    )  # fmt: skip
    former_lead_days = forms.IntegerField(
        label=gettext_lazy("Days a former lead still reads the case"), min_value=0, max_value=365
    )


registry.register(registry.RuleKind(
    code=LIMITS, label=gettext_lazy("Referrals and transfers: limits"), form=LimitsForm,
    many=False,
))  # fmt: skip


def limits(on: dt.date) -> dict[str, int]:
    version = in_force(LIMITS, on)
    given = version.content if version is not None else {}
    return {**DEFAULT_LIMITS, **{k: v for k, v in given.items() if v is not None}}


# --- assessment instruments --------------------------------------------------------------


INSTRUMENTS = "cases.instruments"


class InstrumentForm(forms.Form):
    instrument = _code_field(gettext_lazy("Instrument"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    items = forms.IntegerField(label=gettext_lazy("Yes/no items"), min_value=0, max_value=100,
                               required=False)  # fmt: skip
    bands = forms.CharField(label=gettext_lazy("Bands (name:from score, …)"), max_length=200,
                            required=False)  # fmt: skip
    options = forms.CharField(label=gettext_lazy("Or results to choose from (comma-separated)"),
                              max_length=200, required=False)  # fmt: skip
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if bool(data.get("items")) == bool(data.get("options")):
            raise ValidationError(_("Give either yes/no items or results to choose from."))
        try:
            parse_bands(data.get("bands") or "")
        except ValueError:
            raise ValidationError(_("Write bands as name:score, separated by commas.")) from None
        return data


registry.register(registry.RuleKind(
    code=INSTRUMENTS, label=gettext_lazy("Assessment instruments"), form=InstrumentForm,
    check=lambda rows: _unique(rows, lambda r: r["instrument"], _("An instrument is listed twice.")),
    help=gettext_lazy("Structure and scoring only: the items' wording stays on the official form."),
))  # fmt: skip


def instruments_in_force(on: dt.date) -> tuple[int, dict[str, tuple[str, Instrument]]]:
    """The version number in force and its instruments by code (name, structure)."""
    version = in_force(INSTRUMENTS, on)
    if version is None:
        return 0, {}
    found = {}
    for r in version.content:
        options = tuple(o.strip() for o in str(r.get("options") or "").split(",") if o.strip())
        found[r["instrument"]] = (r["name"], Instrument(
            r["instrument"], items=int(r.get("items") or 0),
            bands=parse_bands(r.get("bands") or ""), options=options,
        ))  # fmt: skip
    return version.number, found


# --- readers -----------------------------------------------------------------------------------


def _content(kind: str, on: dt.date) -> list[dict[str, Any]]:
    version = in_force(kind, on)
    return list(version.content) if version is not None else []


def rest_day_test(on: dt.date) -> Callable[[dt.date], bool]:
    """Whether a day is a rest day, by the calendar in force on `on` (weekends only without one)."""
    version = in_force(REST_DAYS, on)
    return weekends_only if version is None else rest_day_test_from(version.content)


def rest_day_test_from(content: list[dict[str, Any]]) -> Callable[[dt.date], bool]:
    rest = {dt.date.fromisoformat(r["date"]) for r in content if r["kind"] == "rest"}
    work = {dt.date.fromisoformat(r["date"]) for r in content if r["kind"] == "work"}

    def is_rest_day(day: dt.date) -> bool:
        return day in rest or (day.weekday() >= 5 and day not in work)

    return is_rest_day


def schedule_rows(schedule: str, content: list[dict[str, Any]]) -> list[ScheduleRow]:
    return [ScheduleRow.from_content(r) for r in content if r["schedule"] == schedule]


def schedules_in_force(on: dt.date) -> list[dict[str, Any]]:
    return _content(SCHEDULES, on)


def clocks_in_force(programme: str, on: dt.date) -> list[ClockRule]:
    return [ClockRule.from_content(r) for r in _content(CLOCKS, on) if r["programme"] == programme]


def programmes(on: dt.date) -> list[dict[str, Any]]:
    return _content(PROGRAMMES, on)


def programme(code: str, on: dt.date) -> dict[str, Any] | None:
    return next((p for p in programmes(on) if p["code"] == code), None)


def plan_approvals(code: str, on: dt.date) -> int:
    """How many approvals (by different supervisors of the lead unit) a plan needs; 1 unless
    the programme sets more."""
    found = programme(code, on) or {}
    return int(found.get("plan_approvals") or 1)


def programme_for_route(route: str, on: dt.date) -> dict[str, Any] | None:
    return next((p for p in programmes(on) if p["route"] and p["route"] == route), None)
