"""The shipped capability table: what each position (a role in a kind of unit) may do.

No law or regulation lists these: they are the platform's reading of who does what at a city's
safety net (DESIGN.md §2, the cities' reports), shipped marked "no source" for each city to
review. Per linked system, `system.<code>.exists` knows that a person has records there and
`system.<code>.content` reads them: the desk sees the whole picture, content stays with the
professionals who work the system.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SHIPPED_FROM = dt.date(2018, 1, 1)
SYSTEMS = ("psychiatric", "suicide", "drug", "protection", "low_income", "long_term_care",
           "police_concern", "school_counselling")  # fmt: skip


def _knows(*codes: str) -> list[str]:
    return [f"system.{c}.exists" for c in codes]


def _reads(*codes: str) -> list[str]:
    return [f"system.{c}.content" for c in codes]


FILE = ["report.file"]
DESK = [*FILE, "report.screen", "report.reporter", "protection.history", "person.read_all",
        "case.read_all", "dashboard.city", *_knows(*SYSTEMS), *_reads("protection")]  # fmt: skip
UNIT = [*FILE, "dispatch.answer", "case.work", "case.breakglass", "address.request"]
CARRIER = [*UNIT, "case.carry"]
# A unit's supervisor approves its case decisions (opening, closing).
UNIT_LEAD = [*UNIT, "case.approve", "address.approve"]
SOCIAL = ["protection.history", *_knows("psychiatric", "suicide", "drug", "protection", "low_income",
          "long_term_care", "school_counselling"), *_reads("protection", "low_income",
          "long_term_care")]  # fmt: skip
MENTAL_HEALTH = ["protection.history", *_knows("psychiatric", "suicide", "protection",
                 "low_income", "long_term_care"), *_reads("psychiatric", "suicide")]  # fmt: skip
CARE_VISIT = [*_knows("psychiatric", "suicide", "low_income", "long_term_care"),
              *_reads("psychiatric", "suicide", "long_term_care")]  # fmt: skip
DRUG = [*_knows("drug", "low_income"), *_reads("drug")]


def _row(unit_kind: str, role: str, *capabilities: list[str]) -> dict[str, Any]:
    held: list[str] = []
    for group in capabilities:
        held += [c for c in group if c not in held]
    return {"unit_kind": unit_kind, "role": role, "capabilities": held}


CAPABILITIES = [
    _row("intake_desk", "screener", DESK, ["address.request"]),
    _row(
        "intake_desk",
        "supervisor",
        DESK,
        [
            "report.review",
            "linkage.operate",
            "case.track",
            "case.arbitrate",
            "address.request",
            "address.approve",
        ],
    ),
    _row("family_welfare_centre", "case_worker", CARRIER, SOCIAL),
    _row("family_welfare_centre", "supervisor", UNIT_LEAD, SOCIAL),
    _row("protection_centre", "case_worker", CARRIER, SOCIAL),
    _row("protection_centre", "supervisor", UNIT_LEAD, SOCIAL),
    _row("mental_health_centre", "mh_social_worker", CARRIER, MENTAL_HEALTH),
    _row("mental_health_centre", "care_visitor", CARRIER, CARE_VISIT),
    _row("mental_health_centre", "supervisor", UNIT_LEAD, MENTAL_HEALTH),
    _row("drug_centre", "drug_case_manager", CARRIER, DRUG),
    _row("drug_centre", "supervisor", UNIT_LEAD, DRUG),
    _row("youth_counselling", "case_worker", CARRIER),
    _row("youth_counselling", "supervisor", UNIT_LEAD),
    _row("labour_service", "case_worker", CARRIER),
    _row("labour_service", "supervisor", UNIT_LEAD),
    _row("ngo_service", "case_worker", CARRIER),
    _row("ngo_service", "supervisor", UNIT_LEAD),
    _row("programme_office", "case_worker", CARRIER, _knows("low_income"), _reads("low_income")),
    _row("programme_office", "supervisor", UNIT_LEAD, _knows("low_income"), _reads("low_income")),
    _row(
        "police_precinct",
        "police_officer",
        FILE,
        _knows("protection", "police_concern"),
        _reads("police_concern"),
    ),
    _row(
        "school_counselling",
        "school_counsellor",
        FILE,
        _knows("school_counselling"),
        _reads("school_counselling"),
    ),
    _row("programme_office", "programme_analyst", FILE, ["dashboard.city", "linkage.operate"]),
    _row("*", "administrator", ["admin.site", "rules.read", "rules.propose", "rules.approve"]),
    _row("*", "auditor", ["dashboard.city", "rules.read", "audit.read"]),
    _row("*", "partner_system", FILE),
    # A unit's own case system (its partner client) reads the unit's cases and posts contacts.
    *(
        _row(kind, "partner_system", FILE, ["case.api"])
        for kind in (
            "family_welfare_centre",
            "protection_centre",
            "mental_health_centre",
            "drug_centre",
        )
    ),
]

# Content closed to a kind of unit whatever its capabilities (agencies.closed_content): the
# police never read psychiatric, suicide-prevention or drug-treatment content, whether held by a
# linked system or in a case (個人資料保護法 §6: 病歷、醫療 are special categories of personal
# data; which units may read them is the platform's reading, issue 11).
CLOSED_SOURCE = "個人資料保護法 §6（病歷、醫療等特種個資）；平台對警察單位之限制"
CLOSED_CONTENT = [
    {"unit_kind": "police_precinct", "content": content, "source": CLOSED_SOURCE}
    for content in ("system.psychiatric", "system.suicide", "system.drug", "mh_multi",
                    "mh_discharge", "suicide", "drug")
]  # fmt: skip
# The `agencies.sessions` rule table: a login idle this long is ended. No law or regulation
# gives the figure for this kind of system; 30 minutes is the platform's default (issue 11),
# shipped marked "no source" for each city to review (docs/security.md).
SESSIONS = {"idle_minutes": 30}
