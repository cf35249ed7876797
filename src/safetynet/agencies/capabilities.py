"""Who holds which capability: the `agencies.capabilities` rule table.

A row grants capabilities to a *position*, a role in a kind of unit ("supervisor" at the intake
desk is not "supervisor" at a family welfare centre). "*" as the unit kind means any unit. Partner
systems calling the API hold the position of role "partner_system" in their unit's kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.models import Role, UnitKind
from safetynet.core import capabilities, reference
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

KIND = "agencies.capabilities"
ANY_UNIT = "*"
PARTNER_SYSTEM = "partner_system"


def _unit_kinds() -> list[tuple[str, str]]:
    return [(ANY_UNIT, _("Any unit")), *((v, str(label)) for v, label in UnitKind.choices)]


def _roles() -> list[tuple[str, str]]:
    return [
        *((v, str(label)) for v, label in Role.choices),
        (PARTNER_SYSTEM, _("Partner system (API)")),
    ]


class GrantForm(forms.Form):
    unit_kind = forms.ChoiceField(label=gettext_lazy("Kind of unit"), choices=_unit_kinds)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=_roles)
    capabilities = forms.MultipleChoiceField(
        label=gettext_lazy("Capabilities"),
        choices=capabilities.catalogue,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _check(rows: list[dict[str, Any]]) -> list[str]:
    seen = set()
    for row in rows:
        position = (row["unit_kind"], row["role"])
        if position in seen:
            return [_("A position (kind of unit and role) is listed twice.")]
        seen.add(position)
    return []


registry.register(
    registry.RuleKind(
        code=KIND,
        label=gettext_lazy("Capabilities of each position"),
        form=GrantForm,
        check=_check,
        help=gettext_lazy(
            "What each role in each kind of unit may do. Changes take effect on their date for "
            "every account in that position."
        ),
    )
)


def _table(on: dt.date) -> dict[tuple[str, str], frozenset[str]]:
    version = in_force(KIND, on)
    if version is None:
        return {}

    def build() -> dict[tuple[str, str], frozenset[str]]:
        return {(r["unit_kind"], r["role"]): frozenset(r["capabilities"]) for r in version.content}

    return reference.cached(f"capabilities:{version.pk}", build)


def capabilities_of(unit_kind: str, role: str, *, on: dt.date) -> frozenset[str]:
    """What a position may do on a day: its own row and the rows for any unit."""
    table = _table(on)
    return table.get((unit_kind, role), frozenset()) | table.get((ANY_UNIT, role), frozenset())


def holders(capability: str, *, on: dt.date) -> Iterable[tuple[str, str]]:
    """The positions that hold a capability (for lists such as "who may answer")."""
    return [position for position, held in _table(on).items() if capability in held]
