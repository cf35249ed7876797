"""Why two records were (or were not) linked, in words a social worker reads.

Splink scores a pair as the prior plus one match weight per comparison (log2 of its Bayes
factor; Splink 5 returns it as mw_<comparison>, with mw_tf_adj_<comparison> for term frequency). Each entry says which level the pair reached, e.g. 姓名相同, and
how far it moved the score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from safetynet.linkage.model import ENGLISH_LABELS

FIELD_LABELS = {
    "id_number": _("ID number"),
    "name": _("Name"),
    "birth_date": _("Birth date"),
    "sex": _("Sex"),
    "address": _("Address"),
    "phone": _("Phone"),
    "record_kind": _("Source"),
}


_ALL_FIELD_LABELS = {
    **FIELD_LABELS,
    "prior": _("Prior"),
    "prior_level": _("before any field is compared"),
}


@dataclass(frozen=True)
class Evidence:
    field: str
    level: str  # the zh-Hant label of the level reached
    weight: float  # match weight in bits: + for the same person, − against


def level_labels(linker: Any) -> dict[str, dict[int, str]]:
    """comparison name -> gamma value -> label, from the trained model."""
    out: dict[str, dict[int, str]] = {}
    for comparison in linker._settings_obj.comparisons:
        out[comparison.output_column_name] = {
            level.comparison_vector_value: level.label_for_charts
            for level in comparison.comparison_levels
        }
    return out


def explain(pair: Mapping[str, Any], labels: dict[str, dict[int, str]]) -> list[Evidence]:
    """The evidence of one scored pair (a row of predict with intermediate columns), the prior
    (how rare a match is among all pairs) first."""
    out = []
    for name, levels in labels.items():
        weight = float(pair.get(f"mw_{name}") or 0.0) + float(pair.get(f"mw_tf_adj_{name}") or 0.0)
        gamma = int(pair.get(f"gamma_{name}", -1))
        out.append(
            Evidence(field=str(FIELD_LABELS.get(name, name)), level=levels.get(gamma, ""),
                     weight=round(weight, 2))
        )  # fmt: skip
    prior = float(pair["match_weight"]) - sum(e.weight for e in out)
    return [
        Evidence(str(_("Prior")), str(_("before any field is compared")), round(prior, 2)),
        *out,
    ]


def explain_text(pair: Mapping[str, Any], labels: dict[str, dict[int, str]]) -> str:
    """One line: 身分證號: 身分證號相同 +11.3; 姓名: 同音同調 +10.6; … (in English when the
    active language is English)."""
    return "; ".join(
        f"{e.field}: {in_current_language(e.level)} {e.weight:+.1f}"
        for e in explain(pair, labels)
        if e.weight != 0
    )


def in_current_language(text: str) -> str:
    """A stored evidence text (zh-Hant, as the run wrote it) in the reader's language."""
    if not (translation.get_language() or "").startswith("en"):
        return text
    if text in ENGLISH_LABELS:
        return ENGLISH_LABELS[text]
    with translation.override("zh-hant"):
        fields = {str(label): name for name, label in _ALL_FIELD_LABELS.items()}
    return str(_ALL_FIELD_LABELS[fields[text]]) if text in fields else text
