"""社安網 2.0's investigation stage (see `models.Investigation`): the desk assigns an investigator
of the centre, who visits and writes the investigation report; the report then returns to the
screening queue, where the decision is the investigation's outcome. The `intake.flow` rule in
force on the day a report was received says whether its desk investigates (from 2026-01-01)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.capabilities import capabilities_of
from safetynet.agencies.models import Staff
from safetynet.agencies.principal import Principal
from safetynet.audit.access import fetch_for_change
from safetynet.audit.changes import last_write
from safetynet.audit.services import audit_record
from safetynet.core.conflict import Fields, Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.core.text import is_clean
from safetynet.intake import policy
from safetynet.intake.models import (
    QUEUE_STATUSES,
    Investigation,
    InvestigationOutcome,
    Outcome,
    Report,
    ReportStatus,
)
from safetynet.intake.selectors import report_list_visible_to
from safetynet.rules import registry
from safetynet.rules.selectors import in_force

FLOW = "intake.flow"
VISITED = gettext_lazy("Visited")
NOTES = gettext_lazy("Notes")
FINDINGS = gettext_lazy("Investigation report")
MAX_TEXT = 10000


class FlowForm(forms.Form):
    investigate = forms.BooleanField(
        label=gettext_lazy("The centre investigates on site before a case is opened"),
        required=False,
    )
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, required=False)


registry.register(registry.RuleKind(
    code=FLOW, label=gettext_lazy("Intake flow (社安網 2.0)"), form=FlowForm, many=False,
    help=gettext_lazy("Whether reports received from the version's date are investigated."),
))  # fmt: skip


def investigates(report: Report) -> bool:
    version = in_force(FLOW, timezone.localdate(report.received_at))
    return bool(version is not None and version.content.get("investigate"))


def _text(name: str, text: str) -> None:
    if not text.strip() or len(text) > MAX_TEXT or not is_clean(text):
        raise ServiceError(
            "invalid", _("Check this text."), field_errors={name: [_("Check this text.")]}
        )


def investigation_start(
    *, principal: Principal, report_id: int, investigator_id: int, at: dt.datetime | None = None
) -> Investigation:
    now = at or timezone.now()
    with transaction.atomic():
        try:
            report = fetch_for_change(report_list_visible_to(principal), report_id, actor=principal)
        except Exception:
            raise ServiceError("not_found", _("No such report.")) from None
        if not policy.can_screen(principal):
            raise ServiceError("forbidden", _("Only the intake desk can screen reports."))
        if not investigates(report):
            raise ServiceError("old_flow", _("Reports received before the centre investigates "
                                             "follow the old flow."), conflict=True)  # fmt: skip
        if report.status not in QUEUE_STATUSES or hasattr(report, "investigation"):
            raise ServiceError("not_in_queue", _("This report is not waiting for screening."),
                               conflict=True)  # fmt: skip
        investigator = Staff.objects.filter(pk=investigator_id).select_related("unit").first()
        if (
            investigator is None
            or investigator.unit_id != principal.unit_id
            or policy.SCREEN
            not in capabilities_of(
                investigator.unit.kind, investigator.role, on=timezone.localdate(now)
            )
        ):
            raise ServiceError("bad_investigator", _("Choose an investigator of the centre."),
                               field_errors={"investigator": [_("Choose an investigator of the centre.")]})  # fmt: skip
        assert principal.staff is not None
        item = Investigation.objects.create(report=report, investigator=investigator,
                                            assigned_by=principal.staff, assigned_at=now)  # fmt: skip
        report.status = ReportStatus.INVESTIGATING
        report.screened_at = report.screened_at or now
        report.save(update_fields=["status", "screened_at"])
        audit_record(actor=principal, action="investigate", object_type="report",
                     object_id=report.pk, detail={"investigation": item.pk})  # fmt: skip
        return item


def _mine(principal: Principal, investigation_id: int) -> Investigation:
    item = (
        Investigation.objects.select_for_update(of=("self",))
        .filter(pk=investigation_id, report__in=report_list_visible_to(principal))
        .select_related("report")
        .first()
    )
    if item is None:
        raise ServiceError("not_found", _("No such investigation."))
    if principal.staff is None or item.investigator_id != principal.staff.pk:
        raise ServiceError("forbidden", _("Only the assigned investigator records this."))
    return item


def _check_version(item: Investigation, version: int, submitted: Fields) -> None:
    """Refuse an edit made on another version, with both versions (`core.conflict`)."""
    if item.version != version:
        by, at = last_write("report", item.report_id)
        raise StaleEdit(
            _("Someone changed this investigation after you opened it: compare and apply yours "
              "again."),
            stored=Side(item.version, [(VISITED, item.visited_at), (NOTES, item.visit_note),
                                       (FINDINGS, item.findings)], by, at),
            submitted=Side(version, submitted),
        )  # fmt: skip


def investigation_visit(
    *,
    principal: Principal,
    investigation_id: int,
    version: int,
    visited_at: dt.datetime,
    note: str,
) -> Investigation:
    _text("note", note)
    if visited_at > timezone.now() + dt.timedelta(minutes=5):
        raise ServiceError("invalid", _("A contact cannot be in the future."),
                           field_errors={"visited_at": [_("A contact cannot be in the future.")]})  # fmt: skip
    with transaction.atomic():
        item = _mine(principal, investigation_id)
        _check_version(item, version, [(VISITED, visited_at), (NOTES, note)])
        if item.reported_at is not None:
            raise ServiceError("reported", _("The investigation report is written already."),
                               conflict=True)  # fmt: skip
        item.visited_at, item.visit_note = visited_at, note.strip()
        item.version += 1
        item.save()
        audit_record(actor=principal, action="investigate.visit", object_type="report",
                     object_id=item.report_id)  # fmt: skip
        return item


def investigation_report(
    *,
    principal: Principal,
    investigation_id: int,
    version: int,
    findings: str,
    at: dt.datetime | None = None,
) -> Investigation:
    """The investigation report: the report goes back to the queue for its decision."""
    _text("findings", findings)
    now = at or timezone.now()
    with transaction.atomic():
        item = _mine(principal, investigation_id)
        _check_version(item, version, [(FINDINGS, findings)])
        if item.visited_at is None:
            raise ServiceError("not_visited", _("Record the visit first."), conflict=True)
        if item.reported_at is not None:
            raise ServiceError("reported", _("The investigation report is written already."),
                               conflict=True)  # fmt: skip
        item.findings, item.reported_at = findings.strip(), now
        item.version += 1
        item.save()
        Report.objects.filter(pk=item.report_id).update(status=ReportStatus.RECEIVED)
        audit_record(actor=principal, action="investigate.report", object_type="report",
                     object_id=item.report_id)  # fmt: skip
        return item


OUTCOME_OF = {
    Outcome.PROTECTION: InvestigationOutcome.OPEN_PROTECTION,
    Outcome.VULNERABLE_FAMILY: InvestigationOutcome.HAND_TO_FWC,
    Outcome.NO_CASE: InvestigationOutcome.CLOSE,
}


def check_decidable(report: Report, outcome: str) -> None:
    """Called by the screening decision: an investigation under way must first report; its
    decision must be one of the investigation's outcomes."""
    item = getattr(report, "investigation", None)
    if item is None:
        return
    if item.reported_at is None:
        raise ServiceError("investigating", _("The investigation has not reported yet."),
                           conflict=True)  # fmt: skip
    if outcome not in OUTCOME_OF:
        raise ServiceError("invalid", _("After an investigation: open a protection case, hand to "
                                        "the family welfare centre, or close."),
                           field_errors={"outcome": [_("Choose an outcome of the investigation.")]})  # fmt: skip


def conclude(report: Report, outcome: str, at: dt.datetime) -> None:
    item = getattr(report, "investigation", None)
    if item is not None and outcome in OUTCOME_OF:
        Investigation.objects.filter(pk=item.pk).update(outcome=OUTCOME_OF[Outcome(outcome)],
                                                        concluded_at=at)  # fmt: skip
