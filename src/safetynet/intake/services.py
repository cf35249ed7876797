"""Every write of the intake desk: filing, screening, review, dispatch, accept and return.

Each service checks who may act (`intake.policy`) and every rule of the desk (`intake.domain`
with the rule tables in force), whoever calls it: the web pages and the API parse, these
decide. One audit row per action, in the action's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safetynet.agencies.capabilities import capabilities_of
from safetynet.agencies.models import Staff, Unit
from safetynet.agencies.principal import Principal
from safetynet.audit.access import fetch_for_change
from safetynet.audit.services import audit_record
from safetynet.cases import policy as case_policy
from safetynet.cases.models import Case, NoticeKind
from safetynet.cases.notices import notify, unit_staff
from safetynet.cases.selectors import open_case_workers, protection_closures
from safetynet.cases.services import case_add_members, case_open
from safetynet.cases.tracking import track_on_open
from safetynet.core import codes
from safetynet.core.conflict import Side, StaleEdit
from safetynet.core.errors import ServiceError
from safetynet.core.rows import insert_rows
from safetynet.geo.models import District
from safetynet.geo.selectors import city_district
from safetynet.intake import domain, policy, rules
from safetynet.intake.access import dispatch_list_visible_to
from safetynet.intake.drafts import DecisionDraft, ReportDraft
from safetynet.intake.investigations import check_decidable, conclude
from safetynet.intake.models import (
    QUEUE_STATUSES,
    Concern,
    CpGrade,
    CpType,
    Dispatch,
    DispatchStatus,
    MatchStatus,
    Outcome,
    PersonRole,
    ProtectionType,
    Report,
    ReporterType,
    ReportPerson,
    ReportStatus,
    ReviewStatus,
    ScreeningDecision,
    SdmSafety,
    ServiceGroup,
    Urgency,
    VulnerableArea,
)
from safetynet.intake.selectors import (
    grading_hours,
    merge_candidates,
    report_list_visible_to,
    suggested_unit,
)
from safetynet.people.models import Sex
from safetynet.people.selectors import PersonMatch, Sought, persons_match
from safetynet.people.services import person_create


def _invalid(problems: dict[str, list[str]]) -> ServiceError:
    return ServiceError(
        "invalid", _("Please correct the fields named in errors."), field_errors=problems
    )


def _not_codes(checks: Iterable[tuple[str, Iterable[object], Iterable[object]]]) -> domain.Problems:
    """The fields (name, values, the list's codes) with a value not in the list: a caller that
    skipped the form or the schema (a script, a task) cannot store a code no page can show."""
    return {
        name: [_("Choose a value of the list.")]
        for name, values, allowed in checks
        if not set(values) <= set(allowed)
    }


def _report_code_problems(draft: ReportDraft) -> domain.Problems:
    channels = [c.code for c in codes.code_system(codes.REPORTING_UNIT)]
    return _not_codes([
        ("channel", [draft.channel], channels),
        ("reporter_type", [draft.reporter_type], ReporterType.values),
        ("urgency", [draft.urgency], Urgency.values),
        ("concerns", draft.concerns, Concern.values),
        ("vulnerable_areas", draft.vulnerable_areas, VulnerableArea.values),
        ("persons", [p.role for p in draft.persons], PersonRole.values),
        ("persons", [p.sex for p in draft.persons], Sex.values),
    ])  # fmt: skip


def report_create(
    *, principal: Principal, draft: ReportDraft, received_at: dt.datetime | None = None
) -> tuple[Report, list[ReportPerson]]:
    """File a report; match every person against the index; start the grading clock.

    Returns the report with its people (in the order the draft names them). Everything is
    checked before anything is written."""
    if not policy.can_file(principal):
        raise ServiceError("forbidden", _("Your account cannot file reports."))
    if not policy.can_file_on(principal, draft.channel):
        raise ServiceError(
            "wrong_channel",
            _("This system may file only under the channel it is registered for."),
            field_errors={"channel": [_("Not this system's channel.")]},
        )
    district = city_district(draft.district)
    problems = {**domain.report_problems(draft), **_report_code_problems(draft)}
    if district is None:
        problems["district"] = [_("Choose a district of this city.")]
    if problems:
        raise _invalid(problems)
    assert district is not None
    return _file(principal, draft, district, received_at or timezone.now())


def _file(
    principal: Principal, draft: ReportDraft, district: District, received: dt.datetime
) -> tuple[Report, list[ReportPerson]]:
    with transaction.atomic(savepoint=False):
        day = timezone.localdate(received)
        window = rules.thresholds(day)["re_report_days"]
        matches = [
            _checked(match, person.name)
            for match, person in zip(
                persons_match([Sought(p.name, p.id_number, p.birth_date) for p in draft.persons]),
                draft.persons,
                strict=True,
            )
        ]
        # Only a person already in the index can have had a case closed.
        closures = protection_closures(
            [m.person.pk for m in matches if m.person],
            since=received - dt.timedelta(days=window),
            until=received,
        )
        re_reports = [
            m.person is not None
            and domain.is_re_report(received, closures.get(m.person.pk, []), window_days=window)
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
            district=district,
            address=draft.address,
            concerns=list(draft.concerns),
            vulnerable_areas=list(draft.vulnerable_areas),
            narrative=draft.narrative,
            urgency=draft.urgency,
            status=ReportStatus.RECEIVED,
            grading_deadline=domain.deadline_from(received, grading_hours(on=day)),
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
        audit_record(actor=principal, action="create", object_type="report", object_id=report.pk)
        _notify_open_cases(report, [e.person_id for e in entries if e.person_id])
        return report, entries


def _notify_open_cases(report: Report, person_ids: list[int]) -> None:
    """A person in someone's open case is reported again: that case's worker hears of it."""
    for case_id, worker_id in open_case_workers(person_ids):
        notify([worker_id], NoticeKind.RE_REPORT, key=f"re_report:{report.pk}:{case_id}",
               link=f"/cases/{case_id}/", at=report.received_at)  # fmt: skip


def _checked(match: PersonMatch, typed: str) -> PersonMatch:
    """An ID match stands only if the names agree (`domain.names_agree`); else the desk checks."""
    person = match.person
    if match.status == "id" and person is not None and not domain.names_agree(typed, person.name):
        return PersonMatch(MatchStatus.CONFLICT, None, [person.pk])
    return match


def _report_to_change(principal: Principal, report_id: int) -> Report:
    try:
        return fetch_for_change(report_list_visible_to(principal), report_id, actor=principal)
    except Http404:
        raise ServiceError("not_found", _("No such report.")) from None


def _choices(draft: DecisionDraft, report: Report, on: dt.date) -> dict[str, list[str]]:
    """The decision's references that must exist: its service group, case and unit."""
    problems = domain.decision_problems(draft.as_dict(), assessments=rules.assessments(on))
    problems.update(_not_codes([
        ("protection_type", [draft.protection_type], ["", *ProtectionType.values]),
        ("cp_grade", [draft.cp_grade], [None, *CpGrade.values]),
        ("cp_type", [draft.cp_type], [None, *CpType.values]),
        ("sdm_safety", [draft.sdm_safety], ["", *SdmSafety.values]),
        ("vulnerable_areas", draft.vulnerable_areas, VulnerableArea.values),
    ]))  # fmt: skip
    if (
        draft.service_group
        and not ServiceGroup.objects.filter(code=draft.service_group, active=True).exists()
    ):
        problems["service_group"] = [_("Choose a service of the list.")]
    case_id = draft.merge_case if draft.outcome == Outcome.MERGE else None
    if case_id is not None and not merge_candidates(report).filter(pk=case_id).exists():
        problems["merge_case"] = [_("Choose an open case of a person in this report.")]
    if draft.unit and not Unit.objects.filter(code=draft.unit).exists():
        problems["unit"] = [_("No such unit.")]
    known = {f["code"] for f in rules.factors(timezone.localdate(report.received_at))}
    if set(draft.factor_codes) - known or len(set(draft.factor_codes)) != len(draft.factor_codes):
        problems["factor_codes"] = [_("Choose factors of the list in force on the report's day.")]
    return problems


OUTCOME = gettext_lazy("Outcome")
NOTE = gettext_lazy("Note")


def _screened_meanwhile(report: Report, draft: DecisionDraft) -> StaleEdit:
    """The report left the queue (screened, merged, under investigation) after the screener
    opened it: both decisions, to compare. The status is the version: a decision applies only
    to a report in the queue, so reapplying is not offered."""
    stored = report.decisions.select_related("decided_by").order_by("-decided_at", "-pk").first()
    by = stored.decided_by if stored else None
    return StaleEdit(
        _("This report has already been screened."),
        stored=Side(report.get_status_display(), [
            (OUTCOME, stored.get_outcome_display() if stored else ""),
            (NOTE, stored.note if stored else ""),
        ], getattr(getattr(by, "staff", None), "display_name", ""), stored.decided_at if stored else None),
        submitted=Side("", [(OUTCOME, Outcome(draft.outcome).label if draft.outcome in Outcome.values
                             else draft.outcome), (NOTE, draft.note)]),
        code="already_screened", reapply=False,
    )  # fmt: skip


def decision_record(
    *, principal: Principal, report_id: int, draft: DecisionDraft, at: dt.datetime | None = None
) -> ScreeningDecision:
    """Screen a report: record the outcome and dispatch, merge, or send "no case" for review."""
    with transaction.atomic():
        report = _report_to_change(principal, report_id)
        screener = principal.user
        if screener is None or not policy.can_screen(principal):
            raise ServiceError("forbidden", _("Only the intake desk can screen reports."))
        check_decidable(report, draft.outcome)
        if report.status not in QUEUE_STATUSES:
            raise _screened_meanwhile(report, draft)
        now = at or timezone.now()
        problems = _choices(draft, report, timezone.localdate(now))
        if problems:
            raise _invalid(problems)
        is_protection = draft.outcome == Outcome.PROTECTION
        is_ipv = is_protection and draft.protection_type == ProtectionType.IPV
        answers = [i in draft.tipvda_items for i in range(1, domain.TIPVDA_ITEMS + 1)]
        route_key = domain.route_key_for(
            draft.outcome, protection_type=draft.protection_type, service_group=draft.service_group
        )
        beside = _open_cases_of_the_service(report, draft, route_key)
        decision = ScreeningDecision.objects.create(
            report=report,
            outcome=draft.outcome,
            protection_type=draft.protection_type if is_protection else "",
            cp_grade=draft.cp_grade if is_protection else None,
            cp_type=draft.cp_type if is_protection else None,
            sdm_safety=draft.sdm_safety if is_protection else "",
            tipvda_items=answers if is_ipv else [],
            tipvda_score=domain.tipvda_score(answers) if is_ipv else None,
            vulnerable_areas=list(draft.vulnerable_areas),
            vulnerable_factors=draft.vulnerable_factors,
            factor_codes=list(draft.factor_codes),
            service_group=ServiceGroup.objects.filter(code=draft.service_group).first(),
            merge_case_id=draft.merge_case if draft.outcome == Outcome.MERGE else None,
            no_case_reason=draft.no_case_reason,
            note=draft.note,
            route_key=route_key,
            decided_by=screener,
            decided_at=now,
            review_status=ReviewStatus.PENDING
            if draft.outcome == Outcome.NO_CASE
            else ReviewStatus.NOT_REQUIRED,
        )
        report.screened_at = report.screened_at or now
        detail: dict[str, object] = {"decision": decision.pk, "outcome": draft.outcome}
        if draft.outcome == Outcome.NO_CASE:
            report.status = ReportStatus.NO_CASE_REVIEW
        elif draft.outcome == Outcome.MERGE:
            case = Case.objects.get(pk=draft.merge_case or 0)
            report.case = case
            report.status = ReportStatus.MERGED
            detail["case"] = case.pk
            detail["joined"] = case_add_members(case=case, members=_members(report))
            notify([case.worker_id], NoticeKind.MERGED, key=f"merged:{report.pk}",
                   link=f"/cases/{case.pk}/", at=now)  # fmt: skip
        else:
            unit = Unit.objects.filter(code=draft.unit).first() if draft.unit else None
            unit = unit or suggested_unit(route_key=route_key, district=report.district,
                                          on=timezone.localdate(now))  # fmt: skip
            if unit is None:
                raise ServiceError(
                    "no_route",
                    _("No unit is set for this outcome in this district: choose one."),
                    field_errors={"unit": [_("Choose the receiving unit.")]},
                )
            dispatch = Dispatch.objects.create(
                report=report,
                decision=decision,
                unit=unit,
                dispatched_by=screener,
                dispatched_at=now,
            )
            report.status = ReportStatus.DISPATCHED
            detail["dispatch"] = dispatch.pk
            notify(unit_staff(policy.ANSWER, unit.pk), NoticeKind.DISPATCH,
                   key=f"dispatch:{dispatch.pk}", link=f"/dispatches/{dispatch.pk}/", at=now)  # fmt: skip
            if beside:
                detail["beside_open_cases"] = beside
        report.save(update_fields=["status", "screened_at", "case"])
        conclude(report, draft.outcome, now)
        audit_record(actor=principal, action="decide", object_type="report", object_id=report.pk,
                     detail=detail)  # fmt: skip
        return decision


def _open_cases_of_the_service(report: Report, draft: DecisionDraft, route_key: str) -> list[int]:
    """A dispatch would open a second case of a service a person named already has open: the
    desk is warned and must merge, or confirm (`beside_open_case`). Returns those cases' ids.
    (A merge or a no-case decision has a route key no case's service is: nothing to warn of.)"""
    same = [
        (c.pk, c.number) for c in merge_candidates(report).filter(service=route_key).order_by("pk")
    ]
    if same and not draft.beside_open_case:
        numbers = "、".join(number for _pk, number in same)
        raise ServiceError(
            "open_case_same_service",
            _(
                "A person in this report already has an open case of this service (%(cases)s): "
                "merge the report into it, or confirm that a new case is needed."
            )
            % {"cases": numbers},
            field_errors={
                "beside_open_case": [_("Confirm to dispatch beside the open case, or merge.")]
            },
        )
    return [pk for pk, _number in same]


def _members(report: Report) -> list[tuple[int, str]]:
    """Everyone the report names who is in the index, with their role in it."""
    return [
        (person_id, role)
        for person_id, role in report.people.exclude(person=None)
        .order_by("pk")
        .values_list("person_id", "role")
        if person_id is not None
    ]


def decision_review(
    *,
    principal: Principal,
    decision_id: int,
    approve: bool,
    note: str = "",
    at: dt.datetime | None = None,
) -> ScreeningDecision:
    """A desk supervisor confirms a "no case" decision or sends the report back to the queue
    with a note for the screener."""
    with transaction.atomic():
        visible = ScreeningDecision.objects.all() if policy.can_screen(principal) else None
        decision = visible.select_for_update().filter(pk=decision_id).first() if visible else None
        if decision is None:
            raise ServiceError("not_found", _("No such decision."))
        if not policy.can_review(principal):
            raise ServiceError("forbidden", _("Only a desk supervisor can review decisions."))
        if decision.review_status != ReviewStatus.PENDING:
            raise ServiceError(
                "already_reviewed", _("This decision has already been reviewed."), conflict=True
            )
        if not approve and not note.strip():
            raise _invalid({"note": [_("Say why the report goes back to screening.")]})
        report = Report.objects.select_for_update().get(pk=decision.report_id)
        decision.review_status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED
        decision.reviewed_by = principal.user
        decision.reviewed_at = at or timezone.now()
        decision.review_note = note.strip()
        decision.save(update_fields=["review_status", "reviewed_by", "reviewed_at", "review_note"])
        report.status = ReportStatus.CLOSED_NO_CASE if approve else ReportStatus.RECEIVED
        report.save(update_fields=["status"])
        audit_record(actor=principal, action="review", object_type="report", object_id=report.pk,
                     detail={"decision": decision.pk, "approved": approve})  # fmt: skip
        return decision


def _dispatch_to_answer(principal: Principal, dispatch_id: int) -> Dispatch:
    """The dispatch, locked. A unit finds its own whatever their state (so that a repeated
    return answers as the first did); the desk finds any, and may not answer."""
    if principal.unit_id is not None and policy.works_for_unit(principal):
        mine = Dispatch.objects.filter(unit_id=principal.unit_id).select_related("case")
    else:
        mine = dispatch_list_visible_to(principal)
    try:
        dispatch = fetch_for_change(mine, dispatch_id, actor=principal)
    except Http404:
        raise ServiceError("not_found", _("No such dispatch.")) from None
    if not policy.can_answer(principal, unit_id=dispatch.unit_id):
        raise ServiceError("forbidden", _("Only the receiving unit can answer a dispatch."))
    return dispatch


def _check_worker(worker_id: int, *, unit_id: int, on: dt.date) -> Staff:
    worker = Staff.objects.select_related("unit").filter(pk=worker_id).first()
    carries = worker is not None and case_policy.can_carry(
        capabilities_of(worker.unit.kind, worker.role, on=on),
        worker_unit_id=worker.unit_id,
        unit_id=unit_id,
    )
    if worker is None or not carries:
        raise ServiceError(
            "bad_worker",
            _("The assigned worker must carry cases in the receiving unit."),
            field_errors={"worker": [_("Choose a worker of this unit.")]},
        )
    return worker


def dispatch_accept(
    *, principal: Principal, dispatch_id: int, worker_id: int, at: dt.datetime | None = None
) -> Case:
    """受案: the unit takes the report and opens a case with itself as lead unit. Accepting
    again with the same worker returns the case; with another worker it is refused."""
    with transaction.atomic():
        dispatch = _dispatch_to_answer(principal, dispatch_id)
        if dispatch.status == DispatchStatus.ACCEPTED and dispatch.case_id is not None:
            # Read the case anew: after waiting for the lock, PostgreSQL re-reads the dispatch
            # row but not the rows joined to it, so a case opened meanwhile is not among them.
            accepted = Case.objects.get(pk=dispatch.case_id)
            if accepted.worker_id == worker_id:
                return accepted
            raise ServiceError(
                "already_accepted",
                _("This dispatch was accepted meanwhile, with another worker."),
                conflict=True,
            )
        if dispatch.status != DispatchStatus.PENDING:
            raise ServiceError(
                "not_pending", _("This dispatch has already been answered."), conflict=True
            )
        now = at or timezone.now()
        worker = _check_worker(worker_id, unit_id=dispatch.unit_id, on=timezone.localdate(now))
        report = Report.objects.select_for_update().get(pk=dispatch.report_id)
        case = case_open(
            service=dispatch.decision.route_key,
            lead_unit_id=dispatch.unit_id,
            worker_id=worker.pk,
            members=_members(report),
            opened_at=now,
            received_at=report.received_at,
            grade=dispatch.decision.cp_grade,
        )
        track_on_open(case, at=now)
        dispatch.status = DispatchStatus.ACCEPTED
        dispatch.responded_by = principal.user
        dispatch.responded_at = now
        dispatch.case = case
        dispatch.save(update_fields=["status", "responded_by", "responded_at", "case"])
        report.status = ReportStatus.ACCEPTED
        report.case = case
        report.save(update_fields=["status", "case"])
        audit_record(actor=principal, action="accept", object_type="dispatch", object_id=dispatch.pk,
                     detail={"report": report.pk, "case": case.pk})  # fmt: skip
        return case


def dispatch_return(
    *, principal: Principal, dispatch_id: int, reason: str, at: dt.datetime | None = None
) -> Dispatch:
    """退案: back to the desk with a reason; the report's clock keeps running."""
    with transaction.atomic():
        dispatch = _dispatch_to_answer(principal, dispatch_id)
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
        report = Report.objects.select_for_update().get(pk=dispatch.report_id)
        dispatch.status = DispatchStatus.RETURNED
        dispatch.return_reason = reason.strip()
        dispatch.responded_by = principal.user
        dispatch.responded_at = at or timezone.now()
        dispatch.save(update_fields=["status", "return_reason", "responded_by", "responded_at"])
        report.status = ReportStatus.RETURNED
        report.save(update_fields=["status"])
        audit_record(actor=principal, action="return", object_type="dispatch", object_id=dispatch.pk,
                     detail={"report": report.pk})  # fmt: skip
        return dispatch
