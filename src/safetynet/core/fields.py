"""Form fields for the forms Taiwanese records come in, with messages in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safetynet.core.roc import DateParseError, format_roc, parse_date
from safetynet.core.twid import InvalidIdNumber, id_number_kind, normalise_id_number

# Dates the platform takes: from the first ROC year to well past any plan's horizon.
EARLIEST = dt.date(1912, 1, 1)
LATEST = dt.date(2199, 12, 31)


class FlexibleDateField(forms.Field):
    """Accepts ROC (112/04/14, 1120414, 民國112年4月14日) and ISO dates."""

    default_error_messages = {
        "invalid": _("Enter a date such as 112/04/14, 1120414, 民國112年4月14日 or 2023-04-14."),
        "future": _("This date is in the future."),
        "range": _("Enter a date between 民國1年 (1912) and 2199."),
    }

    def __init__(self, *args: Any, allow_future: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 12, "inputmode": "numeric"}))
        super().__init__(*args, **kwargs)
        self.allow_future = allow_future

    def prepare_value(self, value: Any) -> Any:
        """A date is shown as people write it here: in the ROC calendar."""
        return format_roc(value) if isinstance(value, dt.date) else value

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
        if not EARLIEST <= parsed <= LATEST:
            raise forms.ValidationError(self.error_messages["range"], code="range")
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


class SelectedId(forms.IntegerField):
    """An id chosen from a list the page offers. It only parses: whether the id may be chosen
    is for the service to say (so the API, which has no list, is held to the same rule)."""

    widget = forms.Select

    def __init__(self, *args: Any, choices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.choices = choices


class SelectedCode(forms.CharField):
    """A code chosen from a list the page offers; like `SelectedId`, parsed only."""

    widget = forms.Select

    def __init__(self, *args: Any, choices: Any = (), **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.widget.choices = choices
