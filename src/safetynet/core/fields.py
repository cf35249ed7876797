"""Form fields for the forms Taiwanese records come in, with messages in the user's language."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from safetynet.core.roc import DateParseError, parse_date
from safetynet.people.domain import InvalidIdNumber, id_number_kind, normalise_id_number


class FlexibleDateField(forms.Field):
    """Accepts ROC (112/04/14, 1120414, 民國112年4月14日) and ISO dates."""

    default_error_messages = {
        "invalid": _("Enter a date such as 112/04/14, 1120414, 民國112年4月14日 or 2023-04-14."),
        "future": _("This date is in the future."),
    }

    def __init__(self, *args: Any, allow_future: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 12, "inputmode": "numeric"}))
        super().__init__(*args, **kwargs)
        self.allow_future = allow_future

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            parsed = parse_date(text)
        except DateParseError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if not self.allow_future and parsed > dt.date.today():
            raise forms.ValidationError(self.error_messages["future"], code="future")
        return parsed


class IdNumberField(forms.CharField):
    """A national ID or resident certificate number (new or old format), check digit verified."""

    default_error_messages = {
        "invalid": _(
            "This is not a valid national ID or resident certificate number "
            "(check the letters and the check digit)."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> str:
        text = normalise_id_number(super().to_python(value) or "")
        if text:
            try:
                id_number_kind(text)
            except InvalidIdNumber as exc:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return text


class _SharedChoices:
    """Choices that are the same for every form: form instances share them instead of
    copying and re-normalising every (value, translated label) pair on each request, which is
    most of what building a form costs. Assigning `choices` on one instance (which replaces
    the list, never mutates it) still affects only that instance.

    Validation looks values up in a set made once from the choices (Django walks the whole
    list, and calls the function behind callable choices, for every value it checks)."""

    widget: forms.Widget
    error_messages: dict[str, Any]
    validators: list[Any]
    _choices: Any
    choices: Any
    # (the choices object the set was made from, the set): remade when `choices` is assigned
    _valid: tuple[object, frozenset[str]] | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        # What Field.__deepcopy__ and Widget.__deepcopy__ do, minus ChoiceField's and
        # ChoiceWidget's copies of the choices. The set is made on the form class's field
        # first, so every instance's copy shares it.
        self._valid_values()
        result = copy.copy(self)
        memo[id(self)] = result
        result.widget = copy.copy(self.widget)
        result.widget.attrs = self.widget.attrs.copy()
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result

    def _valid_values(self) -> frozenset[str]:
        if self._valid is None or self._valid[0] is not self._choices:
            values: set[str] = set()
            for key, label in self.choices:
                if isinstance(label, list | tuple):  # a named group of choices
                    values.update(str(k) for k, _ in label)
                else:
                    values.add(str(key))
            self._valid = (self._choices, frozenset(values))
        return self._valid[1]

    def valid_value(self, value: Any) -> bool:
        return str(value) in self._valid_values()


class FixedChoiceField(_SharedChoices, forms.ChoiceField):
    """A `ChoiceField` whose choice list is shared between form instances."""


class FixedMultipleChoiceField(_SharedChoices, forms.MultipleChoiceField):
    """A `MultipleChoiceField` whose choice list is shared between form instances."""


F = TypeVar("F", bound=forms.BaseForm)


class _SharedFieldDict(dict[str, forms.Field]):
    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


def validation_only(form_class: type[F]) -> type[F]:
    """A subclass of `form_class` whose instances use the class's own field objects instead
    of deep copies of them (what Django does so that one instance can change its fields). For
    forms that only validate, never render, and change no field: the API's. Validating four
    people and a report spent a tenth of a report's CPU copying fields."""
    shared = type(form_class.__name__, (form_class,), {"__module__": form_class.__module__})
    shared.base_fields = _SharedFieldDict(form_class.base_fields)  # type: ignore[attr-defined]
    return shared
