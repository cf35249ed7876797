"""The anomaly rules' thresholds and the office hours (`oversight.anomalies`, one set of
parameters, dated). No law or regulation gives these numbers: the platform's defaults ship
marked "no source" for each city to set (docs/oversight.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.oversight.domain import Thresholds
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

KIND = "oversight.anomalies"
DEFAULTS: dict[str, Any] = {
    "window_minutes": 60,
    "outside_caseload": 15,
    "unrelated_persons": 10,
    "bulk_lists": 40,
    "off_hours_reads": 20,
    "office_start": "08:00",
    "office_end": "18:00",
    "duty_unit_kinds": "intake_desk,protection_centre,police_precinct",
}
_HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=10_000)


class AnomalyRulesForm(forms.Form):
    window_minutes = forms.IntegerField(
        label=gettext_lazy("Minutes each rule counts over"), min_value=10, max_value=24 * 60
    )
    outside_caseload = _count(gettext_lazy("Cases read outside one's unit's cases (alert from)"))
    unrelated_persons = _count(
        gettext_lazy("Persons looked up with no relation to one's unit (alert from)")
    )
    bulk_lists = _count(gettext_lazy("Lists and searches (alert from)"))
    off_hours_reads = _count(gettext_lazy("Reads outside office hours (alert from)"))
    office_start = forms.RegexField(label=gettext_lazy("Office hours start (HH:MM)"),
                                    regex=_HHMM, max_length=5)  # fmt: skip
    office_end = forms.RegexField(label=gettext_lazy("Office hours end (HH:MM)"), regex=_HHMM,
                                  max_length=5)  # fmt: skip
    duty_unit_kinds = forms.CharField(
        label=gettext_lazy("Kinds of unit on duty around the clock (comma-separated codes)"),
        max_length=200, required=False,
    )  # fmt: skip

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("office_start"), data.get("office_end")
        if start and end and start >= end:
            raise ValidationError(_("Office hours must end after they start."))
        return data


registry.register(registry.RuleKind(
    code=KIND, label=gettext_lazy("Access anomaly alerts"), form=AnomalyRulesForm, many=False,
    help=gettext_lazy("Thresholds of the alerts to supervisors and auditors, and office hours "
                      "(rest days follow the office calendar)."),
))  # fmt: skip


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def thresholds(on: dt.date) -> tuple[int, Thresholds]:
    """The version number in force (0: the shipped defaults) and its thresholds."""
    version = in_force(KIND, on)
    given = version.content if version is not None else {}
    merged = {**DEFAULTS, **{k: v for k, v in given.items() if v is not None}}
    duty = frozenset(c.strip() for c in str(merged["duty_unit_kinds"]).split(",") if c.strip())
    return (version.number if version is not None else 0), Thresholds(
        window=dt.timedelta(minutes=int(merged["window_minutes"])),
        outside_caseload=int(merged["outside_caseload"]),
        unrelated_persons=int(merged["unrelated_persons"]),
        bulk_lists=int(merged["bulk_lists"]),
        off_hours_reads=int(merged["off_hours_reads"]),
        office_start=_time(str(merged["office_start"])),
        office_end=_time(str(merged["office_end"])),
        duty_unit_kinds=duty,
    )
