"""The anomaly sweep (a periodic job, every 2 minutes) and the handling of its alerts.

The sweep cuts the trail into fixed windows (`oversight.anomalies`' `window_minutes`, counted
from a fixed origin) and evaluates every window since a window before its last run: rows that
commit late (a long transaction) are still counted, and the window being filled now is looked at
again on the next run. An alert is one (rule, person, window): evaluating a window again never
raises it twice (a unique constraint, and a look before each insert)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.agencies.capabilities import holders
from safetynet.agencies.models import Staff
from safetynet.agencies.principal import Principal
from safetynet.agencies.selectors import staff_holding
from safetynet.audit.models import AuditEvent
from safetynet.audit.services import audit_record
from safetynet.cases.models import Case, CaseMember, CaseUnit, Handoff, NoticeKind
from safetynet.cases.notices import notify
from safetynet.cases.policy import READ_ALL as CASE_READ_ALL
from safetynet.cases.rules import rest_day_test
from safetynet.core.actor import SYSTEM
from safetynet.core.errors import ServiceError
from safetynet.intake.models import Dispatch, ReportPerson
from safetynet.intake.policy import SCREEN
from safetynet.oversight import domain, policy
from safetynet.oversight.models import Alert, AlertStatus, SweepMark
from safetynet.oversight.rules import thresholds

MARK = "anomalies"
# A worker stopped for longer than this is not made to read the whole trail at once.
BACKLOG = dt.timedelta(days=2)


def sweep(now: dt.datetime | None = None) -> int:
    """Evaluate the windows since the last run; how many alerts were raised."""
    now = now or timezone.now()
    number, th = thresholds(timezone.localdate(now))
    mark = SweepMark.objects.filter(name=MARK).first()
    since = max((mark.until if mark is not None else now) - th.window, now - BACKLOG)
    raised = 0
    for start, end in domain.windows(since, now, th.window):
        raised += _evaluate(start, min(end, now), end, th, number)
    SweepMark.objects.update_or_create(name=MARK, defaults={"until": now})
    return raised


def _rows(start: dt.datetime, end: dt.datetime) -> list[domain.Row]:
    found = (
        AuditEvent.objects.filter(at__gte=start, at__lt=end, actor__isnull=False)
        .order_by()
        .values_list("pk", "actor_id", "action", "object_type", "object_id", "at")
    )
    return [domain.Row(pk, actor, action, kind, oid, timezone.localtime(at))
            for pk, actor, action, kind, oid, at in found]  # fmt: skip


def _unit_cases(unit_id: int) -> Q:
    """The cases of a unit's caseload for the anomaly rules: it leads them, co-works or led them,
    or was sent a referral, co-working request or transfer of them."""
    return (
        Q(lead_unit_id=unit_id)
        | Q(pk__in=CaseUnit.objects.filter(unit_id=unit_id).values("case_id"))
        | Q(pk__in=Handoff.objects.filter(to_unit_id=unit_id).values("case_id"))
    )


def _facts(rows: list[domain.Row], th: domain.Thresholds) -> dict[int, domain.ActorFacts]:
    cases, persons = domain.candidates(rows, th)
    actors = {r.actor_id for r in rows}
    found = {}
    for s in Staff.objects.filter(user_id__in=actors).select_related("unit", "user"):
        p = Principal.of_user(s.user)
        if p.staff is None:
            continue
        unit = s.unit_id
        related_cases: set[int] = set()
        if s.user_id in cases:
            related_cases = set(Case.objects.filter(_unit_cases(unit),
                                                    pk__in=cases[s.user_id])
                                .values_list("pk", flat=True))  # fmt: skip
        related_persons: set[int] = set()
        if s.user_id in persons:
            asked = persons[s.user_id]
            if p.has(SCREEN):  # the desk: anyone named in a report
                reported = ReportPerson.objects.filter(person_id__in=asked)
            else:
                reported = ReportPerson.objects.filter(
                    person_id__in=asked,
                    report_id__in=Dispatch.objects.filter(unit_id=unit).values("report_id"),
                )
            members = CaseMember.objects.filter(
                person_id__in=asked, case__in=Case.objects.filter(_unit_cases(unit))
            )
            related_persons = set(reported.values_list("person_id", flat=True)) | set(
                members.values_list("person_id", flat=True)
            )
        found[s.user_id] = domain.ActorFacts(
            reads_every_case=p.has(CASE_READ_ALL),
            on_duty=s.unit.kind in th.duty_unit_kinds,
            related_cases=related_cases,
            related_persons=related_persons,
        )
    return found


def _evaluate(start: dt.datetime, until: dt.datetime, end: dt.datetime,
              th: domain.Thresholds, number: int) -> int:  # fmt: skip
    rows = _rows(start, until)
    if not rows:
        return 0
    on = timezone.localdate(start)
    findings = domain.detect(rows, th, _facts(rows, th), rest_day_test(on))
    return sum(_raise(f, start, end, number) for f in findings)


def reviewers(unit_id: int | None, actor_id: int) -> list[int]:
    """Who an alert goes to: the supervisors of the actor's unit and the auditors, never the
    actor."""
    positions = holders(policy.AUDIT, on=timezone.localdate())
    match = Q(pk__in=[])
    for kind, role in positions:
        match |= Q(role=role) if kind == "*" else Q(role=role, unit__kind=kind)
    auditors = Staff.objects.filter(match, user__is_active=True)
    supervisors = staff_holding(policy.UNIT, unit_id=unit_id) if unit_id else Staff.objects.none()
    return sorted({s.pk for s in [*auditors, *supervisors] if s.user_id != actor_id})


def _raise(f: domain.Finding, start: dt.datetime, end: dt.datetime, number: int) -> int:
    key = {"rule": f.rule, "actor_id": f.actor_id, "window_start": start}
    if Alert.objects.filter(**key).exists():
        return 0
    staff = Staff.objects.filter(user_id=f.actor_id).first()
    unit_id = staff.unit_id if staff is not None else None
    now = timezone.now()
    try:
        with transaction.atomic():
            alert = Alert.objects.create(**key, unit_id=unit_id, window_end=end, count=f.count,
                                         threshold=f.threshold, rule_version=number,
                                         raised_at=now)  # fmt: skip
            alert.events.set(f.events)
            audit_record(actor=SYSTEM, action="alert", object_type="alert", object_id=alert.pk,
                         detail={"rule": f.rule, "actor": f.actor_id, "count": f.count})  # fmt: skip
            notify(reviewers(unit_id, f.actor_id), NoticeKind.ANOMALY, key=f"alert:{alert.pk}",
                   link=f"/oversight/alerts/{alert.pk}/", at=now)  # fmt: skip
    except IntegrityError:  # another run raised it meanwhile
        return 0
    return 1


HANDLED = {AlertStatus.ACKNOWLEDGED: "alert.acknowledge", AlertStatus.CLOSED: "alert.close"}


def alert_handle(*, principal: Principal, alert_id: int, status: str, note: str, version: int,
                 at: dt.datetime | None = None) -> Alert:  # fmt: skip
    """Acknowledge (looking into it) or close (with a note saying what was found) an alert."""
    p = principal
    text = note.strip()
    if status not in HANDLED:
        raise ServiceError("invalid", _("Choose acknowledge or close."))
    if status == AlertStatus.CLOSED and not text:
        message = _("Say what was found before closing the alert.")
        raise ServiceError("invalid", message, field_errors={"note": [message]})
    if len(text) > 2000:
        message = _("Keep the note under 2,000 characters.")
        raise ServiceError("invalid", message, field_errors={"note": [message]})
    with transaction.atomic():
        alert = Alert.objects.select_for_update(of=("self",)).filter(pk=alert_id).first()
        if alert is None or not policy.can_handle_alert(p, alert):
            raise ServiceError("not_found", _("There is no such alert."))
        if alert.version != version:
            raise ServiceError("stale", _("Someone changed it meanwhile: reload and look again."),
                               conflict=True)  # fmt: skip
        if alert.status == AlertStatus.CLOSED:
            raise ServiceError("closed", _("The alert is closed already."), conflict=True)
        alert.status = status
        alert.note = text
        alert.handled_by = p.staff
        alert.handled_at = at or timezone.now()
        alert.version += 1
        alert.save()
        audit_record(actor=p, action=HANDLED[AlertStatus(status)], object_type="alert",
                     object_id=alert.pk, detail={"actor": alert.actor_id})  # fmt: skip
    return alert
