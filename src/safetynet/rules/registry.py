"""The kinds of rule table, each registered by the context that reads it (from its AppConfig).

A kind names its rows' form (which parses one row, or the whole set of parameters), whether it
is a table of rows or one set of parameters, and the checks over the whole content that no single
row can make (no route given twice, at least one …). The service runs both on every change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _

Content = list[dict[str, Any]] | dict[str, Any]


def _no_check(content: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class RuleKind:
    code: str
    label: Promise | str
    form: type[forms.Form]
    many: bool = True
    # Messages (in the reader's language) about the content as a whole; empty when it is fine.
    check: Callable[[Any], list[str]] = _no_check
    help: Promise | str = ""
    # Columns whose values are shown by their choice's label (all ChoiceFields are).
    keys: Sequence[str] = field(default_factory=tuple)


_kinds: dict[str, RuleKind] = {}


def register(kind: RuleKind) -> RuleKind:
    _kinds[kind.code] = kind
    return kind


def get(code: str) -> RuleKind | None:
    return _kinds.get(code)


def all_kinds() -> list[RuleKind]:
    return sorted(_kinds.values(), key=lambda k: k.code)


def to_json(value: Any) -> Any:
    """A form's cleaned value as it is kept in a version's content."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def row_to_json(cleaned: dict[str, Any], form: forms.Form) -> dict[str, Any]:
    return {name: to_json(cleaned.get(name)) for name in form.fields}


def parse(kind: RuleKind, content: Any) -> tuple[Content, dict[str, list[str]]]:
    """Parse content (JSON as kept, or as a page sends it) through the kind's form: the clean
    content and the errors by place ("rows[2].hours", "content" for the whole)."""
    errors: dict[str, list[str]] = {}
    if kind.many:
        if not isinstance(content, list) or not all(isinstance(r, dict) for r in content):
            return [], {"content": [_("The table must be a list of rows.")]}
        rows: list[dict[str, Any]] = []
        for i, raw in enumerate(content):
            form = kind.form(data=_as_form_data(raw))
            if form.is_valid():
                rows.append(row_to_json(form.cleaned_data, form))
            else:
                for name, messages in form.errors.items():
                    errors.setdefault(f"rows[{i}].{name}", []).extend(str(m) for m in messages)
        parsed: Content = rows
    else:
        if not isinstance(content, dict):
            return {}, {"content": [_("The table must be one set of parameters.")]}
        form = kind.form(data=_as_form_data(content))
        if not form.is_valid():
            return {}, {k: [str(m) for m in v] for k, v in form.errors.items()}
        parsed = row_to_json(form.cleaned_data, form)
    if not errors:
        problems = kind.check(parsed)
        if problems:
            errors["content"] = problems
    return parsed, errors


def _as_form_data(raw: dict[str, Any]) -> dict[str, Any]:
    """A stored row as form data (forms read lists through getlist)."""
    from django.utils.datastructures import MultiValueDict

    data: MultiValueDict[str, Any] = MultiValueDict()
    for name, value in raw.items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data
