"""Every change of a rule table: draft → propose → approve (publish) or send back; withdraw.

Published versions never change; a change is a new version from a date not before the day it is
published. Every step is audited. Content is parsed by the kind's form and checked by the kind's
rules here, whoever calls (the rule pages, the admin site, a set-up command).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.audit.changes import last_write
from safetynet.audit.services import audit_record
from safetynet.core.actor import Actor
from safetynet.core.conflict import Fields, Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.rules import policy, registry
from safetynet.rules.models import RuleStatus, RuleVersion
from safetynet.rules.selectors import in_force


def _kind(code: str) -> registry.RuleKind:
    kind = registry.get(code)
    if kind is None:
        raise ServiceError("not_found", _("No such rule table."))
    return kind


def _audit(actor: Actor, action: str, version: RuleVersion, note: str = "") -> None:
    audit_record(actor=actor, action=action, object_type="rule", object_id=version.pk,
                 reason=note[:200], detail={"kind": version.kind, "number": version.number,
                                            "effective_from": version.effective_from.isoformat()})  # fmt: skip


def _parsed(kind: registry.RuleKind, content: Any) -> registry.Content:
    parsed, errors = registry.parse(kind, content)
    if errors:
        raise ServiceError(
            "invalid", _("The rule table has errors: see the marked rows."), field_errors=errors
        )
    return parsed


def _next_number(kind: str) -> int:
    top = RuleVersion.objects.filter(kind=kind).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def _locked(version_id: int) -> RuleVersion:
    version = RuleVersion.objects.select_for_update().filter(pk=version_id).first()
    if version is None:
        raise ServiceError("not_found", _("No such rule version."))
    return version


def _check_date(effective_from: dt.date) -> None:
    if effective_from < timezone.localdate():
        raise ServiceError(
            "past_date",
            _("A change cannot take effect before the day it is published."),
            field_errors={"effective_from": [_("Choose today or a later day.")]},
        )


def rule_draft(*, actor: Actor, kind: str, at: dt.datetime | None = None) -> RuleVersion:
    """A new draft, starting from the version in force today (or empty)."""
    with transaction.atomic():
        rule_kind = _kind(kind)
        if not policy.can_draft(actor):
            raise ServiceError("forbidden", _("You may not change rule tables."))
        now = at or timezone.now()
        current = in_force(kind, timezone.localdate(now))
        empty: registry.Content = [] if rule_kind.many else {}
        version = RuleVersion.objects.create(
            kind=kind,
            number=_next_number(kind),
            effective_from=timezone.localdate(now),
            content=current.content if current else empty,
            source=current.source if current else "",
            unsourced=current.unsourced if current else False,
            based_on=current,
            created_by_id=actor.user_id,
            created_at=now,
        )
        _audit(actor, "rule.draft", version)
        return version


EFFECTIVE = gettext_lazy("In force from")
SOURCE = gettext_lazy("Source")
NOTE = gettext_lazy("Note")
CONTENT = gettext_lazy("Content")


def _check_revision(version: RuleVersion, revision: int, submitted: Fields = ()) -> None:
    """Refuse an edit of another revision of the draft, with both (`core.conflict`)."""
    if version.revision == revision:
        return
    by, at = last_write("rule", version.pk)
    raise StaleEdit(
        _("Someone changed this draft since you opened it: compare and apply yours again."),
        stored=Side(version.revision, [
            (EFFECTIVE, version.effective_from), (SOURCE, version.source), (NOTE, version.note),
            (CONTENT, json.dumps(version.content, ensure_ascii=False, default=str)),
        ], by, at),
        submitted=Side(revision, submitted),
        field_name="revision",
    )  # fmt: skip


def rule_draft_update(
    *,
    actor: Actor,
    version_id: int,
    revision: int,
    effective_from: dt.date,
    content: Any,
    source: str,
    unsourced: bool,
    note: str,
) -> RuleVersion:
    """Edit a draft. `revision` is the one the editor started from: a stale edit is refused."""
    with transaction.atomic():
        version = _locked(version_id)
        if not policy.can_edit(actor, version):
            raise ServiceError("forbidden", _("Only a draft can be edited, by rule staff."))
        _check_revision(version, revision, [
            (EFFECTIVE, effective_from), (SOURCE, source), (NOTE, note),
            (CONTENT, json.dumps(content, ensure_ascii=False, default=str)),
        ])  # fmt: skip
        parsed = _parsed(_kind(version.kind), content)
        if not unsourced and not source.strip():
            raise ServiceError(
                "source_required",
                _("Name the source of the rule, or mark it as having none."),
                field_errors={
                    "source": [_("Name the law, regulation or report, or tick 'no source'.")]
                },
            )
        version.effective_from = effective_from
        version.content = parsed
        version.source = source.strip()
        version.unsourced = unsourced
        version.note = note.strip()
        version.revision += 1
        version.save()
        _audit(actor, "rule.edit", version)
        return version


def rule_propose(*, actor: Actor, version_id: int, revision: int) -> RuleVersion:
    with transaction.atomic():
        version = _locked(version_id)
        if not policy.can_edit(actor, version):
            raise ServiceError("forbidden", _("Only a draft can be proposed, by rule staff."))
        _check_revision(version, revision)
        _parsed(_kind(version.kind), version.content)
        _check_date(version.effective_from)
        if not version.note.strip():
            raise ServiceError(
                "note_required",
                _("Say why the rule changes before proposing it."),
                field_errors={"note": [_("This field is required.")]},
            )
        version.status = RuleStatus.PROPOSED
        version.proposed_by_id = actor.user_id
        version.proposed_at = timezone.now()
        version.save(update_fields=["status", "proposed_by", "proposed_at"])
        _audit(actor, "rule.propose", version)
        return version


def rule_decide(*, actor: Actor, version_id: int, approve: bool, note: str = "") -> RuleVersion:
    """A second person publishes the proposal or sends it back to draft with a note."""
    with transaction.atomic():
        version = _locked(version_id)
        if version.status != RuleStatus.PROPOSED:
            raise ServiceError("not_proposed", _("This version is not awaiting a decision."),
                               conflict=True)  # fmt: skip
        if not policy.can_decide(actor, version):
            raise ServiceError(
                "forbidden", _("Another person with approval rights must decide on a proposal.")
            )
        if not approve and not note.strip():
            raise ServiceError(
                "note_required",
                _("Say why the proposal is sent back."),
                field_errors={"note": [_("This field is required.")]},
            )
        if approve:
            _parsed(_kind(version.kind), version.content)
            _check_date(version.effective_from)
        version.status = RuleStatus.PUBLISHED if approve else RuleStatus.DRAFT
        version.decided_by_id = actor.user_id
        version.decided_at = timezone.now()
        version.decision_note = note.strip()
        if not approve:
            version.revision += 1
        version.save()
        _audit(actor, "rule.publish" if approve else "rule.send_back", version, note)
        return version


def rule_withdraw(*, actor: Actor, version_id: int, note: str) -> RuleVersion:
    """Drop a draft or proposal, or a published version that has not yet taken effect."""
    with transaction.atomic():
        version = _locked(version_id)
        if version.status == RuleStatus.WITHDRAWN:
            return version
        if not note.strip():
            raise ServiceError("note_required", _("Say why the version is withdrawn."),
                               field_errors={"note": [_("This field is required.")]})  # fmt: skip
        if version.status == RuleStatus.PUBLISHED:
            if not actor.has(policy.APPROVE):
                raise ServiceError(
                    "forbidden", _("Only an approver can withdraw a published version.")
                )
            if version.effective_from <= timezone.localdate():
                raise ServiceError("in_force", _("A version already in force cannot be withdrawn: "
                                                 "publish a new one instead."), conflict=True)  # fmt: skip
        elif not policy.can_draft(actor):
            raise ServiceError("forbidden", _("You may not change rule tables."))
        version.status = RuleStatus.WITHDRAWN
        version.decision_note = note.strip()
        version.decided_by_id = actor.user_id
        version.decided_at = timezone.now()
        version.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
        _audit(actor, "rule.withdraw", version, note)
        return version


def rule_install(
    *,
    actor: Actor,
    kind: str,
    effective_from: dt.date,
    content: Any,
    source: str = "",
    unsourced: bool = False,
    note: str = "",
) -> RuleVersion:
    """Set-up: a deployment's own table (its routing, say) published directly, by the installer
    (the system) or an approver. Audited like any change; history is kept the same way."""
    with transaction.atomic():
        if not actor.has(policy.APPROVE):
            raise ServiceError("forbidden", _("Only an approver can install a rule table."))
        parsed = _parsed(_kind(kind), content)
        now = timezone.now()
        version = RuleVersion.objects.create(
            kind=kind,
            number=_next_number(kind),
            effective_from=effective_from,
            content=parsed,
            source=source,
            unsourced=unsourced,
            note=note,
            status=RuleStatus.PUBLISHED,
            created_by_id=actor.user_id,
            created_at=now,
            decided_by_id=actor.user_id,
            decided_at=now,
        )
        _audit(actor, "rule.install", version, note)
        return version
