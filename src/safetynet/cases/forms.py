"""Forms of the case pages: they parse into the services' drafts; the services check the rules."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safetynet.agencies.models import Staff, Unit
from safetynet.cases.models import HandoffKind, HandoffStatus, OpenDecision
from safetynet.cases.rules import CLOCK_NAMES, VISIT_METHOD, VISIT_TARGET
from safetynet.cases.services import ContactDraft
from safetynet.core import codes


class _Once(forms.Form):
    """A key per form shown: submitting it twice does the action once."""

    submission = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class StepForm(_Once):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(
        label=_("Open decision"), choices=[("", "—"), *OpenDecision.choices], required=False
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )


class ContactForm(_Once):
    at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip
    method = forms.ChoiceField(label=_("Method"), choices=lambda: codes.choices(VISIT_METHOD))
    target = forms.ChoiceField(label=_("With whom"), choices=lambda: codes.choices(VISIT_TARGET))
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False
    )
    joint_units = forms.ModelMultipleChoiceField(
        label=_("Other units present (joint visit)"), queryset=Unit.objects.order_by("code"),
        required=False, widget=forms.SelectMultiple(attrs={"size": 4}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["at"].initial = (
            timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
        )

    def draft(self) -> ContactDraft:
        data = self.cleaned_data
        at: dt.datetime = data["at"]
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        return ContactDraft(
            at=at, method=data["method"], target=data["target"], place=data["place"],
            notes=data["notes"], joint_unit_ids=[u.pk for u in data["joint_units"]],
        )  # fmt: skip


class CaseReportForm(_Once):
    clock = forms.ChoiceField(
        label=_("Report"), choices=[c for c in CLOCK_NAMES if c[0] != "face_to_face"]
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ScheduleForm(_Once):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    category = forms.ChoiceField(label=_("Category"), required=False)
    schedule_start = forms.DateField(
        label=_("Schedule counts from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, categories: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *((c, c) for c in categories)]


class HandoffForm(_Once):
    kind = forms.ChoiceField(label=_("What"), choices=HandoffKind.choices)
    to_unit = forms.ModelChoiceField(
        label=_("To a unit of the city"), queryset=Unit.objects.order_by("code"), required=False
    )
    to_organisation = forms.CharField(
        label=_("Or to an organisation outside the city's units"), max_length=80, required=False
    )
    note = forms.CharField(
        label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class AnswerForm(_Once):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(label=_("Answer"), choices=HandoffStatus.choices)
    answer = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )
    worker = forms.ModelChoiceField(
        label=_("Worker (a transfer)"), queryset=Staff.objects.none(), required=False
    )

    def __init__(self, *args: Any, unit_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Staff.objects.filter(unit_id=unit_id or 0).order_by("display_name")
