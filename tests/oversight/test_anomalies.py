"""The anomaly rules (each at its threshold and not below), the sweep (idempotent, to whom it
sends), and handling an alert (acknowledge, close with a note, stale and closed refused)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.utils import timezone

from safetynet.agencies.principal import Principal
from safetynet.audit.models import AuditEvent
from safetynet.audit.services import audit_list, audit_record
from safetynet.cases.models import Notice, NoticeKind
from safetynet.oversight import domain
from safetynet.oversight.models import Alert, AlertStatus
from safetynet.oversight.rules import DEFAULTS, thresholds
from safetynet.oversight.services import alert_handle, sweep
from tests.cases.test_services import accepted
from tests.conftest import City, refused

TAIPEI = dt.timezone(dt.timedelta(hours=8))
TH = domain.Thresholds(
    window=dt.timedelta(minutes=60), outside_caseload=3, unrelated_persons=3, bulk_lists=3,
    off_hours_reads=3, office_start=dt.time(8), office_end=dt.time(18),
    duty_unit_kinds=frozenset({"intake_desk"}),
)  # fmt: skip
WEDNESDAY = dt.datetime(2026, 12, 2, 10, 0, tzinfo=TAIPEI)


def weekends(day: dt.date) -> bool:
    return day.weekday() >= 5


def rows(n: int, *, action: str = "read", kind: str = "case", at: dt.datetime = WEDNESDAY,
         actor: int = 1, start: int = 100) -> list[domain.Row]:  # fmt: skip
    return [domain.Row(start + i, actor, action, kind, str(start + i), at + dt.timedelta(seconds=i))
            for i in range(n)]  # fmt: skip


def facts(**kw: object) -> dict[int, domain.ActorFacts]:
    given: dict[str, object] = {"reads_every_case": False, "on_duty": False,
                                "related_cases": set(), "related_persons": set(), **kw}  # fmt: skip
    return {1: domain.ActorFacts(**given)}  # type: ignore[arg-type]


def rules_of(found: list[domain.Finding]) -> list[str]:
    return [f.rule for f in found]


# --- each rule: at the threshold, and one below -----------------------------------------------


def test_cases_outside_the_caseload_from_the_threshold() -> None:
    assert rules_of(domain.detect(rows(3), TH, facts(), weekends)) == [domain.CASELOAD]
    assert rules_of(domain.detect(rows(2), TH, facts(), weekends)) == []


def test_cases_of_the_unit_do_not_count_nor_the_same_case_twice() -> None:
    found = rows(4)
    assert domain.detect(found, TH, facts(related_cases={100, 101}), weekends) == []
    again = [*rows(2), *rows(2)]  # two cases, each read twice
    assert domain.detect(again, TH, facts(), weekends) == []


def test_the_desk_reads_every_case_without_an_alert() -> None:
    assert domain.detect(rows(10), TH, facts(reads_every_case=True), weekends) == []


def test_persons_with_no_relation_from_the_threshold() -> None:
    assert rules_of(domain.detect(rows(3, kind="person"), TH, facts(), weekends)) == [
        domain.UNRELATED
    ]
    assert domain.detect(rows(2, kind="person"), TH, facts(), weekends) == []
    related = facts(related_persons={100})
    assert domain.detect(rows(3, kind="person"), TH, related, weekends) == []


def test_bulk_lists_and_searches_from_the_threshold() -> None:
    mixed = [*rows(2, action="list"), *rows(1, action="search", start=200)]
    found = domain.detect(mixed, TH, facts(), weekends)
    assert rules_of(found) == [domain.BULK] and found[0].count == 3
    assert domain.detect(rows(2, action="list"), TH, facts(), weekends) == []


def test_off_hours_from_the_threshold_evenings_and_rest_days() -> None:
    evening = WEDNESDAY.replace(hour=18)
    assert rules_of(domain.detect(rows(3, kind="report", at=evening), TH, facts(), weekends)) == [
        domain.OFF_HOURS
    ]
    assert domain.detect(rows(2, kind="report", at=evening), TH, facts(), weekends) == []
    early = WEDNESDAY.replace(hour=7, minute=59)
    assert len(domain.detect(rows(3, kind="report", at=early), TH, facts(), weekends)) == 1
    saturday = WEDNESDAY + dt.timedelta(days=3)
    assert len(domain.detect(rows(3, kind="report", at=saturday), TH, facts(), weekends)) == 1
    holiday = domain.detect(rows(3, kind="report"), TH, facts(), lambda d: d == WEDNESDAY.date())
    assert len(holiday) == 1
    at_eight = WEDNESDAY.replace(hour=8)
    assert domain.detect(rows(3, kind="report", at=at_eight), TH, facts(), weekends) == []
    on_duty = facts(on_duty=True)
    assert domain.detect(rows(3, kind="report", at=evening), TH, on_duty, weekends) == []


def test_writes_count_for_no_rule_and_strangers_are_left_out() -> None:
    assert domain.detect(rows(5, action="update"), TH, facts(), weekends) == []
    assert domain.detect(rows(5, actor=2), TH, facts(), weekends) == []


def test_windows_are_cut_the_same_whoever_asks() -> None:
    hour = dt.timedelta(hours=1)
    a = domain.windows(WEDNESDAY + dt.timedelta(minutes=7), WEDNESDAY + 2 * hour, hour)
    b = domain.windows(WEDNESDAY + dt.timedelta(minutes=50), WEDNESDAY + 2 * hour, hour)
    assert a == b == [(WEDNESDAY, WEDNESDAY + hour), (WEDNESDAY + hour, WEDNESDAY + 2 * hour)]


def test_the_shipped_thresholds_are_the_rule_table_in_force(city: City) -> None:
    number, th = thresholds(timezone.localdate())
    assert number == 1
    assert th.outside_caseload == DEFAULTS["outside_caseload"]
    assert th.window == dt.timedelta(minutes=DEFAULTS["window_minutes"])


# --- the sweep ------------------------------------------------------------------------------


@contextmanager
def written_at(moment: dt.datetime) -> Iterator[None]:
    """Audit rows written at `moment` (the trail takes its time from the clock)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def read_cases(p: Principal, ids: range) -> None:
    for pk in ids:
        audit_record(actor=p, action="read", object_type="case", object_id=pk)


def test_a_sweep_raises_each_window_once_and_tells_the_supervisor_and_the_auditor(
    city: City,
) -> None:
    outside = range(900_000, 900_000 + DEFAULTS["outside_caseload"])
    read_cases(city.principal(city.worker), outside)
    now = timezone.now()
    assert sweep(now) == 1
    assert sweep(now + dt.timedelta(minutes=2)) == 0  # the same window again: nothing new
    alert = Alert.objects.get()
    assert (alert.rule, alert.actor_id, alert.unit_id) == (
        "caseload",
        city.worker.user_id,
        city.worker.unit_id,
    )
    assert alert.count == DEFAULTS["outside_caseload"] and alert.status == AlertStatus.OPEN
    assert sorted(alert.events.values_list("object_id", flat=True)) == sorted(map(str, outside))
    told = set(
        Notice.objects.filter(kind=NoticeKind.ANOMALY).values_list("recipient_id", flat=True)
    )
    assert told == {city.unit_supervisor.pk, city.auditor.pk}
    assert AuditEvent.objects.filter(action="alert", object_type="alert",
                                     object_id=str(alert.pk)).exists()  # fmt: skip


def test_one_below_the_threshold_raises_nothing(city: City) -> None:
    read_cases(
        city.principal(city.worker), range(900_000, 900_000 + DEFAULTS["outside_caseload"] - 1)
    )
    assert sweep(timezone.now()) == 0 and not Alert.objects.exists()


def test_the_units_own_case_is_in_its_caseload(city: City) -> None:
    case = accepted(city)
    p = city.principal(city.worker)
    read_cases(p, range(900_000, 900_000 + DEFAULTS["outside_caseload"] - 1))
    read_cases(p, range(case.pk, case.pk + 1))
    assert sweep(timezone.now()) == 0


def test_late_rows_of_the_last_window_are_still_counted(city: City) -> None:
    now = timezone.now()
    sweep(now)
    read_cases(city.principal(city.worker), range(900_000, 900_000 + DEFAULTS["outside_caseload"]))
    assert sweep(now + dt.timedelta(minutes=2)) == 1


def test_unrelated_persons_and_bulk_lists_through_the_sweep(city: City) -> None:
    p = city.principal(city.other_worker)
    for pk in range(800_000, 800_000 + DEFAULTS["unrelated_persons"]):
        audit_record(actor=p, action="read", object_type="person", object_id=pk)
    for _ in range(DEFAULTS["bulk_lists"]):
        audit_list(actor=p, object_type="report", ids=[1])
    sweep(timezone.now())
    assert set(Alert.objects.values_list("rule", flat=True)) == {"unrelated", "bulk"}
    told = set(
        Notice.objects.filter(kind=NoticeKind.ANOMALY).values_list("recipient_id", flat=True)
    )
    assert city.unit_supervisor.pk not in told  # another unit's supervisor
    assert city.auditor.pk in told


def test_off_hours_through_the_sweep_on_a_sunday(city: City) -> None:
    sunday = dt.datetime(2026, 11, 29, 14, 0, tzinfo=TAIPEI)
    p = city.principal(city.worker)
    with written_at(sunday):
        for _ in range(DEFAULTS["off_hours_reads"]):
            audit_list(actor=p, object_type="case", ids=[1])
    sweep(sunday + dt.timedelta(minutes=5))
    assert "off_hours" in set(Alert.objects.values_list("rule", flat=True))


def test_an_alert_about_a_supervisor_goes_to_the_auditors_only(city: City) -> None:
    read_cases(city.principal(city.unit_supervisor),
               range(900_000, 900_000 + DEFAULTS["outside_caseload"]))  # fmt: skip
    sweep(timezone.now())
    told = set(
        Notice.objects.filter(kind=NoticeKind.ANOMALY).values_list("recipient_id", flat=True)
    )
    assert told == {city.auditor.pk}


# --- handling an alert ----------------------------------------------------------------------


@pytest.fixture
def alert(city: City) -> Alert:
    read_cases(city.principal(city.worker), range(900_000, 900_000 + DEFAULTS["outside_caseload"]))
    sweep(timezone.now())
    return Alert.objects.get()


def test_acknowledge_then_close_with_a_note(city: City, alert: Alert) -> None:
    boss = city.principal(city.unit_supervisor)
    alert_handle(principal=boss, alert_id=alert.pk, status="acknowledged", note="", version=1)
    done = alert_handle(principal=boss, alert_id=alert.pk, status="closed",
                        note="已約談：協助他區個案評估。", version=2)  # fmt: skip
    assert (done.status, done.handled_by_id, done.version) == ("closed", city.unit_supervisor.pk, 3)
    actions = list(AuditEvent.objects.filter(object_type="alert", object_id=str(alert.pk))
                   .order_by("pk").values_list("action", flat=True))  # fmt: skip
    assert actions[-2:] == ["alert.acknowledge", "alert.close"]


def test_closing_needs_a_note_and_stale_or_closed_is_refused(city: City, alert: Alert) -> None:
    auditor = city.principal(city.auditor)
    refused("invalid", lambda: alert_handle(principal=auditor, alert_id=alert.pk,
                                            status="closed", note=" ", version=1))  # fmt: skip
    alert_handle(principal=auditor, alert_id=alert.pk, status="acknowledged", note="", version=1)
    refused("stale", lambda: alert_handle(principal=auditor, alert_id=alert.pk,
                                          status="closed", note="x", version=1))  # fmt: skip
    alert_handle(principal=auditor, alert_id=alert.pk, status="closed", note="x", version=2)
    refused("closed", lambda: alert_handle(principal=auditor, alert_id=alert.pk,
                                           status="acknowledged", note="", version=3))  # fmt: skip
    refused("invalid", lambda: alert_handle(principal=auditor, alert_id=alert.pk,
                                            status="open", note="", version=3))  # fmt: skip


def test_not_the_actor_nor_another_units_supervisor(city: City, alert: Alert) -> None:
    for who in (city.worker, city.dv_supervisor, city.screener, city.admin):
        refused("not_found", lambda who=who: alert_handle(
            principal=city.principal(who), alert_id=alert.pk, status="acknowledged", note="",
            version=1))  # fmt: skip
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and alert.version == 1


def test_a_supervisor_cannot_handle_the_alert_about_themself(city: City) -> None:
    read_cases(city.principal(city.unit_supervisor),
               range(900_000, 900_000 + DEFAULTS["outside_caseload"]))  # fmt: skip
    sweep(timezone.now())
    alert = Alert.objects.get()
    refused("not_found", lambda: alert_handle(principal=city.principal(city.unit_supervisor),
                                              alert_id=alert.pk, status="acknowledged", note="",
                                              version=1))  # fmt: skip
    alert_handle(principal=city.principal(city.auditor), alert_id=alert.pk,
                 status="acknowledged", note="", version=1)  # fmt: skip
