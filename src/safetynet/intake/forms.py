"""The intake desk's web forms. They parse what a person typed into drafts; every rule over
the result (and every id's eligibility) is the services' (`intake.services`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safetynet.core import codes
from safetynet.core.fields import FlexibleDateField, IdNumberField, SelectedCode, SelectedId
from safetynet.geo.selectors import city_districts
from safetynet.intake.domain import MAX_PERSONS, TIPVDA_ITEMS
from safetynet.intake.drafts import DecisionDraft, PersonDraft, ReportDraft
from safetynet.intake.models import (
    Concern,
    CpGrade,
    CpType,
    Outcome,
    PersonRole,
    ProtectionType,
    ReporterType,
    SdmSafety,
    Urgency,
    VulnerableArea,
)
from safetynet.people.models import Sex

BLANK = ("", "---------")


def _channels() -> list[tuple[str, str]]:
    return [BLANK, *codes.choices(codes.REPORTING_UNIT)]


def district_choices() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in city_districts()]


class ReportForm(forms.Form):
    # The key of this submission: a second submit of the same page files nothing more.
    submission = forms.UUIDField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("Channel"), choices=_channels)
    reporter_type = forms.ChoiceField(label=_("Reporter type"), choices=ReporterType.choices)
    reporter_name = forms.CharField(label=_("Reporter name"), max_length=60, required=False)
    reporter_phone = forms.CharField(label=_("Reporter phone"), max_length=30, required=False)
    reporter_organisation = forms.CharField(
        label=_("Reporter organisation"), max_length=80, required=False
    )
    occurred_on = FlexibleDateField(label=_("Date of the event"), required=False)
    district = forms.ChoiceField(label=_("District"), choices=district_choices)
    address = forms.CharField(label=_("Address"), max_length=120, required=False)
    concerns = forms.MultipleChoiceField(
        label=_("What was seen"),
        choices=Concern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vulnerable_areas = forms.MultipleChoiceField(
        label=_("Vulnerable-family areas"),
        choices=VulnerableArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    narrative = forms.CharField(
        label=_("What happened"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)

    def draft(self, persons: list[PersonDraft]) -> ReportDraft:
        data = {k: v for k, v in self.cleaned_data.items() if k != "submission"}
        return ReportDraft(persons=persons, **data)


class ReportPersonForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices, initial=PersonRole.VICTIM)
    name = forms.CharField(label=_("Name"), max_length=60)
    id_number = IdNumberField(label=_("ID number"), required=False)
    birth_date = FlexibleDateField(label=_("Birth date"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)

    def draft(self) -> PersonDraft:
        return PersonDraft(**self.cleaned_data)


# The page offers a few blank rows and a button for one more; blank rows are left out.
WEB_PERSON_ROWS = 4
ReportPersonFormSet = forms.formset_factory(
    ReportPersonForm,
    extra=WEB_PERSON_ROWS - 1,
    min_num=1,
    max_num=MAX_PERSONS,
    absolute_max=MAX_PERSONS,
)


def person_drafts(formset: Any) -> list[PersonDraft]:
    return [f.draft() for f in formset.forms if f.has_changed() and f.is_valid()]


class OfferedCodes(forms.MultipleChoiceField):
    """Codes ticked from a list the page offers (the list in force on the report's day); parsed
    only: the service checks them against that list."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value: str) -> bool:
        return len(value) <= 40


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    protection_type = forms.ChoiceField(
        label=_("Protection type"), choices=[BLANK, *ProtectionType.choices], required=False
    )
    cp_grade = forms.TypedChoiceField(
        label=_("Child protection grade"),
        choices=[BLANK, *CpGrade.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    cp_type = forms.TypedChoiceField(
        label=_("Child protection type"),
        choices=[BLANK, *CpType.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    sdm_safety = forms.ChoiceField(
        label=_("SDM safety assessment"), choices=[BLANK, *SdmSafety.choices], required=False
    )
    tipvda_items = forms.TypedMultipleChoiceField(
        label=_("TIPVDA items answered yes"),
        choices=[(i, str(i)) for i in range(1, TIPVDA_ITEMS + 1)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tipvda_assessed = forms.BooleanField(label=_("TIPVDA completed"), required=False)
    vulnerable_areas = forms.MultipleChoiceField(
        label=_("Vulnerable-family areas"),
        choices=VulnerableArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vulnerable_factors = forms.CharField(
        label=_("Factors"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    factor_codes = OfferedCodes(label=_("Vulnerable-family factors"), required=False)
    service_group = SelectedCode(label=_("Service"), required=False)
    merge_case = SelectedId(label=_("Open case to merge into"), required=False)
    unit = SelectedCode(
        label=_("Dispatch to (leave empty for the routing table's unit)"), required=False
    )
    no_case_reason = forms.CharField(
        label=_("Reason for no case"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    beside_open_case = forms.BooleanField(
        label=_("Dispatch a new case although this person has an open case of the same service"),
        required=False,
    )

    def offer(
        self,
        *,
        services: list[tuple[str, str]],
        merge_cases: list[tuple[int, str]],
        units: list[tuple[str, str]],
        factors: list[tuple[str, str]] = (),  # type: ignore[assignment]
    ) -> None:
        """The lists the page shows; parsing does not depend on them."""
        self.fields["factor_codes"].widget.choices = list(factors)
        self.fields["service_group"].widget.choices = [BLANK, *services]
        self.fields["merge_case"].widget.choices = [BLANK, *merge_cases]
        self.fields["unit"].widget.choices = [BLANK, *units]

    def draft(self) -> DecisionDraft:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}
        return DecisionDraft(**data)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the unit returning this report?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(forms.Form):
    worker = SelectedId(label=_("Assigned worker"))

    def __init__(self, *args: Any, workers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].widget.choices = [BLANK, *workers]


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Review"),
        choices=[("1", _("Approve: close without a case")), ("0", _("Send back to screening"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the screener"), required=False, max_length=2000,
        help_text=_("Required when sending back: the screener reads it in the queue."),
    )  # fmt: skip


class QueueFilterForm(forms.Form):
    district = forms.ChoiceField(
        label=_("District"), required=False, choices=lambda: [("", _("All")), *district_choices()]
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        required=False,
        choices=lambda: [("", _("All")), *codes.choices(codes.REPORTING_UNIT)],
    )
    concern = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All")), *Concern.choices]
    )


class PeriodForm(forms.Form):
    start = FlexibleDateField(label=_("From"), required=False, allow_future=True)
    end = FlexibleDateField(label=_("To"), required=False, allow_future=True)
    district = forms.ChoiceField(
        label=_("District"), required=False, choices=lambda: [("", _("All")), *district_choices()]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        return data

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end - dt.timedelta(days=364)
        return start, end
