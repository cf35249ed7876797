"""Break-the-glass: a typed reason, a time limit, some programmes closed to it, every page read
meanwhile named, and a review by the worker's supervisors or the auditors — never the worker."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from safetynet.agencies.models import Role
from safetynet.agencies.principal import Principal
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.breakglass import breakglass_open, breakglass_review, pages_seen
from safetynet.cases.models import BreakGlass, Notice
from safetynet.cases.needtoknow import case_access
from safetynet.intake.drafts import DecisionDraft
from tests.cases.test_services import accepted
from tests.conftest import PASSWORD, City, reauthenticated, refused

REASON = "夜間接獲求助電話，須立即確認家庭狀況"


def _zr(city: City, role: str = Role.CASE_WORKER, name: str = "zr") -> Principal:
    staff = staff_create(username=name, password=PASSWORD, display_name=name,
                         unit=city.units["KL-FWC-ZR"], role=role)  # fmt: skip
    return Principal.of_user(staff.user)


def test_a_grant_opens_the_case_for_its_hours_and_names_every_page(city: City) -> None:
    case = accepted(city)
    glass = _zr(city)
    assert case_access(glass, case).level is None
    grant = breakglass_open(principal=glass, case_id=case.pk, reason=REASON)
    assert grant.until - grant.started_at == dt.timedelta(hours=3)
    assert case_access(glass, case).full
    row = AuditEvent.objects.get(action="breakglass")
    assert (row.object_id, row.reason, row.detail) == (str(case.pk), REASON, {"grant": grant.pk})
    client = city.client_for(glass.staff)
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and "緊急調閱" in page.content.decode()
    read = AuditEvent.objects.filter(action="read", object_type="case").latest("pk")
    assert read.detail["breakglass"] == grant.pk and read.detail["via"] == ["breakglass"]
    assert list(pages_seen(grant).values_list("pk", flat=True)) == [row.pk, read.pk]
    # It cannot change the case: reading only (the service refuses, nothing is written).
    write = client.post(f"/cases/{case.pk}/contacts/", {"at": "2026-01-01T10:00", "method": "B",
                        "target": "0", "submission": "x"})  # fmt: skip
    assert write.status_code == 400 and not case.contacts.exists()
    # Three hours later it is over.
    BreakGlass.objects.filter(pk=grant.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=4),
        until=timezone.now() - dt.timedelta(hours=1),
    )
    assert case_access(glass, case).level is None
    assert client.get(f"/cases/{case.pk}/").status_code == 404


def test_the_same_request_twice_is_one_grant(city: City) -> None:
    case = accepted(city)
    glass = _zr(city)
    first = breakglass_open(principal=glass, case_id=case.pk, reason=REASON)
    again = breakglass_open(principal=glass, case_id=case.pk, reason=REASON)
    assert first.pk == again.pk and BreakGlass.objects.count() == 1
    assert AuditEvent.objects.filter(action="breakglass").count() == 1


def test_what_is_refused(city: City) -> None:
    case = accepted(city)
    glass = _zr(city)
    refused("invalid", lambda: breakglass_open(principal=glass, case_id=case.pk, reason="  "))
    refused("invalid", lambda: breakglass_open(principal=glass, case_id=case.pk, reason="看一下"))
    refused("not_found", lambda: breakglass_open(principal=glass, case_id=999999, reason=REASON))
    # The lead unit reads it already; the police and the desk's analyst cannot break glass.
    refused("unneeded", lambda: breakglass_open(principal=city.principal(city.worker),
                                                case_id=case.pk, reason=REASON))  # fmt: skip
    for outsider in (city.police, city.analyst, city.auditor):
        refused("forbidden", lambda o=outsider: breakglass_open(
            principal=city.principal(o), case_id=case.pk, reason=REASON))  # fmt: skip
    assert not BreakGlass.objects.exists()
    assert not AuditEvent.objects.filter(action="breakglass").exists()


def test_sexual_assault_cases_are_closed_to_it_and_the_attempt_is_recorded(city: City) -> None:
    sa = DecisionDraft(outcome="protection", protection_type="sexual_assault")
    case = accepted(city, sa, city.dv_worker)
    assert case.programme == "sa"
    glass = _zr(city)
    refused("closed", lambda: breakglass_open(principal=glass, case_id=case.pk, reason=REASON))
    assert not BreakGlass.objects.exists()
    row = AuditEvent.objects.get(action="breakglass_closed")
    assert row.object_id == str(case.pk) and row.actor_id == glass.user_id


def test_the_grant_waits_on_its_reviewers_and_never_on_the_worker(city: City) -> None:
    case = accepted(city)
    glass = _zr(city)
    head = _zr(city, Role.SUPERVISOR, "zrhead")
    grant = breakglass_open(principal=glass, case_id=case.pk, reason=REASON)
    told = set(Notice.objects.filter(kind="breakglass").values_list("recipient_id", flat=True))
    assert told == {head.staff.pk, city.auditor.pk}  # type: ignore[union-attr]
    # Another unit's supervisor and the worker cannot review it; the lists say the same.
    for stranger in (city.principal(city.unit_supervisor), glass):
        refused("not_found", lambda s=stranger: breakglass_review(
            principal=s, grant_id=grant.pk, justified=True, note="", version=1))  # fmt: skip
    assert city.client_for(city.unit_supervisor).get(f"/breakglass/{grant.pk}/").status_code == 404
    assert (
        str(grant.case.number) in city.client_for(head.staff).get("/breakglass/").content.decode()
    )
    # Not justified needs a note; a stale version is refused; the same review twice is one.
    refused("invalid", lambda: breakglass_review(principal=head, grant_id=grant.pk,
                                                 justified=False, note="", version=1))  # fmt: skip
    refused("stale", lambda: breakglass_review(principal=head, grant_id=grant.pk,
                                               justified=True, note="", version=7))  # fmt: skip
    done = breakglass_review(principal=head, grant_id=grant.pk, justified=False,
                             note="非緊急，應轉介", version=1)  # fmt: skip
    again = breakglass_review(principal=head, grant_id=grant.pk, justified=False,
                              note="非緊急，應轉介", version=1)  # fmt: skip
    assert done.reviewed_by_id == head.staff.pk and again.version == done.version == 2  # type: ignore[union-attr]
    assert AuditEvent.objects.filter(action="breakglass_review").count() == 1
    refused("reviewed", lambda: breakglass_review(principal=city.principal(city.auditor),
                                                  grant_id=grant.pk, justified=True, note="",
                                                  version=2))  # fmt: skip


def test_the_pages_request_and_review_it(city: City) -> None:
    case = accepted(city)
    glass = _zr(city)
    client = city.client_for(glass.staff)
    # The second factor again first (re-authentication), then the form.
    asked = client.get(f"/cases/{case.pk}/breakglass/")
    assert asked.status_code == 302 and "/reauthenticate/" in asked["Location"]
    client = reauthenticated(client, glass.staff.user)  # type: ignore[union-attr]
    form = client.get(f"/cases/{case.pk}/breakglass/")
    assert form.status_code == 200 and "家訪" not in form.content.decode()
    short = client.post(f"/cases/{case.pk}/breakglass/", {"reason": "看看"})
    assert short.status_code == 400 and "至少" in short.content.decode()
    done = client.post(f"/cases/{case.pk}/breakglass/", {"reason": REASON})
    assert done.status_code == 302 and done["Location"] == f"/cases/{case.pk}/"
    grant = BreakGlass.objects.get()
    auditor = city.client_for(city.auditor)
    page = auditor.get(f"/breakglass/{grant.pk}/").content.decode()
    assert REASON in page and "緊急調閱" in page
    bad = auditor.post(f"/breakglass/{grant.pk}/", {"version": 1, "justified": "no"})
    assert bad.status_code == 400
    ok = auditor.post(f"/breakglass/{grant.pk}/", {"version": 1, "justified": "yes"})
    assert ok.status_code == 302
    grant.refresh_from_db()
    assert grant.justified is True and grant.reviewed_by_id == city.auditor.pk
    # Those who may not break glass get no form.
    assert city.client_for(city.police).get(f"/cases/{case.pk}/breakglass/").status_code == 404
