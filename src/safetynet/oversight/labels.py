"""How the oversight pages name actions: the audit trail's own labels, and those of the actions
the contexts write that it does not name (never a code on screen)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from safetynet.audit.labels import ACTIONS, OBJECTS

# The trail's own labels share their words with other pages ("Opened" is a case's opening
# date there): on these pages, in the sense of an audit entry.
MORE_ACTIONS = {
    "read": pgettext_lazy("audit action", "Opened"),
    "decide": pgettext_lazy("audit action", "Decided"),
    "return": pgettext_lazy("audit action", "Returned"),
    "who_viewed": _("Looked at who viewed it"),
    "denied": _("Refused (not theirs to see)"),
    "search": _("Searched"),
    "alert": _("Access alert raised"),
    "alert.acknowledge": _("Acknowledged an access alert"),
    "alert.close": _("Closed an access alert"),
    "handoff.send": _("Sent a referral"),
    "handoff.answer": _("Answered a referral"),
    "handoff.seen": _("Saw a referral's outcome"),
    "dispute.raise": _("Raised a dispute over the lead"),
    "dispute.decide": _("Decided a dispute over the lead"),
    "case.assign": _("Assigned the worker"),
    "case.schedule": _("Set the contact schedule"),
    "case.report": _("Wrote a report"),
    "contact.record": _("Recorded a contact"),
    "contact.edit": _("Changed a contact"),
    "assessment.record": _("Recorded an assessment"),
    "plan.write": _("Wrote the service plan"),
    "plan.submit": _("Submitted the service plan"),
    "plan.approve": _("Approved the service plan"),
    "plan.return": _("Returned the service plan"),
    "track.update": _("Updated the tracking"),
    "track.close": _("Closed the tracking"),
    "investigate": _("Investigated"),
    "investigate.visit": _("Recorded an investigation visit"),
    "investigate.report": _("Wrote the investigation report"),
    "unmerge": _("Undid a link"),
    "revoke": _("Revoked"),
    "run": _("Ran"),
}
MORE_OBJECTS = {"alert": _("Access alert")}


def action_name(code: str) -> str:
    if code in MORE_ACTIONS:
        return str(MORE_ACTIONS[code])
    if code in ACTIONS:
        return str(ACTIONS[code])
    if code.startswith("case."):
        return str(_("Took a step of the case"))
    return str(_("Other action"))


def object_name(code: str) -> str:
    return str(MORE_OBJECTS.get(code) or OBJECTS.get(code) or _("Other record"))
