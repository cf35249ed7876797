"""列管: major cases tracked for the head of the bureau. Every case a rule of `cases.tracking`
names (programme and grade) is tracked as it opens — every serious child-abuse case, whether
in a family already served or not — and a holder of case.track adds others, moves the next
step and closes the tracking with a reason. The list shows what is overdue first."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases import conflicts
from safetynet.cases.models import Case, Tracked
from safetynet.cases.selectors import case_list_visible_to
from safetynet.cases.services import _refuse_text
from safetynet.core.capabilities import declare
from safetynet.core.conflict import Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

TRACK = declare("case.track", _("Track major cases (列管) for the head of the bureau"))
KIND = "cases.tracking"


class TrackingForm(forms.Form):
    programme = forms.RegexField(label=gettext_lazy("Programme"), regex=r"^[a-z][a-z0-9_]*$",
                                 max_length=40)  # fmt: skip
    grade = forms.ChoiceField(label=gettext_lazy("Only for grade"),
                              choices=[("", gettext_lazy("Every case")), ("1", "1"), ("2", "2")],
                              required=False)  # fmt: skip
    reason = forms.CharField(label=gettext_lazy("Why it is tracked"), max_length=200)
    days = forms.IntegerField(label=gettext_lazy("First step due in (days)"), min_value=1,
                              max_value=365)  # fmt: skip
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


registry.register(registry.RuleKind(
    code=KIND, label=gettext_lazy("Major cases tracked (列管)"), form=TrackingForm,
    help=gettext_lazy("Cases tracked as they open, by programme and grade."),
))  # fmt: skip


def track_on_open(case: Case, *, at: dt.datetime) -> Tracked | None:
    """Called as a case opens: tracked when a rule names its programme (and grade)."""
    version = in_force(KIND, timezone.localdate(at))
    for row in version.content if version is not None else []:
        if row["programme"] == case.programme and (not row["grade"] or
                                                   str(case.grade) == row["grade"]):  # fmt: skip
            return Tracked.objects.create(
                case=case, reason=row["reason"], owner_id=case.lead_unit_id,
                next_step=_("First contact and safety assessment"),
                due_on=timezone.localdate(at) + dt.timedelta(days=int(row["days"])), opened_at=at,
            )  # fmt: skip
    return None


def tracked_list(p: Principal) -> QuerySet[Tracked]:
    if not p.has(TRACK):
        return Tracked.objects.none()
    return Tracked.objects.filter(closed_at__isnull=True).select_related(
        "case", "owner", "case__worker"
    )


def _fields(reason: str, next_step: str, due_on: dt.date) -> None:
    _refuse_text("next_step", next_step, required=True)
    _refuse_text("reason", reason, required=True)
    if len(reason) > 200 or len(next_step) > 200:
        raise ServiceError("invalid", _("Check this text."))
    if (
        not timezone.localdate() - dt.timedelta(days=31)
        <= due_on
        <= timezone.localdate() + dt.timedelta(days=730)
    ):
        raise ServiceError(
            "invalid", _("Check the date."), field_errors={"due_on": [_("Check the date.")]}
        )


def track(
    *, principal: Principal, case_id: int, reason: str, next_step: str, due_on: dt.date
) -> Tracked:
    if not principal.has(TRACK):
        raise ServiceError("forbidden", _("Your position does not track cases."))
    _fields(reason, next_step, due_on)
    with transaction.atomic():
        case = case_list_visible_to(principal).filter(pk=case_id).first()
        if case is None:
            raise ServiceError("not_found", _("No such case."))
        try:
            with transaction.atomic():
                item = Tracked.objects.create(case=case, reason=reason.strip(),
                                              owner_id=case.lead_unit_id,
                                              next_step=next_step.strip(), due_on=due_on,
                                              opened_at=timezone.now(), opened_by=principal.staff)  # fmt: skip
        except IntegrityError:
            raise ServiceError("already_tracked", _("This case is tracked already."),
                               conflict=True) from None  # fmt: skip
        audit_record(actor=principal, action="track", object_type="case", object_id=case.pk)
        return item


def track_update(*, principal: Principal, tracked_id: int, version: int, next_step: str,
                 due_on: dt.date, close_reason: str = "") -> Tracked:  # fmt: skip
    """Move the next step on, or close the tracking with a reason."""
    _fields("-", next_step, due_on)
    with transaction.atomic():
        item = tracked_list(principal).select_for_update(of=("self",)).filter(pk=tracked_id).first()
        if item is None:
            raise ServiceError("not_found", _("No such tracked case."))
        if item.version != version:
            raise StaleEdit(_("Someone changed this after you opened it: compare and apply yours "
                              "again."), stored=conflicts.tracked_side(item),
                            submitted=Side(version, [(conflicts.NEXT_STEP, next_step),
                                                     (conflicts.DUE, due_on),
                                                     (conflicts.CLOSE_REASON, close_reason)]))  # fmt: skip
        item.next_step, item.due_on = next_step.strip(), due_on
        if close_reason.strip():
            _refuse_text("close_reason", close_reason, required=True)
            item.closed_at, item.close_reason = timezone.now(), close_reason.strip()[:200]
        item.version += 1
        item.save()
        audit_record(actor=principal, action="track.close" if item.closed_at else "track.update",
                     object_type="case", object_id=item.case_id)  # fmt: skip
        return item
