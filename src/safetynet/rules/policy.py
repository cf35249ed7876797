"""Who may read and change the rule tables. Publishing takes a second person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from safetynet.core.actor import Actor
from safetynet.core.capabilities import declare
from safetynet.rules.models import RuleStatus, RuleVersion

READ = declare("rules.read", _("Read the rule tables and their history"))
PROPOSE = declare("rules.propose", _("Draft and propose rule changes"))
APPROVE = declare("rules.approve", _("Approve and publish rule changes"))


def can_read(actor: Actor) -> bool:
    return actor.has(READ) or actor.has(PROPOSE) or actor.has(APPROVE)


def can_draft(actor: Actor) -> bool:
    return actor.has(PROPOSE)


def can_edit(actor: Actor, version: RuleVersion) -> bool:
    return can_draft(actor) and version.status == RuleStatus.DRAFT


def can_decide(actor: Actor, version: RuleVersion) -> bool:
    """Approve or send back: an approver who did not propose it (four eyes)."""
    return (
        actor.has(APPROVE)
        and version.status == RuleStatus.PROPOSED
        and version.proposed_by_id != actor.user_id
    )
