"""The stored side of a stale edit on case management's records (`core.conflict`): the values a
person reads on the page, the version, and who changed it last and when."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from safetynet.audit.changes import last_write
from safetynet.cases.models import Case, Contact, Handoff, Plan, Tracked
from safetynet.core import codes
from safetynet.core.conflict import Side

STATUS = _("Status")
WORKER = _("Worker")
LEAD_UNIT = _("Lead unit")
CATEGORY = _("Category")
SCHEDULE_START = _("Schedule starts")
STEP = _("Step")
REASON = _("Reason")
WHEN = _("When")
METHOD = _("Method")
TARGET = _("With whom")
PLACE = _("Place")
NOTES = _("Notes")
ANSWER = _("Answer")
GOALS = _("Goals")
NEXT_STEP = _("Next step")
DUE = _("Due")
CLOSE_REASON = _("Why the tracking closes")
REVIEW = _("Review")


def case_side(case: Case) -> Side:
    by, at = last_write("case", case.pk)
    return Side(case.version, [
        (STATUS, case.get_status_display()),
        (WORKER, case.worker.display_name if case.worker else ""),
        (LEAD_UNIT, case.lead_unit.name),
        (CATEGORY, case.category),
        (SCHEDULE_START, case.schedule_start),
    ], by, at)  # fmt: skip


def contact_side(contact: Contact) -> Side:
    by, at = last_write("case", contact.case_id, detail={"contact": contact.pk})
    return Side(contact.version, [
        (WHEN, contact.at), (METHOD, codes.display("twss-visit-service-method", contact.method)),
        (TARGET, codes.display("twss-visit-target", contact.target)), (PLACE, contact.place),
        (NOTES, contact.notes),
    ], by, at)  # fmt: skip


def handoff_side(handoff: Handoff) -> Side:
    return Side(handoff.version, [
        (STATUS, handoff.get_status_display()), (ANSWER, handoff.answer),
    ], handoff.answered_by.display_name if handoff.answered_by else "", handoff.answered_at)  # fmt: skip


def plan_side(plan: Plan) -> Side:
    by, at = last_write("case", plan.case_id, detail={"plan": plan.pk})
    return Side(plan.version, [(STATUS, plan.get_status_display()), (GOALS, plan.goals)], by, at)


def tracked_side(item: Tracked) -> Side:
    by, at = last_write("case", item.case_id)
    return Side(item.version, [
        (NEXT_STEP, item.next_step), (DUE, item.due_on), (CLOSE_REASON, item.close_reason),
    ], by, at)  # fmt: skip
