"""Parsing only: what an alert's handler sends."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safetynet.oversight.models import AlertStatus


class AlertHandleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(
        label=_("What now"),
        choices=[(AlertStatus.ACKNOWLEDGED, _("Acknowledge: I am looking into it")),
                 (AlertStatus.CLOSED, _("Close: say what was found"))],
        widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note (required to close)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class LookupForm(forms.Form):
    """Which record's readers to show: a person by ID number, a case or a report by number."""

    kind = forms.ChoiceField(
        label=_("Kind of record"),
        choices=[("person", _("Person (ID number)")), ("case", _("Case (number, e.g. C00000012)")),
                 ("report", _("Report (number, e.g. R00000034)"))],
    )  # fmt: skip
    text = forms.CharField(label=_("Number"), max_length=20)
