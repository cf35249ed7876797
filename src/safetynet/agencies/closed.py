"""Content closed to a kind of unit, whatever its capabilities (the `agencies.closed_content`
rule table): field-level redaction that no capability row and no relation to a case can open.

A row names a kind of unit and a kind of content: a linked system (`system.<code>`: the unit may
know that records exist, never read them) or a case programme (`<programme>`: the unit may know
that the case exists and who to reach, never more — not as a co-working unit, not by
break-the-glass). The shipped rows keep psychiatric, suicide-prevention and drug-treatment
content from the police (個人資料保護法 §6: 病歷、醫療 are special categories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.models import UnitKind
from safetynet.core import reference
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

KIND = "agencies.closed_content"
SYSTEM = "system."


class ClosedForm(forms.Form):
    unit_kind = forms.ChoiceField(label=gettext_lazy("Kind of unit"), choices=UnitKind.choices)
    content = forms.RegexField(
        label=gettext_lazy("Content (a programme, or system.<code> for a linked system)"),
        regex=r"^(system\.)?[a-z][a-z0-9_]*$",
        max_length=40,
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


def _check(rows: list[dict[str, Any]]) -> list[str]:
    keys = [(r["unit_kind"], r["content"]) for r in rows]
    return (
        [_("A kind of unit and content are listed twice.")] if len(keys) != len(set(keys)) else []
    )


registry.register(
    registry.RuleKind(
        code=KIND,
        label=gettext_lazy("Content closed to a kind of unit"),
        form=ClosedForm,
        check=_check,
        help=gettext_lazy(
            "Whatever its capabilities or its relation to a case, a unit of this kind never sees "
            "this content: only that it exists."
        ),
    )
)


def closed_to(unit_kind: str, *, on: dt.date) -> frozenset[str]:
    """The content codes closed to a kind of unit on a day."""
    version = in_force(KIND, on)
    if version is None:
        return frozenset()

    def build() -> dict[str, frozenset[str]]:
        table: dict[str, set[str]] = {}
        for row in version.content:
            table.setdefault(row["unit_kind"], set()).add(row["content"])
        return {kind: frozenset(codes) for kind, codes in table.items()}

    return reference.cached(f"closed:{version.pk}", build).get(unit_kind, frozenset())


def unreadable(closed: frozenset[str]) -> frozenset[str]:
    """The capabilities closed content takes away: reading a closed system's records."""
    return frozenset(f"{code}.content" for code in closed if code.startswith(SYSTEM))
