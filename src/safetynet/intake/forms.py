"""The intake forms. The web pages and the API validate through the same forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from safetynet.agencies.models import CASE_CARRYING_ROLES, Staff, Unit
from safetynet.cases.models import Case, CaseStatus
from safetynet.core import codes
from safetynet.core.fields import (
    FixedChoiceField,
    FixedMultipleChoiceField,
    FlexibleDateField,
    IdNumberField,
    validation_only,
)
from safetynet.geo.models import District
from safetynet.geo.selectors import city_district, city_districts
from safetynet.intake.domain import TIPVDA_ITEMS
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.models import (
    Concern,
    Outcome,
    PersonRole,
    ProtectionType,
    ReporterType,
    SdmSafety,
    ServiceGroup,
    Urgency,
    VulnerableArea,
)
from safetynet.people.models import Sex

MAX_PERSONS = 20


class CityDistrictField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A district of this city, chosen by its code; validated against the cached district list
    (rendering still lists them from the queryset)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=city_districts(), to_field_name="code", **kwargs)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        # What ModelChoiceField's copy does, minus cloning the queryset: form instances share
        # it, as validation never runs it and rendering iterates it without filling its cache.
        # Field's own copy (django-stubs do not declare __deepcopy__).
        result = super(forms.ChoiceField, self).__deepcopy__(memo)  # type: ignore[misc]
        result.widget.choices = result.choices  # choices bound to the copy, as Django's
        return result

    def to_python(self, value: Any) -> District | None:
        if value in self.empty_values:
            return None
        if isinstance(value, District):
            return value
        district = city_district(str(value))
        if district is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return district


def _channel_choices() -> list[tuple[str, str]]:
    return [("", "---------"), *codes.choices(codes.REPORTING_UNIT)]


class ReportForm(forms.Form):
    channel = FixedChoiceField(label=_("Channel"), choices=_channel_choices)
    reporter_type = FixedChoiceField(label=_("Reporter type"), choices=ReporterType.choices)
    reporter_name = forms.CharField(label=_("Reporter name"), max_length=60, required=False)
    reporter_phone = forms.CharField(label=_("Reporter phone"), max_length=30, required=False)
    reporter_organisation = forms.CharField(
        label=_("Reporter organisation"), max_length=80, required=False
    )
    occurred_on = FlexibleDateField(label=_("Date of the event"), required=False)
    district = CityDistrictField(label=_("District"))
    address = forms.CharField(label=_("Address"), max_length=120, required=False)
    concerns = FixedMultipleChoiceField(
        label=_("What was seen"),
        choices=Concern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vulnerable_areas = FixedMultipleChoiceField(
        label=_("Vulnerable-family areas"),
        choices=VulnerableArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    narrative = forms.CharField(
        label=_("What happened"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    urgency = FixedChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("concerns") and not data.get("vulnerable_areas"):
            raise forms.ValidationError(
                _("Tick at least one concern or one vulnerable-family area."), code="nothing_seen"
            )
        return data


class ReportPersonForm(forms.Form):
    role = FixedChoiceField(label=_("Role"), choices=PersonRole.choices, initial=PersonRole.VICTIM)
    name = forms.CharField(label=_("Name"), max_length=60)
    id_number = IdNumberField(label=_("ID number"), required=False)
    birth_date = FlexibleDateField(label=_("Birth date"), required=False)
    sex = FixedChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)


_PersonToValidate = validation_only(ReportPersonForm)
# The API's report form: it validates and never renders (core.fields.validation_only).
ReportToValidate = validation_only(ReportForm)


def _too_many_people() -> forms.ValidationError:
    return forms.ValidationError(
        _("Name at most %(max)d people in one report."),
        code="too_many_people",
        params={"max": MAX_PERSONS},
    )


def check_people(people: list[dict[str, Any]]) -> None:
    """The rules over a report's people as a whole (each given as its form's cleaned data):
    at least one, at most MAX_PERSONS, no ID number twice."""
    if not people:
        raise forms.ValidationError(_("Name at least one person."), code="no_person")
    if len(people) > MAX_PERSONS:
        raise _too_many_people()
    ids = [p["id_number"] for p in people if p.get("id_number")]
    if len(ids) != len(set(ids)):
        raise forms.ValidationError(
            _("The same ID number is entered for two people."), code="duplicate_id"
        )


def people_forms(rows: list[dict[str, Any]]) -> tuple[list[ReportPersonForm], list[str]]:
    """A report's people as the API sends them, one row each (no blank rows, no management
    form): each row's form, and the errors of the rules over all of them."""
    if len(rows) > MAX_PERSONS:  # refused before a form is built for each of them
        return [], _too_many_people().messages
    people = [_PersonToValidate(row) for row in rows]
    valid = all([form.is_valid() for form in people])
    try:
        if valid or not rows:
            check_people([form.cleaned_data for form in people])
    except forms.ValidationError as error:
        return people, [str(m) for m in error.messages]
    return people, []


class BaseReportPersonFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        check_people([f.cleaned_data for f in self.forms if f.has_changed()])


# The web page offers a few blank rows; the API sends exactly the people it has.
WEB_PERSON_ROWS = 4
ReportPersonFormSet = forms.formset_factory(
    ReportPersonForm,
    formset=BaseReportPersonFormSet,
    extra=WEB_PERSON_ROWS - 1,
    min_num=1,
    max_num=MAX_PERSONS,
    validate_max=True,
)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    protection_type = forms.ChoiceField(
        label=_("Protection type"),
        choices=[("", "---------"), *ProtectionType.choices],
        required=False,
    )
    cp_grade = forms.TypedChoiceField(
        label=_("Child protection grade"),
        choices=[("", "---------"), (1, _("Grade 1 (urgent)")), (2, _("Grade 2"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    cp_type = forms.TypedChoiceField(
        label=_("Child protection type"),
        choices=[("", "---------"), (1, _("Type 1")), (2, _("Type 2")), (3, _("Type 3"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    sdm_safety = forms.ChoiceField(
        label=_("SDM safety assessment"),
        choices=[("", "---------"), *SdmSafety.choices],
        required=False,
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
        label=_("Factors"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    service_group = forms.ModelChoiceField(
        label=_("Service"),
        queryset=ServiceGroup.objects.filter(active=True),
        required=False,
        to_field_name="code",
    )
    merge_case = forms.ModelChoiceField(
        label=_("Open case to merge into"),
        queryset=Case.objects.filter(status=CaseStatus.OPEN),
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=_("Dispatch to (leave empty for the routing table's unit)"),
        queryset=Unit.objects.all(),
        required=False,
        to_field_name="code",
    )
    no_case_reason = forms.CharField(
        label=_("Reason for no case"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, merge_cases: QuerySet[Case] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if merge_cases is not None:
            merge = self.fields["merge_case"]
            assert isinstance(merge, forms.ModelChoiceField)
            merge.queryset = merge_cases

    def draft(self) -> DecisionDraft:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}
        return DecisionDraft(**data)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        by_outcome: dict[str, list[str]] = {
            Outcome.PROTECTION: ["protection_type"],
            Outcome.VULNERABLE_FAMILY: ["vulnerable_areas"],
            Outcome.OTHER_SERVICE: ["service_group"],
            Outcome.MERGE: ["merge_case"],
            Outcome.NO_CASE: ["no_case_reason"],
        }
        required = list(by_outcome.get(str(outcome or ""), []))
        if outcome == Outcome.PROTECTION and data.get("protection_type") == ProtectionType.CHILD:
            required += ["cp_grade", "cp_type", "sdm_safety"]
        if outcome == Outcome.PROTECTION and data.get("protection_type") == ProtectionType.IPV:
            required += ["tipvda_assessed"]
        for name in required:
            if not data.get(name):
                self.add_error(
                    name, forms.ValidationError(_("Required for this outcome."), code="required")
                )
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the unit returning this report?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcceptForm(forms.Form):
    worker = forms.ModelChoiceField(label=_("Assigned worker"), queryset=Staff.objects.none())

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = self.fields["worker"]
        assert isinstance(worker, forms.ModelChoiceField)
        worker.queryset = Staff.objects.filter(unit=unit, role__in=CASE_CARRYING_ROLES)


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Review"),
        choices=[("1", _("Approve: close without a case")), ("0", _("Send back to screening"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
