"""Every refused attempt leaves a "denied" row (actor, object type, id; never content) that
survives the failing request's rollback; ids probed that do not exist too, bounded; replayed
idempotent answers are audited as replays."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.http import Http404
from django.test import Client
from django.utils import timezone

from safetynet.audit.access import fetch, fetch_for_change, find
from safetynet.audit.models import AuditEvent
from safetynet.intake.models import Report
from safetynet.intake.selectors import report_list_visible_to
from tests.cases.test_api import system_of
from tests.cases.test_services import accepted
from tests.conftest import City, file_report

pytestmark = pytest.mark.django_db


def denied(**where: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="denied", **where).order_by("pk"))


def test_a_report_that_is_not_yours_leaves_a_denied_row(city: City) -> None:
    report = file_report(city)
    response = city.client_for(city.other_worker).get(f"/reports/{report.pk}/")
    assert response.status_code == 404
    [row] = denied()
    assert (row.actor_id, row.object_type, row.object_id) == (
        city.other_worker.user_id, "report", str(report.pk))  # fmt: skip
    assert row.detail == {"exists": True, "status": 404}


def test_an_id_that_does_not_exist_is_a_probe(city: City) -> None:
    response = city.client_for(city.worker).get("/reports/987654/")
    assert response.status_code == 404
    [row] = denied()
    assert (row.object_type, row.object_id, row.detail["exists"]) == ("report", "987654", False)


def test_probes_past_the_bound_are_counted_not_written_one_by_one(
    city: City, settings: Any
) -> None:
    settings.AUDIT_PROBE_ROWS_PER_MINUTE = 2
    cache.clear()  # the count is per principal and minute
    client = city.client_for(city.worker)
    for n in range(5):
        assert client.get(f"/reports/{900000 + n}/").status_code == 404
    rows = denied()
    assert [r.object_id for r in rows] == ["900000", "900001", "900003"]
    assert rows[-1].detail["probes"] == 2


def test_a_policy_refusal_in_a_view_names_the_page(city: City) -> None:
    assert city.client_for(city.police).get("/queue/").status_code == 404
    [row] = denied()
    assert (row.actor_id, row.object_type, row.object_id) == (city.police.user_id, "page:queue", "")


def test_a_refusal_inside_a_service_survives_its_rollback(city: City) -> None:
    case = accepted(city)
    other = system_of(city, "KL-FWC-ZX")
    body = {"at": (timezone.now() - dt.timedelta(hours=2)).isoformat(), "method": "B",
            "target": "0", "place": "案家", "notes": "家訪"}  # fmt: skip
    response = other.post(f"/api/v1/cases/{case.pk}/contacts", body,
                          content_type="application/json",
                          headers={"Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
    assert response.status_code == 404
    [row] = denied()
    assert (row.object_type, row.object_id, row.detail["exists"]) == ("case", str(case.pk), True)
    assert row.actor_client_id is not None and row.actor_id is None


def test_an_api_read_refused_is_audited_for_the_partner_system(city: City) -> None:
    case = accepted(city)
    assert system_of(city, "KL-FWC-ZX").get(f"/api/v1/cases/{case.pk}").status_code == 404
    [row] = denied()
    assert row.actor_client_id is not None and row.object_id == str(case.pk)


def test_nobody_signed_in_leaves_no_denied_row(city: City) -> None:
    report = file_report(city)
    Client().get(f"/reports/{report.pk}/")
    assert not denied()


def test_a_granted_page_leaves_no_denied_row(city: City) -> None:
    report = file_report(city)
    assert city.client_for(city.screener).get(f"/reports/{report.pk}/").status_code == 200
    assert not denied()


def test_helpers_outside_a_request_write_the_refusal_at_once(city: City) -> None:
    report = file_report(city)
    p = city.principal(city.other_worker)
    visible = report_list_visible_to(p)
    with pytest.raises(Http404):
        fetch(p, visible, report.pk, object_type="report")
    with pytest.raises(Http404):
        find(visible, report.pk, actor=p)
    with pytest.raises(Http404):
        fetch_for_change(visible, report.pk, actor=p)
    rows = denied()
    assert len(rows) == 3 and {r.object_type for r in rows} == {"report"}
    assert all(r.detail == {"exists": True} for r in rows)
    assert Report.objects.filter(pk=report.pk).exists()


def test_a_replayed_answer_is_audited_as_a_replay(city: City) -> None:
    case = accepted(city)
    api = system_of(city, "KL-FWC-QD")
    body = {"at": (timezone.now() - dt.timedelta(hours=2)).isoformat(), "method": "B",
            "target": "0", "place": "案家", "notes": "家訪"}  # fmt: skip
    key = {"Idempotency-Key": str(uuid.uuid4())}
    for _ in range(2):
        api.post(f"/api/v1/cases/{case.pk}/contacts", body, content_type="application/json",
                 headers=key)  # fmt: skip
    [row] = AuditEvent.objects.filter(action="replay")
    assert row.object_type == "idempotency" and row.actor_client_id is not None
    assert set(row.detail["ids"]) == {"contact"}


def test_a_case_seen_only_in_summary_refuses_its_content_pages_with_a_denied_row(
    city: City,
) -> None:
    from safetynet.cases.handoffs import handoff_send
    from tests.cases.test_needtoknow import _youth

    case = accepted(city)
    youth = _youth(city)
    handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                 note="請評估", to_unit_id=youth.unit_id)  # fmt: skip
    assert youth.staff is not None
    assert city.client_for(youth.staff).post(f"/cases/{case.pk}/contacts/", {}).status_code == 404
    [row] = denied()
    assert (row.actor_id, row.object_type, row.object_id, row.detail) == (
        youth.user_id, "case", str(case.pk), {"exists": True, "status": 404})  # fmt: skip
