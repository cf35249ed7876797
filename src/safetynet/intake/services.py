"""Every write of the intake desk: filing, screening, review, dispatch, accept and return."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.models import CASE_CARRYING_ROLES, Role, Staff, Unit
from safetynet.agencies.principal import Principal
from safetynet.audit.services import audit_record
from safetynet.cases.models import Case, CaseMember, CaseStatus
from safetynet.cases.selectors import protection_closures
from safetynet.core.errors import ServiceError
from safetynet.core.rows import insert_rows
from safetynet.geo.models import District
from safetynet.intake import domain
from safetynet.intake.drafts import DecisionDraft, ReportDraft
from safetynet.intake.models import (
    QUEUE_STATUSES,
    DeadlineKind,
    Dispatch,
    DispatchStatus,
    Outcome,
    ProtectionType,
    Report,
    ReportPerson,
    ReportStatus,
    ReviewStatus,
    RoutingRule,
    ScreeningDecision,
)
from safetynet.intake.selectors import deadline_hours, suggested_unit
from safetynet.people.selectors import Sought, persons_match
from safetynet.people.services import person_create


@transaction.atomic(savepoint=False)
def report_create(
    *, principal: Principal, draft: ReportDraft, received_at: dt.datetime | None = None
) -> tuple[Report, list[ReportPerson]]:
    """File a report; match every person against the index; start the 24-hour clock.

    Returns the report with its people (in the order the draft names them)."""
    received = received_at or timezone.now()
    hours = deadline_hours(DeadlineKind.GRADING, on=timezone.localdate(received))
    matches = persons_match([Sought(p.name, p.id_number, p.birth_date) for p in draft.persons])
    # Only a person already in the index can have had a case closed.
    closures = protection_closures(
        [m.person.pk for m in matches if m.person],
        since=received - domain.RE_REPORT_WINDOW,
        until=received,
    )
    re_reports = [
        m.person is not None and domain.is_re_report(received, closures.get(m.person.pk, []))
        for m in matches
    ]
    report = Report(
        channel=draft.channel,
        reporter_type=draft.reporter_type,
        reporter_name=draft.reporter_name,
        reporter_phone=draft.reporter_phone,
        reporter_organisation=draft.reporter_organisation,
        received_at=received,
        occurred_on=draft.occurred_on,
        district=draft.district,
        address=draft.address,
        concerns=list(draft.concerns),
        vulnerable_areas=list(draft.vulnerable_areas),
        narrative=draft.narrative,
        urgency=draft.urgency,
        status=ReportStatus.RECEIVED,
        grading_deadline=domain.deadline_from(received, hours),
        is_re_report=any(re_reports),
        filed_by=principal.user,
        filed_by_client=principal.client,
    )
    insert_rows([report])
    entries = []
    for person, match, re_report in zip(draft.persons, matches, re_reports, strict=True):
        found = match.person
        if found is None and match.status == "new":
            found = person_create(
                name=person.name,
                id_number=person.id_number,
                birth_date=person.birth_date,
                sex=person.sex,
            )
        entries.append(
            ReportPerson(
                # Keys, not objects: nothing here reads the relations back, and setting them by
                # object runs the related-object descriptor's checks for every row.
                report_id=report.pk,
                person_id=found.pk if found else None,
                role=person.role,
                name=person.name,
                id_number=person.id_number,
                birth_date=person.birth_date,
                sex=person.sex,
                match_status=match.status,
                candidates=match.candidates,
                is_re_report=re_report,
            )
        )
    insert_rows(entries)
    audit_record(principal=principal, action="create", object_type="report", object_id=report.pk)
    return report, entries


def _require_desk(principal: Principal) -> None:
    if not principal.at_desk:
        raise ServiceError("forbidden", _("Only the intake desk can screen reports."))


def _locked_report(report_id: int) -> Report:
    return Report.objects.select_for_update().select_related("district").get(pk=report_id)


@transaction.atomic
def decision_record(
    *, principal: Principal, report_id: int, draft: DecisionDraft, at: dt.datetime | None = None
) -> ScreeningDecision:
    """Screen a report: record the outcome and dispatch, merge, or send "no case" for review."""
    _require_desk(principal)
    report = _locked_report(report_id)
    if report.status not in QUEUE_STATUSES:
        raise ServiceError(
            "already_screened", _("This report has already been screened."), conflict=True
        )
    now = at or timezone.now()
    answers = [i in draft.tipvda_items for i in range(1, domain.TIPVDA_ITEMS + 1)]
    is_ipv = draft.outcome == Outcome.PROTECTION and draft.protection_type == ProtectionType.IPV
    route_key = domain.route_key_for(
        draft.outcome,
        protection_type=draft.protection_type,
        service_group=draft.service_group.code if draft.service_group else "",
    )
    assert principal.user is not None
    decision = ScreeningDecision.objects.create(
        report=report,
        outcome=draft.outcome,
        protection_type=draft.protection_type if draft.outcome == Outcome.PROTECTION else "",
        cp_grade=draft.cp_grade,
        cp_type=draft.cp_type,
        sdm_safety=draft.sdm_safety,
        tipvda_items=answers if is_ipv else [],
        tipvda_score=domain.tipvda_score(answers) if is_ipv else None,
        vulnerable_areas=list(draft.vulnerable_areas),
        vulnerable_factors=draft.vulnerable_factors,
        service_group=draft.service_group,
        merge_case=draft.merge_case,
        no_case_reason=draft.no_case_reason,
        note=draft.note,
        route_key=route_key,
        decided_by=principal.user,
        decided_at=now,
        review_status=ReviewStatus.PENDING
        if draft.outcome == Outcome.NO_CASE
        else ReviewStatus.NOT_REQUIRED,
    )
    report.screened_at = report.screened_at or now
    if draft.outcome == Outcome.NO_CASE:
        report.status = ReportStatus.NO_CASE_REVIEW
    elif draft.outcome == Outcome.MERGE:
        _merge(report, draft.merge_case)
    else:
        unit = draft.unit or suggested_unit(route_key=route_key, district=report.district, on=now)
        if unit is None:
            raise ServiceError(
                "no_route",
                _("No unit is set for this outcome in this district: choose one."),
                field_errors={"unit": [_("Choose the receiving unit.")]},
            )
        Dispatch.objects.create(
            report=report,
            decision=decision,
            unit=unit,
            dispatched_by=principal.user,
            dispatched_at=now,
        )
        report.status = ReportStatus.DISPATCHED
    report.save(update_fields=["status", "screened_at", "case"])
    audit_record(
        principal=principal,
        action="decide",
        object_type="report",
        object_id=report.pk,
        detail={"decision": decision.pk, "outcome": draft.outcome},
    )
    return decision


def _merge(report: Report, case: Case | None) -> None:
    if case is None or case.status != CaseStatus.OPEN:
        raise ServiceError(
            "case_not_open",
            _("Only an open case can take a merged report."),
            field_errors={"merge_case": [_("Choose an open case.")]},
        )
    report.case = case
    report.status = ReportStatus.MERGED
    _add_members(case, report)


def _add_members(case: Case, report: Report) -> None:
    """Everyone the report names who is in the index joins the case (once)."""
    present = set(case.members.values_list("person_id", flat=True))
    new: dict[int, str] = {}
    for person_id, role in report.people.exclude(person=None).values_list("person_id", "role"):
        if person_id is not None and person_id not in present:
            new.setdefault(person_id, role)
    CaseMember.objects.bulk_create(
        [CaseMember(case=case, person_id=pid, role=role) for pid, role in new.items()],
        ignore_conflicts=True,
    )


@transaction.atomic
def decision_review(
    *,
    principal: Principal,
    decision_id: int,
    approve: bool,
    note: str = "",
    at: dt.datetime | None = None,
) -> ScreeningDecision:
    """A desk supervisor confirms a "no case" decision or sends the report back to the queue."""
    if not principal.is_desk_supervisor:
        raise ServiceError("forbidden", _("Only a desk supervisor can review decisions."))
    decision = ScreeningDecision.objects.select_for_update().get(pk=decision_id)
    if decision.review_status != ReviewStatus.PENDING:
        raise ServiceError(
            "already_reviewed", _("This decision has already been reviewed."), conflict=True
        )
    report = _locked_report(decision.report_id)
    decision.review_status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
    decision.reviewed_by = principal.user
    decision.reviewed_at = at or timezone.now()
    decision.review_note = note
    decision.save(update_fields=["review_status", "reviewed_by", "reviewed_at", "review_note"])
    report.status = ReportStatus.CLOSED_NO_CASE if approve else ReportStatus.RECEIVED
    report.save(update_fields=["status"])
    audit_record(
        principal=principal,
        action="review",
        object_type="report",
        object_id=report.pk,
        detail={"decision": decision.pk, "approved": approve},
    )
    return decision


def _locked_dispatch(principal: Principal, dispatch_id: int) -> Dispatch:
    dispatch = Dispatch.objects.select_for_update().select_related("decision").get(pk=dispatch_id)
    if principal.unit is None or dispatch.unit_id != principal.unit.pk or principal.at_desk:
        raise ServiceError("forbidden", _("Only the receiving unit can answer a dispatch."))
    if principal.role not in (Role.SUPERVISOR, *CASE_CARRYING_ROLES):
        raise ServiceError("forbidden", _("Your role cannot answer dispatches."))
    return dispatch


@transaction.atomic
def dispatch_accept(
    *, principal: Principal, dispatch_id: int, worker: Staff, at: dt.datetime | None = None
) -> Case:
    """受案: the unit takes the report and opens a case with itself as lead unit."""
    dispatch = _locked_dispatch(principal, dispatch_id)
    if dispatch.status == DispatchStatus.ACCEPTED and dispatch.case is not None:
        return dispatch.case  # a repeated accept returns the case it opened
    if dispatch.status != DispatchStatus.PENDING:
        raise ServiceError(
            "not_pending", _("This dispatch has already been answered."), conflict=True
        )
    if worker.unit_id != dispatch.unit_id or worker.role not in CASE_CARRYING_ROLES:
        raise ServiceError(
            "bad_worker",
            _("The assigned worker must carry cases in the receiving unit."),
            field_errors={"worker": [_("Choose a worker of this unit.")]},
        )
    report = _locked_report(dispatch.report_id)
    now = at or timezone.now()
    case = Case.objects.create(
        service=dispatch.decision.route_key,
        lead_unit_id=dispatch.unit_id,
        worker=worker,
        opened_at=now,
    )
    _add_members(case, report)
    dispatch.status = DispatchStatus.ACCEPTED
    dispatch.responded_by = principal.user
    dispatch.responded_at = now
    dispatch.case = case
    dispatch.save(update_fields=["status", "responded_by", "responded_at", "case"])
    report.status = ReportStatus.ACCEPTED
    report.case = case
    report.save(update_fields=["status", "case"])
    audit_record(
        principal=principal, action="accept", object_type="dispatch", object_id=dispatch.pk
    )
    audit_record(principal=principal, action="create", object_type="case", object_id=case.pk)
    return case


@transaction.atomic
def dispatch_return(
    *, principal: Principal, dispatch_id: int, reason: str, at: dt.datetime | None = None
) -> Dispatch:
    """退案: back to the desk with a reason; the report's clock keeps running."""
    dispatch = _locked_dispatch(principal, dispatch_id)
    if dispatch.status == DispatchStatus.RETURNED:
        return dispatch
    if dispatch.status != DispatchStatus.PENDING:
        raise ServiceError(
            "not_pending", _("This dispatch has already been answered."), conflict=True
        )
    if not reason.strip():
        raise ServiceError(
            "reason_required",
            _("Say why the report is returned."),
            field_errors={"reason": [_("This field is required.")]},
        )
    report = _locked_report(dispatch.report_id)
    dispatch.status = DispatchStatus.RETURNED
    dispatch.return_reason = reason.strip()
    dispatch.responded_by = principal.user
    dispatch.responded_at = at or timezone.now()
    dispatch.save(update_fields=["status", "return_reason", "responded_by", "responded_at"])
    report.status = ReportStatus.RETURNED
    report.save(update_fields=["status"])
    audit_record(
        principal=principal, action="return", object_type="dispatch", object_id=dispatch.pk
    )
    return dispatch


@transaction.atomic
def routing_rule_set(
    *,
    route_key: str,
    unit: Unit,
    effective_from: dt.date,
    district: District | None = None,
    note: str = "",
) -> RoutingRule:
    rule, _ = RoutingRule.objects.update_or_create(
        route_key=route_key,
        district=district,
        effective_from=effective_from,
        defaults={"unit": unit, "note": note},
    )
    return rule
