"""How audit rows read on screen: actions and kinds of record by name, never by code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "read": _("Viewed"),
    "list": _("Listed"),
    "create": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
    "review": _("Reviewed"),
    "decide": _("Decided"),
    "accept": _("Accepted"),
    "return": _("Returned"),
    "track": _("Tracked"),
    "breakglass": _("Broke the glass"),
    "breakglass_review": _("Reviewed a break-the-glass"),
    "breakglass_closed": _("Tried to break the glass (closed)"),
    "denied": _("Refused"),
    "replay": _("Answered a repeated request"),
    "password_set": _("Set a password"),
}
OBJECTS = {
    "case": _("Case"),
    "person": _("Person"),
    "report": _("Report"),
    "household": _("Family"),
    "dispatch": _("Dispatch"),
    "handoff": _("Referral"),
    "breakglass": _("Break-the-glass"),
    "decision": _("Decision"),
    "rule": _("Rule table"),
    "staff": _("Staff"),
    "apiclient": _("Partner system"),
    "linkrun": _("Linkage run"),
    "linkpair": _("Linkage pair"),
    "linkrecord": _("Linked record"),
    "upload": _("Upload"),
    "idempotency": _("Repeated request"),
    "auth.user": _("Account"),
}


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, _("Other action")))


def object_label(code: str) -> str:
    return str(OBJECTS.get(code, _("Other record")))
