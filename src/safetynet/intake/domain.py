"""Pure intake rules: deadline clocks, routing choice, TIPVDA danger, re-reports, what a report and
a screening decision must hold. No database: the values officials set (hours, cut-offs, the
routing table, required assessments) come in as arguments from the rule tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext as _

from safetynet.linkage.names import name_keys

# The instrument's structure (not a cut-off): the TIPVDA form has 15 yes/no items.
TIPVDA_ITEMS = 15
# A report names at most this many people: a platform limit, not a rule of the desk.
MAX_PERSONS = 20

Problems = dict[str, list[str]]


@dataclass(frozen=True)
class Clock:
    """Where a report stands against its deadline at a moment."""

    deadline: dt.datetime
    now: dt.datetime

    @property
    def remaining(self) -> dt.timedelta:
        return self.deadline - self.now

    @property
    def overdue(self) -> bool:
        return self.now > self.deadline

    @property
    def hours_left(self) -> float:
        return self.remaining.total_seconds() / 3600


def deadline_from(received_at: dt.datetime, hours: int) -> dt.datetime:
    return received_at + dt.timedelta(hours=hours)


def hours_for(deadlines: Sequence[Mapping[str, Any]], deadline: str) -> int | None:
    """The hours of one deadline in a deadline table (rows of deadline, hours, source)."""
    return next((int(r["hours"]) for r in deadlines if r["deadline"] == deadline), None)


def choose_unit(routes: Sequence[Mapping[str, Any]], *, route: str, district: str) -> str | None:
    """The unit (by code) for a route in a district, from the routing table in force: a row for
    the district beats a city-wide row (district "")."""
    for wanted in (district, ""):
        for row in routes:
            if row["route"] == route and row["district"] == wanted:
                return str(row["unit"])
    return None


def route_key_for(outcome: str, *, protection_type: str = "", service_group: str = "") -> str:
    """The key a routing row is written against, e.g. protection:child, service:mental_health."""
    if outcome == "protection":
        return f"protection:{protection_type}"
    if outcome == "other_service":
        return f"service:{service_group}"
    return outcome


def tipvda_score(items: Sequence[bool]) -> int:
    if len(items) != TIPVDA_ITEMS:
        raise ValueError(f"TIPVDA has {TIPVDA_ITEMS} items, got {len(items)}")
    return sum(1 for answer in items if answer)


def tipvda_high_danger(score: int, *, cut_off: int) -> bool:
    return score >= cut_off


def is_re_report(
    received_at: dt.datetime, protection_closures: Iterable[dt.datetime], *, window_days: int
) -> bool:
    """再通報: a protection case of the person was closed within the window before this report."""
    window = dt.timedelta(days=window_days)
    return any(received_at - window <= closed <= received_at for closed in protection_closures)


def names_agree(typed: str, on_file: str) -> bool:
    """Whether a name typed with an ID may be the name the index has for that ID: the same, the
    same surname (a given name misheard), or names that sound alike in Taiwanese Mandarin. An
    ID under a wholly other name is not linked: a slip in the ID would join the report to a
    stranger's history."""
    a, b = name_keys(typed), name_keys(on_file)
    if a.title_sex is not None or b.title_sex is not None:  # 陳小姐, 陳○○: the surname alone
        return a.surname == b.surname or not (a.surname and b.surname)
    if not a.clean or not b.clean or a.clean == b.clean:
        return True
    if a.latin or b.latin:
        return a.latin == b.latin and bool(set(a.chars) & set(b.chars))
    return a.surname == b.surname or bool(set(a.fuzzy) & set(b.fuzzy))


def share(part: int, whole: int) -> float | None:
    """A percentage, or None when there is nothing to divide by."""
    return None if whole == 0 else round(100 * part / whole, 2)


class PersonLike(Protocol):
    @property
    def id_number(self) -> str: ...


class ReportLike(Protocol):
    @property
    def concerns(self) -> Sequence[str]: ...

    @property
    def vulnerable_areas(self) -> Sequence[str]: ...

    @property
    def persons(self) -> Sequence[PersonLike]: ...


def report_problems(report: ReportLike) -> Problems:
    """What a report must hold, whoever files it: something seen, one to MAX_PERSONS people,
    no ID number twice."""
    problems: Problems = {}
    if not report.concerns and not report.vulnerable_areas:
        problems["__all__"] = [_("Tick at least one concern or one vulnerable-family area.")]
    if not report.persons:
        problems["persons"] = [_("Name at least one person.")]
    elif len(report.persons) > MAX_PERSONS:
        problems["persons"] = [
            _("Name at most %(max)d people in one report.") % {"max": MAX_PERSONS}
        ]
    else:
        ids = [p.id_number for p in report.persons if p.id_number]
        if len(ids) != len(set(ids)):
            problems["persons"] = [_("The same ID number is entered for two people.")]
    return problems


# What each outcome cannot do without (the meaning of the outcome, not an official's choice).
_BY_OUTCOME = {
    "protection": ["protection_type"],
    "vulnerable_family": ["vulnerable_areas"],
    "other_service": ["service_group"],
    "merge": ["merge_case"],
    "no_case": ["no_case_reason"],
}


def decision_problems(
    decision: Mapping[str, Any], *, assessments: Mapping[str, Sequence[str]]
) -> Problems:
    """The fields a screening decision lacks: those its outcome needs, and the assessments the
    rule table requires for its protection type (e.g. child: grade, type, SDM; IPV: TIPVDA)."""
    outcome = str(decision.get("outcome") or "")
    if outcome not in _BY_OUTCOME:
        return {"outcome": [_("Choose an outcome.")]}
    required = list(_BY_OUTCOME[outcome])
    if outcome == "protection":
        required += assessments.get(str(decision.get("protection_type") or ""), [])
    return {name: [_("Required for this outcome.")] for name in required if not decision.get(name)}


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # "done", "current" or "ahead"


def progress_steps(
    progress: str, steps: Sequence[tuple[str, object]], *, closed: str, closed_label: object
) -> list[Step]:
    """The steps of a report's path as its filer sees them: those passed, the one it is at,
    those ahead. A report closed without a case ends after the first two."""
    if progress == closed:
        return [Step(str(label), "done") for _value, label in steps[:2]] + [
            Step(str(closed_label), "current")
        ]
    values = [value for value, _label in steps]
    at = values.index(progress) if progress in values else 0
    return [
        Step(str(label), "done" if i < at else "current" if i == at else "ahead")
        for i, (_value, label) in enumerate(steps)
    ]


# What a filer's position says of them as a reporter, to start the web form with (they may
# change it): a police officer reports as a mandated reporter of the police, through the
# police channel (TWSS reporting unit 24 警政單位或少輔會); a school counsellor through 15
# 其他教育單位. Positions not named here start blank.
REPORTER_TYPE_BY_ROLE = {
    "police_officer": "mandated_police",
    "school_counsellor": "mandated_education",
    "case_worker": "mandated_social",
    "mh_social_worker": "mandated_social",
    "care_visitor": "mandated_social",
    "drug_case_manager": "mandated_social",
}
CHANNEL_BY_UNIT_KIND = {
    "police_precinct": "24",
    "youth_counselling": "24",
    "school_counselling": "15",
    "labour_service": "23",
    "district_office": "25",
}


def filer_defaults(*, role: str, unit_kind: str) -> dict[str, str]:
    defaults = {}
    if role in REPORTER_TYPE_BY_ROLE:
        defaults["reporter_type"] = REPORTER_TYPE_BY_ROLE[role]
    if unit_kind in CHANNEL_BY_UNIT_KIND:
        defaults["channel"] = CHANNEL_BY_UNIT_KIND[unit_kind]
    return defaults
