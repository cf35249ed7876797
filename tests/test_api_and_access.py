"""The API contract and the access matrix: each persona against each endpoint."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safetynet.agencies.services import api_client_create
from safetynet.api import schemas
from safetynet.audit.models import AuditEvent
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.models import Dispatch, Report
from safetynet.intake.services import decision_record
from tests.conftest import City, file_report, national_id

pytestmark = pytest.mark.django_db

REPORT = {
    "channel": "7",
    "reporter_type": "mandated_education",
    "reporter_name": "導師乙",
    "district": "10017020",
    "concerns": ["child"],
    "narrative": "學生手臂有瘀傷。",
    "urgency": "high",
    "occurred_on": "民國115年11月20日",
    "persons": [
        {"role": "victim", "name": "王小明", "id_number": national_id("C", "1", 7654321),
         "birth_date": "1040301", "sex": "M"},
        {"role": "perpetrator", "name": "王大明", "birth_date": "70/01/02", "sex": "M"},
    ],
}  # fmt: skip


def _token_client(city: City) -> Client:
    _, token = api_client_create(name="113 hotline", unit=city.units["KL-DESK"], channel="35")
    return Client(headers={"authorization": f"Bearer {token}"})


def _post(
    client: Client, url: str, body: Any, key: str | None = "k1", lang: str = "zh-hant"
) -> Any:
    headers = {"Accept-Language": lang}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def test_openapi_document_is_served_and_names_every_endpoint(city: City) -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ["/api/v1/reports", "/api/v1/reports/{report_id}", "/api/v1/queue",
                 "/api/v1/reports/{report_id}/decision", "/api/v1/dispatches/{dispatch_id}/accept",
                 "/api/v1/dispatches/{dispatch_id}/return"]:  # fmt: skip
        assert path in doc["paths"], path
    assert "ReportIn" in doc["components"]["schemas"]


def test_a_partner_system_files_a_report_with_roc_dates(city: City) -> None:
    response = _post(_token_client(city), "/api/v1/reports", REPORT)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("R") and body["status"] == "received"
    assert body["persons"][1]["birth_date"] == "1981-01-02"
    assert body["reporter"] is None  # a filing system is not the desk


def test_a_filed_report_comes_back_in_the_documented_shape(city: City) -> None:
    client = _token_client(city)
    filed = _post(client, "/api/v1/reports", REPORT, key="shape")
    replayed = _post(client, "/api/v1/reports", REPORT, key="shape")
    read = client.get(f"/api/v1/reports/{filed.json()['id']}")
    assert filed.status_code == replayed.status_code == 201 and read.status_code == 200
    shaped = [schemas.ReportOut.model_validate(r.json()) for r in (filed, replayed, read)]
    assert shaped[0] == shaped[1] == shaped[2]
    assert filed.json()["received_at"] == read.json()["received_at"]
    assert filed["Content-Type"] == read["Content-Type"] == "application/json; charset=utf-8"


def test_a_retry_with_the_same_key_returns_the_first_result(city: City) -> None:
    client = _token_client(city)
    first = _post(client, "/api/v1/reports", REPORT, key="retry-1")
    second = _post(client, "/api/v1/reports", REPORT, key="retry-1")
    assert first.json()["id"] == second.json()["id"]
    assert Report.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(city: City) -> None:
    client = _token_client(city)
    _post(client, "/api/v1/reports", REPORT, key="k")
    changed = {**REPORT, "narrative": "另一件事"}
    response = _post(client, "/api/v1/reports", changed, key="k")
    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert Report.objects.count() == 1


def test_a_missing_key_is_refused(city: City) -> None:
    response = _post(_token_client(city), "/api/v1/reports", REPORT, key=None)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"district": "99999999"}, "district"),
        ({"channel": "nope"}, "channel"),
        ({"narrative": ""}, "narrative"),
        ({"concerns": [], "vulnerable_areas": []}, "__all__"),
        ({"persons": []}, "persons"),
        (
            {"persons": [{"role": "victim", "name": "甲", "id_number": "C123456788"}]},
            "persons[0].id_number",
        ),
        (
            {"persons": [{"role": "victim", "name": "甲", "birth_date": "112/02/30"}]},
            "persons[0].birth_date",
        ),
        (
            {"persons": [{"role": "victim", "name": "甲", "birth_date": "民國999年1月1日"}]},
            "persons[0].birth_date",
        ),
        (
            {"persons": [{"role": "victim", "name": f"甲{i}"} for i in range(21)]},
            "persons",
        ),
        (
            {"persons": [{"role": "victim", "name": ""}] * 500},
            "persons",
        ),  # refused before each is checked
        (
            {
                "persons": [
                    {"role": "victim", "name": n, "id_number": national_id("C", "1", 5)}
                    for n in ("甲", "乙")
                ]
            },
            "persons",
        ),
        ({"persons": [REPORT["persons"][0], {"role": "household", "name": ""}]}, "persons[1].name"),
    ],
)
def test_bad_input_is_named_per_field_in_chinese_and_creates_nothing(
    city: City, change: dict[str, Any], field: str
) -> None:
    response = _post(_token_client(city), "/api/v1/reports", {**REPORT, **change})
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in body["errors"], body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])  # zh-Hant first
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in body["errors"][field])
    assert Report.objects.count() == 0


def test_errors_come_in_english_when_asked(city: City) -> None:
    response = _post(_token_client(city), "/api/v1/reports", {**REPORT, "district": "x"}, lang="en")
    assert response.json()["message"].startswith("Please correct")


@pytest.mark.parametrize("body", ["not json", "[]", '{"persons": "x"}', '{"channel": 5}'])
def test_malformed_bodies_get_4xx_never_5xx(city: City, body: str) -> None:
    response = _token_client(city).post(
        "/api/v1/reports", body, content_type="application/json", headers={"Idempotency-Key": "m"}
    )
    assert 400 <= response.status_code < 500


def test_unauthenticated_calls_are_refused(city: City) -> None:
    assert Client().get("/api/v1/queue").status_code == 401
    bad = Client(headers={"authorization": "Bearer wrong"})
    assert bad.get("/api/v1/queue").status_code == 401


def test_screen_and_dispatch_and_accept_through_the_api(city: City) -> None:
    report = file_report(city)
    desk = city.client_for(city.screener)
    decision = _post(desk, f"/api/v1/reports/{report.pk}/decision",
                     {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]}, key="d1")  # fmt: skip
    assert decision.status_code == 201, decision.content
    assert decision.json()["dispatched_to"] == "KL-FWC-QD"
    again = _post(desk, f"/api/v1/reports/{report.pk}/decision",
                  {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]}, key="d1")  # fmt: skip
    assert again.json() == decision.json()
    dispatch_id = decision.json()["dispatch_id"]
    worker = city.client_for(city.worker)
    accepted = _post(
        worker, f"/api/v1/dispatches/{dispatch_id}/accept", {"worker_id": city.worker.pk}
    )
    assert accepted.status_code == 200 and accepted.json()["lead_unit"] == "KL-FWC-QD"


def test_ipv_decision_records_the_tipvda_score(city: City) -> None:
    report = file_report(city, concerns=("ipv",), areas=())
    body = {"outcome": "protection", "protection_type": "ipv", "tipvda_assessed": True,
            "tipvda_items": [1, 2, 3, 4, 5, 6, 7, 8]}  # fmt: skip
    response = _post(city.client_for(city.screener), f"/api/v1/reports/{report.pk}/decision", body)
    assert response.status_code == 201 and response.json()["tipvda_score"] == 8


def test_child_protection_without_grade_is_refused(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    body = {"outcome": "protection", "protection_type": "child"}
    response = _post(city.client_for(city.screener), f"/api/v1/reports/{report.pk}/decision", body)
    assert response.status_code == 422
    assert {"cp_grade", "cp_type", "sdm_safety"} <= set(response.json()["errors"])


def _dispatched(city: City) -> tuple[Report, Dispatch]:
    report = file_report(city)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    return report, Dispatch.objects.get(decision=decision)


@pytest.mark.parametrize(
    ("persona", "report_page", "queue_page", "dispatch_page"),
    [
        ("screener", 200, 200, 200),
        ("worker", 200, 404, 200),  # the receiving unit
        ("other_worker", 404, 404, 404),  # a case worker of another unit
        ("police", 404, 404, 404),
        ("analyst", 404, 404, 404),
        (None, 404, 404, 404),  # a login with no staff record
    ],
)
def test_access_matrix_on_pages_and_api(
    city: City, persona: str | None, report_page: int, queue_page: int, dispatch_page: int
) -> None:
    report, dispatch = _dispatched(city)
    client = city.client_for(getattr(city, persona) if persona else None)
    assert client.get(f"/reports/{report.pk}/").status_code == report_page
    assert client.get(f"/api/v1/reports/{report.pk}").status_code == report_page
    assert client.get("/queue/").status_code == queue_page
    assert client.get("/api/v1/queue").status_code == queue_page
    assert client.get(f"/dispatches/{dispatch.pk}/").status_code == dispatch_page


def test_reporter_identity_is_shown_to_the_desk_only(city: City) -> None:
    report, _ = _dispatched(city)
    desk = city.client_for(city.screener).get(f"/api/v1/reports/{report.pk}").json()
    unit = city.client_for(city.worker).get(f"/api/v1/reports/{report.pk}").json()
    assert desk["reporter"]["name"] == "通報人甲"
    assert unit["reporter"] is None
    page = city.client_for(city.worker).get(f"/reports/{report.pk}/").content.decode()
    assert "通報人甲" not in page


def test_every_read_of_a_report_is_audited(city: City) -> None:
    report, _ = _dispatched(city)
    before = AuditEvent.objects.filter(
        object_type="report", object_id=str(report.pk), action="read"
    ).count()
    city.client_for(city.worker).get(f"/reports/{report.pk}/")
    after = AuditEvent.objects.filter(object_type="report", object_id=str(report.pk), action="read")
    assert after.count() == before + 1
    assert after.first().actor == city.worker.user  # type: ignore[union-attr]


def test_pages_render_for_each_role(city: City) -> None:
    report, dispatch = _dispatched(city)
    for persona, urls in [
        ("screener", ["/queue/", f"/reports/{report.pk}/", "/dashboard/", "/reports/new/"]),
        ("supervisor", ["/reviews/", "/dashboard/?start=115/01/01&end=bad"]),
        ("worker", ["/inbox/", f"/dispatches/{dispatch.pk}/", "/cases/"]),
        ("analyst", ["/dashboard/"]),
    ]:
        client = city.client_for(getattr(city, persona))
        for url in urls:
            assert client.get(url).status_code == 200, (persona, url)


def test_the_queue_page_reads_the_same_few_queries_however_long_the_queue(city: City) -> None:
    client = city.client_for(city.screener)
    file_report(city, concerns=("child",))

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    few = [queries(u) for u in ("/queue/", "/queue/?concern=child")]
    for _ in range(6):
        file_report(city, concerns=("child",))
    assert [queries(u) for u in ("/queue/", "/queue/?concern=child")] == few
    assert "七堵區" in client.get("/queue/?concern=child").content.decode()


def test_web_form_shows_field_errors_and_saves_nothing(city: City) -> None:
    client = city.client_for(city.police)
    data = {"channel": "24", "reporter_type": "mandated_police", "district": "10017020",
            "narrative": "x", "urgency": "normal", "concerns": ["child"],
            "persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0",
            "persons-0-role": "victim", "persons-0-name": "甲", "persons-0-id_number": "C123",
            "persons-0-birth_date": "not a date", "persons-0-sex": "U"}  # fmt: skip
    response = client.post("/reports/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "身分證" in page or "居留證" in page
    assert Report.objects.count() == 0


def test_an_administrator_edits_the_routing_table_and_a_screener_cannot(city: City) -> None:
    from safetynet.agencies.models import Role
    from safetynet.agencies.services import staff_create

    admin = staff_create(username="admin", password="x" * 12, display_name="admin",
                         unit=city.units["KL-SA-PROG"], role=Role.ADMINISTRATOR)  # fmt: skip
    assert city.client_for(admin).get("/admin/intake/routingrule/").status_code == 200
    assert city.client_for(admin).get("/").url.startswith("/admin/")  # type: ignore[attr-defined]
    assert city.client_for(city.screener).get("/admin/intake/routingrule/").status_code == 302
