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
from safetynet.cases.plans import ActionDraft
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


class PlanForm(_Once):
    """The goals and up to five action rows (a row left empty is not an action)."""

    ROWS = 5
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    goals = forms.CharField(
        label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.order_by("code")
        for i in range(self.ROWS):
            self.fields[f"action_{i}"] = forms.CharField(label=_("Action"), max_length=200,
                                                         required=False)  # fmt: skip
            self.fields[f"owner_{i}"] = forms.ModelChoiceField(label=_("Owner unit"),
                                                               queryset=units, required=False)  # fmt: skip
            self.fields[f"review_{i}"] = forms.DateField(
                label=_("Review date"), required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )  # fmt: skip

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(self[f"action_{i}"], self[f"owner_{i}"], self[f"review_{i}"])
                for i in range(self.ROWS)]  # fmt: skip

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for i in range(self.ROWS):
            given = [data.get(f"action_{i}"), data.get(f"owner_{i}"), data.get(f"review_{i}")]
            if any(given) and not all(given):
                self.add_error(
                    f"action_{i}", _("Give the action, its owner unit and a review date.")
                )
        return data

    def actions(self) -> list[ActionDraft]:
        data = self.cleaned_data
        return [ActionDraft(data[f"action_{i}"], data[f"owner_{i}"].pk, data[f"review_{i}"])
                for i in range(self.ROWS) if data.get(f"action_{i}")]  # fmt: skip


class PlanDecisionForm(_Once):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000, required=False
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you must read this case now"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class BreakGlassReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    justified = forms.TypedChoiceField(
        label=_("Was it justified?"),
        choices=[("yes", _("Justified")), ("no", _("Not justified"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (required when not justified)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )
