"""The rule pages' forms: a version's header (date, source, reason) and its content, as a formset
of the kind's row form (a table) or the kind's form (one set of parameters)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safetynet.core.fields import FlexibleDateField
from safetynet.rules.registry import RuleKind, row_to_json


class VersionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    effective_from = FlexibleDateField(label=_("In force from"), allow_future=True)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The law, regulation or report the rule comes from."),
    )
    unsourced = forms.BooleanField(
        label=_("No source gives this rule (the platform's own choice)"), required=False
    )
    note = forms.CharField(
        label=_("Reason for the change"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _with_blank_choices(form_class: type[forms.Form]) -> type[forms.Form]:
    """The row form with a blank first choice in every list, so that the blank row offered for
    a new row stays blank (and is left out) unless someone fills it in."""

    class Row(form_class):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                if isinstance(field, forms.ChoiceField) and not isinstance(
                    field, forms.MultipleChoiceField
                ):
                    choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
                    if not choices or choices[0][0] != "":
                        field.choices = [("", "---------"), *choices]

    Row.__name__ = form_class.__name__
    return Row


def content_form(kind: RuleKind, content: Any, data: Any = None) -> Any:
    """The content's form: a formset of rows (one blank row to add, each row removable) or one
    form of parameters."""
    if kind.many:
        formset_class = forms.formset_factory(
            _with_blank_choices(kind.form), extra=1, can_delete=True
        )
        return formset_class(data, initial=list(content), prefix="rows")
    return kind.form(data, initial=dict(content), prefix="params")


def content_of(kind: RuleKind, form: Any) -> Any:
    """The content a valid content form holds (rows left blank or removed are left out)."""
    if not kind.many:
        return row_to_json(form.cleaned_data, form)
    rows = []
    for row in form.forms:
        if not row.has_changed() and not row.initial:
            continue
        if row.cleaned_data.get("DELETE"):
            continue
        cleaned = {k: v for k, v in row.cleaned_data.items() if k != "DELETE"}
        rows.append(row_to_json(cleaned, row))
    return rows


def row_key(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)
