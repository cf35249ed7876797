"""Who may do what at the intake desk. Pure: answers from the principal's capabilities and unit
and the facts of the object, with no database. Views, templates, access helpers, selectors and
services all ask here."""

from __future__ import annotations

from enum import Enum
from typing import Protocol

from django.utils.translation import gettext_lazy as _

from safetynet.agencies.models import UnitKind
from safetynet.agencies.principal import Principal
from safetynet.cases import policy as case_policy
from safetynet.core.capabilities import declare

FILE = declare("report.file", _("File reports"))
SCREEN = declare("report.screen", _("Screen reports: the queue, every report, decisions"))
REPORTER = declare("report.reporter", _("See who reported (confidential by law)"))
REVIEW = declare("report.review", _("Review no-case decisions"))
ANSWER = declare("dispatch.answer", _("Accept or return what is dispatched to one's unit"))
PROTECTION_HISTORY = declare(
    "protection.history", _("Know of a person's protection cases (re-report flags)")
)
DASHBOARD = declare("dashboard.city", _("See the city-wide intake figures"))


class Filed(Protocol):
    """What the policy needs of a report: who filed it."""

    filed_by_id: int | None
    filed_by_client_id: int | None


class ReportView(Enum):
    """How much of a report a viewer sees."""

    DESK = "desk"  # everything: reporter, history, decisions, every dispatch
    UNIT = "unit"  # a unit it was sent to: the report, its people, the decision, its own dispatch
    FILER = "filer"  # who filed it: what they filed and how far it got, nothing the index knows


def can_file(p: Principal) -> bool:
    return p.has(FILE)


def can_file_on(p: Principal, channel: str) -> bool:
    """A partner system files under the channel it was registered for, and no other."""
    return can_file(p) and (p.client is None or p.client.channel == channel)


def can_screen(p: Principal) -> bool:
    return p.has(SCREEN)


def can_review(p: Principal) -> bool:
    return p.has(REVIEW)


def can_see_dashboard(p: Principal) -> bool:
    return p.has(DASHBOARD)


def is_filer(p: Principal, report: Filed) -> bool:
    if p.client is not None:
        return report.filed_by_client_id == p.client.pk
    return p.user is not None and report.filed_by_id == p.user.pk


def can_see_reporter(p: Principal, report: Filed) -> bool:
    """Reporter identity is confidential by law (兒少權法 §53, 家暴法 §50): the desk's, and the
    filer's own."""
    return p.has(REPORTER) or is_filer(p, report)


def knows_protection_history(p: Principal) -> bool:
    return p.has(PROTECTION_HISTORY)


def can_see_high_danger_list(p: Principal) -> bool:
    """The monthly high-danger network meeting's list: the desk, and the protection centre
    that brings the cases (its staff who work cases)."""
    unit = p.unit
    return can_screen(p) or (
        unit is not None and unit.kind == UnitKind.PROTECTION_CENTRE and case_policy.works_cases(p)
    )


def can_answer(p: Principal, *, unit_id: int) -> bool:
    """Accept or return a dispatch: staff of the receiving unit whose position answers."""
    return p.has(ANSWER) and p.staff is not None and p.staff.unit_id == unit_id


def works_for_unit(p: Principal) -> bool:
    """Staff who receive dispatches in their unit (and see the reports sent there)."""
    return p.has(ANSWER) and p.staff is not None


def report_view(
    p: Principal, report: Filed, *, dispatched_here: bool, in_our_case: bool
) -> ReportView | None:
    """The view a viewer has of a report. `dispatched_here`: a dispatch to the viewer's unit is
    waiting or accepted (a unit that returned the report sees it no more); `in_our_case`: the
    report was merged into a case the viewer's unit leads."""
    if can_screen(p):
        return ReportView.DESK
    if (dispatched_here and works_for_unit(p)) or (in_our_case and case_policy.works_cases(p)):
        return ReportView.UNIT
    if is_filer(p, report):
        return ReportView.FILER
    return None
