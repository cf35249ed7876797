"""Break-the-glass (緊急調閱): reading a case outside one's relations, when a person's safety
cannot wait for a referral or a transfer.

The worker types why; the case opens at the `breakglass` relation's level for `hours`
(`cases.breakglass`, data); every page read meanwhile is audited as usual and the grant names
them; the grant lands on the review list of the worker's unit supervisors and of the auditors
(and in their notices) until one of them, never the worker, reviews it — justified or not, with
a note. Some programmes are closed to it entirely (sexual-assault victims: `closed_programmes`),
and so is content closed to the worker's kind of unit (`agencies.closed_content`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.capabilities import holders
from safetynet.agencies.models import Staff
from safetynet.agencies.principal import Principal
from safetynet.audit.models import AuditEvent
from safetynet.audit.policy import READ as AUDIT_READ
from safetynet.audit.services import audit_record
from safetynet.cases import conflicts, needtoknow, policy
from safetynet.cases.defaults import BREAKGLASS
from safetynet.cases.models import BreakGlass, Case, NoticeKind
from safetynet.cases.notices import notify, unit_staff
from safetynet.cases.services import _refuse_text
from safetynet.core.capabilities import declare
from safetynet.core.conflict import Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

OPEN = declare("case.breakglass", _("Open a case outside one's relations (break-the-glass)"))
KIND = "cases.breakglass"
DEFAULTS: dict[str, Any] = dict(BREAKGLASS)


class BreakGlassRulesForm(forms.Form):
    hours = forms.IntegerField(label=gettext_lazy("Hours a break-the-glass lasts"), min_value=1,
                               max_value=24)  # fmt: skip
    min_reason = forms.IntegerField(label=gettext_lazy("Fewest characters of a reason"),
                                    min_value=5, max_value=200)  # fmt: skip
    closed_programmes = forms.CharField(
        label=gettext_lazy("Programmes closed to it (comma-separated codes)"), required=False,
        max_length=200,
    )  # fmt: skip


registry.register(registry.RuleKind(
    code=KIND, label=gettext_lazy("Break-the-glass"), form=BreakGlassRulesForm, many=False,
))  # fmt: skip


def rules(on: dt.date) -> dict[str, Any]:
    version = in_force(KIND, on)
    given = version.content if version is not None else {}
    return {**DEFAULTS, **{k: v for k, v in given.items() if v is not None}}


def closed_programmes(given: dict[str, Any]) -> set[str]:
    return {code.strip() for code in str(given["closed_programmes"]).split(",") if code.strip()}


def can_open(p: Principal) -> bool:
    return p.has(OPEN) and p.staff is not None


def auditors() -> QuerySet[Staff]:
    """Everyone whose position reads the audit trail."""
    positions = holders(AUDIT_READ, on=timezone.localdate())
    match = Q(pk__in=[])
    for kind, role in positions:
        match |= Q(role=role) if kind == "*" else Q(role=role, unit__kind=kind)
    return Staff.objects.filter(match, user__is_active=True)


def may_review(p: Principal, grant: BreakGlass) -> bool:
    """The worker's unit supervisors and the auditors; never the worker."""
    if p.staff is None or p.staff.pk == grant.staff_id:
        return False
    if p.has(AUDIT_READ):
        return True
    return p.has(policy.APPROVE) and p.unit_id == grant.staff.unit_id


def reviews(p: Principal) -> bool:
    """Whose menu has the review list: the auditors and the supervisors of units."""
    return p.staff is not None and (p.has(AUDIT_READ) or p.has(policy.APPROVE))


def review_list(p: Principal) -> QuerySet[BreakGlass]:
    """The grants the viewer reviews: an auditor every one, a supervisor their unit's."""
    rows = BreakGlass.objects.select_related("staff__unit", "case__lead_unit", "reviewed_by")
    if p.staff is not None and p.has(AUDIT_READ):
        return rows.exclude(staff=p.staff)
    if p.staff is not None and p.has(policy.APPROVE):
        return rows.filter(staff__unit_id=p.unit_id or 0).exclude(staff=p.staff)
    return rows.none()


def breakglass_open(*, principal: Principal, case_id: int, reason: str,
                    at: dt.datetime | None = None) -> BreakGlass:  # fmt: skip
    """Open a case by break-the-glass. The same worker and case while a grant lasts: that grant
    (a resubmitted form opens nothing twice)."""
    p = principal
    now = at or timezone.now()
    if not can_open(p) or p.staff is None:
        raise ServiceError("forbidden", _("Your position cannot open cases by break-the-glass."))
    given = rules(timezone.localdate(now))
    text = reason.strip()
    _refuse_text("reason", text, required=True)
    if len(text) < given["min_reason"]:
        message = _("Say why in at least %(n)d characters.") % {"n": given["min_reason"]}
        raise ServiceError("invalid", message, field_errors={"reason": [message]})
    case = Case.objects.filter(pk=case_id).select_related("lead_unit").first()
    if case is None:
        raise ServiceError("not_found", _("There is no such case."))
    if case.programme in closed_programmes(given) or case.programme in p.closed:
        # The attempt is on the record too (its own transaction: the refusal rolls nothing back).
        audit_record(actor=p, action="breakglass_closed", object_type="case", object_id=case.pk,
                     reason=text[:200])  # fmt: skip
        raise ServiceError("closed", _("This kind of case cannot be opened by break-the-glass: "
                                       "ask its lead unit."))  # fmt: skip
    with transaction.atomic():
        access = needtoknow.case_access(p, case, now)
        if access.breakglass is not None:
            return access.breakglass
        if access.full:
            raise ServiceError("unneeded", _("You can read this case already."), conflict=True)
        grant = BreakGlass.objects.create(
            staff=p.staff, case=case, reason=text, started_at=now,
            until=now + dt.timedelta(hours=given["hours"]),
        )  # fmt: skip
        audit_record(actor=p, action="breakglass", object_type="case", object_id=case.pk,
                     reason=text[:200], detail={"grant": grant.pk})  # fmt: skip
        reviewers = [
            *unit_staff(policy.APPROVE, p.unit_id),
            *auditors().values_list("pk", flat=True),
        ]
        notify([r for r in reviewers if r != p.staff.pk], NoticeKind.BREAKGLASS,
               key=f"breakglass:{grant.pk}", link=f"/breakglass/{grant.pk}/", at=now)  # fmt: skip
    return grant


def access_grant(p: Principal, grant_id: int) -> BreakGlass:
    """A grant for its review (the reviewers) or for its holder; 404 for anyone else."""
    grant = (
        BreakGlass.objects.select_related("staff__unit", "case__lead_unit", "reviewed_by")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None or not (may_review(p, grant) or (p.staff and p.staff.pk == grant.staff_id)):
        raise Http404
    audit_record(actor=p, action="read", object_type="breakglass", object_id=grant.pk,
                 detail={"case": grant.case_id})  # fmt: skip
    return grant


def pages_seen(grant: BreakGlass) -> QuerySet[AuditEvent]:
    """What the holder read or did while the grant lasted (their audit rows)."""
    return AuditEvent.objects.filter(
        actor_id=grant.staff.user_id, at__gte=grant.started_at, at__lte=grant.until
    ).order_by("at", "pk")


def _review_text(justified: bool | None) -> str:
    if justified is None:
        return ""
    return str(gettext_lazy("Justified") if justified else gettext_lazy("Not justified"))


def breakglass_review(*, principal: Principal, grant_id: int, justified: bool, note: str,
                      version: int, at: dt.datetime | None = None) -> BreakGlass:  # fmt: skip
    p = principal
    now = at or timezone.now()
    _refuse_text("note", note, required=not justified)
    with transaction.atomic():
        grant = (
            BreakGlass.objects.select_for_update(of=("self",))
            .select_related("staff")
            .filter(pk=grant_id)
            .first()
        )
        if grant is None or not may_review(p, grant):
            raise ServiceError("not_found", _("There is no such break-the-glass to review."))
        if grant.reviewed_at is not None:
            if grant.justified == justified and grant.review_note == note.strip():
                return grant  # the same review again
            raise ServiceError("reviewed", _("It has been reviewed already."), conflict=True)
        if grant.version != version:
            raise StaleEdit(_("Someone changed it meanwhile: compare and apply yours again."),
                            stored=Side(grant.version, [(conflicts.REVIEW, _review_text(grant.justified)),
                                                        (conflicts.NOTES, grant.review_note)],
                                        grant.reviewed_by.display_name if grant.reviewed_by
                                        else "", grant.reviewed_at),
                            submitted=Side(version, [(conflicts.REVIEW, _review_text(justified)),
                                                     (conflicts.NOTES, note)]))  # fmt: skip
        grant.reviewed_by = p.staff
        grant.reviewed_at = now
        grant.justified = justified
        grant.review_note = note.strip()
        grant.version += 1
        grant.save()
        audit_record(actor=p, action="breakglass_review", object_type="breakglass",
                     object_id=grant.pk, detail={"case": grant.case_id, "justified": justified})  # fmt: skip
    return grant
