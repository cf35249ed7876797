"""The intake API's contract: shapes, errors in the caller's language, idempotency, and the
inputs that once answered 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from safetynet.agencies.services import api_client_create
from safetynet.api.models import IdempotencyRecord
from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Case
from safetynet.intake.models import Dispatch, Report
from safetynet.intake.schemas import ReportOut
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


def token_client(city: City, channel: str = "7") -> Client:
    _, token = api_client_create(name="ECARE", unit=city.units["KL-DESK"], channel=channel)
    return Client(headers={"authorization": f"Bearer {token}"})


def post(client: Client, url: str, body: Any, key: str | None = "k1", lang: str = "zh-hant") -> Any:
    headers = {"Accept-Language": lang}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def _zh(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- the document -----------------------------------------------------------------------------


def test_the_openapi_document_names_every_endpoint_and_its_enums(city: City) -> None:
    doc = city.client_for(city.screener).get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ["/api/v1/reports", "/api/v1/reports/{report_id}", "/api/v1/queue",
                 "/api/v1/reports/{report_id}/decision", "/api/v1/dispatches/{dispatch_id}/accept",
                 "/api/v1/dispatches/{dispatch_id}/return"]:  # fmt: skip
        assert path in doc["paths"], path
    schemas = doc["components"]["schemas"]
    report_in = schemas["ReportIn"]["properties"]
    assert "35" in report_in["channel"]["enum"] and "7" in report_in["channel"]["enum"]
    assert (
        "10017020" in report_in["district"]["enum"]
        and "63000010" not in report_in["district"]["enum"]
    )
    role = schemas["PersonIn"]["properties"]["role"]
    role_enum = role.get("enum") or schemas[role["$ref"].rsplit("/", 1)[1]]["enum"]
    assert set(role_enum) == {"victim", "perpetrator", "child", "household", "other"}
    key = next(p for p in doc["paths"]["/api/v1/reports"]["post"]["parameters"]
               if p["name"] == "Idempotency-Key")  # fmt: skip
    assert key["in"] == "header" and key["required"] is True


# --- filing -----------------------------------------------------------------------------------


def test_a_partner_system_files_a_report_with_roc_dates(city: City) -> None:
    response = post(token_client(city), "/api/v1/reports", REPORT)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("R") and body["progress"] == "received"
    assert body["persons"][1]["birth_date"] == "1981-01-02"
    assert body["reporter"]["name"] == "導師乙"  # the filer's own


def test_a_filer_learns_nothing_the_index_or_the_desk_knows(city: City) -> None:
    """The look-up oracle: a filer typed an ID and got back the person's id, the match and
    the protection history."""
    file_report(city)  # 林美玲 is in the index now
    body = post(token_client(city), "/api/v1/reports", {**REPORT, "persons": [
        {"role": "victim", "name": "林美玲", "id_number": national_id("C", "2", 1234567)}]}).json()  # fmt: skip
    assert body["view"] == "filer" and body["status"] is None and body["is_re_report"] is None
    person = body["persons"][0]
    assert {k: person[k] for k in ("match_status", "person_id", "candidates", "is_re_report")} == {
        "match_status": None,
        "person_id": None,
        "candidates": None,
        "is_re_report": None,
    }


def test_a_filed_report_comes_back_in_the_documented_shape(city: City) -> None:
    client = token_client(city)
    filed = post(client, "/api/v1/reports", REPORT, key="shape")
    replayed = post(client, "/api/v1/reports", REPORT, key="shape")
    read = client.get(f"/api/v1/reports/{filed.json()['id']}")
    assert filed.status_code == replayed.status_code == 201 and read.status_code == 200
    shaped = [ReportOut.model_validate(r.json()) for r in (filed, replayed, read)]
    assert shaped[0] == shaped[1] == shaped[2]
    assert filed.json()["received_at"] == read.json()["received_at"]
    assert filed["Content-Type"] == read["Content-Type"] == "application/json; charset=utf-8"


def test_a_retry_replays_through_access_and_the_store_keeps_no_content(city: City) -> None:
    client = token_client(city)
    first = post(client, "/api/v1/reports", REPORT, key="retry-1")
    reads = AuditEvent.objects.filter(action="read", object_type="report").count()
    second = post(client, "/api/v1/reports", REPORT, key="retry-1")
    assert first.json()["id"] == second.json()["id"] and Report.objects.count() == 1
    assert AuditEvent.objects.filter(action="read", object_type="report").count() == reads + 1
    record = IdempotencyRecord.objects.get()
    assert record.result == {"report": first.json()["id"]}  # a pointer, not the answer


def test_the_same_key_with_another_body_is_refused(city: City) -> None:
    client = token_client(city)
    post(client, "/api/v1/reports", REPORT, key="k")
    response = post(client, "/api/v1/reports", {**REPORT, "narrative": "另一件事"}, key="k")
    assert response.status_code == 422 and response.json()["code"] == "idempotency_key_reused"
    assert Report.objects.count() == 1


def test_a_missing_key_is_refused(city: City) -> None:
    response = post(token_client(city), "/api/v1/reports", REPORT, key=None)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"


def test_a_partner_files_only_under_its_own_channel(city: City) -> None:
    response = post(token_client(city, channel="35"), "/api/v1/reports", REPORT)  # REPORT is "7"
    assert response.status_code == 403 and response.json()["code"] == "wrong_channel"
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"district": "99999999"}, "district"),
        ({"district": "63000010"}, "district"),  # a district of another city
        ({"channel": "nope"}, "channel"),
        ({"narrative": ""}, "narrative"),
        ({"concerns": [], "vulnerable_areas": []}, "__all__"),
        ({"persons": []}, "persons"),
        ({"persons": [{"role": "victim", "name": "甲", "id_number": "C123456788"}]},
         "persons[0].id_number"),
        ({"persons": [{"role": "victim", "name": "甲", "birth_date": "112/02/30"}]},
         "persons[0].birth_date"),
        ({"persons": [{"role": "victim", "name": "甲", "birth_date": "民國999年1月1日"}]},
         "persons[0].birth_date"),
        ({"persons": [{"role": "victim", "name": f"甲{i}"} for i in range(21)]}, "persons"),
        ({"persons": [{"role": "victim", "name": ""}] * 500}, "persons"),
        ({"persons": [{"role": "victim", "name": n, "id_number": national_id("C", "1", 5)}
                      for n in ("甲", "乙")]}, "persons"),
        ({"persons": [REPORT["persons"][0], {"role": "household", "name": ""}]}, "persons[1].name"),
        ({"persons": [{"role": "boss", "name": "甲"}]}, "persons[0].role"),
        ({"narrative": "a\u0000b"}, "narrative"),  # NUL: PostgreSQL cannot store it
        ({"narrative": "a\ud800b"}, "narrative"),  # a lone surrogate: nothing can encode it
        ({"reporter_name": "\ud83d"}, "reporter_name"),
        ({"persons": [{"role": "victim", "name": "\u0000"}]}, "persons[0].name"),
    ],
)  # fmt: skip
def test_bad_input_is_named_per_field_in_chinese_and_creates_nothing(
    city: City, change: dict[str, Any], field: str
) -> None:
    response = post(token_client(city), "/api/v1/reports", {**REPORT, **change})
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in body["errors"], body
    assert _zh(body["message"]) and all(_zh(m) for m in body["errors"][field])
    assert not Report.objects.exists()


def test_errors_come_in_english_when_asked(city: City) -> None:
    response = post(token_client(city), "/api/v1/reports", {**REPORT, "district": "x"}, lang="en")
    assert response.json()["message"].startswith("Please correct")
    assert response.json()["errors"]["district"] == ["Not one of the allowed values."]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("not json", "application/json", 400, "malformed_json"),
        ('{"channel": ', "application/json", 400, "malformed_json"),
        ("[]", "application/json", 422, "invalid"),
        ('{"persons": "x"}', "application/json", 422, "invalid"),
        ('{"channel": 5}', "application/json", 422, "invalid"),
        ('"\\ud800"', "application/json", 422, "invalid"),
        (json.dumps(REPORT), "text/plain", 415, "unsupported_media_type"),
        (json.dumps(REPORT), "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        ("x" * 3_000_000, "application/json", 413, "too_large"),
    ],
)
def test_malformed_requests_get_the_documented_error_never_a_500(
    city: City, body: str, content_type: str, status: int, code: str
) -> None:
    response = token_client(city).post(
        "/api/v1/reports", body, content_type=content_type, headers={"Idempotency-Key": "m"}
    )
    assert response.status_code == status, response.content[:300]
    answer = response.json()
    assert answer["code"] == code and _zh(answer["message"]) and "errors" in answer


def test_unauthenticated_calls_and_invalid_tokens_are_refused(city: City) -> None:
    assert Client().get("/api/v1/queue").status_code == 401
    assert Client(headers={"authorization": "Bearer wrong"}).get("/api/v1/queue").status_code == 401
    # A desk session with a bad token beside it: the token decides, the session is not used.
    desk = city.client_for(city.screener)
    assert desk.get("/api/v1/queue").status_code == 200
    assert desk.get("/api/v1/queue", headers={"authorization": "Bearer wrong"}).status_code == 401


# --- the desk and the units -------------------------------------------------------------------


def test_screen_and_dispatch_and_accept_through_the_api(city: City) -> None:
    report = file_report(city)
    desk = city.client_for(city.screener)
    body = {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]}
    decision = post(desk, f"/api/v1/reports/{report.pk}/decision", body, key="d1")
    assert decision.status_code == 201, decision.content
    assert decision.json()["dispatched_to"] == "KL-FWC-QD"
    again = post(desk, f"/api/v1/reports/{report.pk}/decision", body, key="d1")
    assert again.json() == decision.json()
    worker = city.client_for(city.worker)
    url = f"/api/v1/dispatches/{decision.json()['dispatch_id']}/accept"
    accepted = post(worker, url, {"worker_id": city.worker.pk})
    assert accepted.status_code == 200 and accepted.json()["lead_unit"] == "KL-FWC-QD"
    other = post(worker, url, {"worker_id": city.unit_supervisor.pk})
    assert other.status_code == 409 and other.json()["code"] == "already_accepted"


def test_ipv_decision_records_the_tipvda_score(city: City) -> None:
    report = file_report(city, concerns=("ipv",), areas=())
    body = {"outcome": "protection", "protection_type": "ipv", "tipvda_assessed": True,
            "tipvda_items": [1, 2, 3, 4, 5, 6, 7, 8]}  # fmt: skip
    response = post(city.client_for(city.screener), f"/api/v1/reports/{report.pk}/decision", body)
    assert response.status_code == 201 and response.json()["tipvda_score"] == 8


def test_child_protection_without_its_assessments_is_refused(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    body = {"outcome": "protection", "protection_type": "child"}
    response = post(city.client_for(city.screener), f"/api/v1/reports/{report.pk}/decision", body)
    assert response.status_code == 422
    assert {"cp_grade", "cp_type", "sdm_safety"} <= set(response.json()["errors"])


def test_the_api_cannot_merge_a_report_into_a_strangers_case(city: City) -> None:
    stranger = file_report(city, persons=[
        __import__("safetynet.intake.drafts", fromlist=["PersonDraft"]).PersonDraft(
            role="victim", name="陌生人", id_number=national_id("D", "2", 3))])  # fmt: skip
    desk = city.client_for(city.screener)
    dispatched = post(desk, f"/api/v1/reports/{stranger.pk}/decision",
                      {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]}, key="s")  # fmt: skip
    post(city.client_for(city.worker), f"/api/v1/dispatches/{dispatched.json()['dispatch_id']}/accept",
         {"worker_id": city.worker.pk})  # fmt: skip
    case = Case.objects.get()
    report = file_report(city)  # 林美玲: not a member of that case
    response = post(desk, f"/api/v1/reports/{report.pk}/decision",
                    {"outcome": "merge", "merge_case": case.pk}, key="m")  # fmt: skip
    assert response.status_code == 422 and "merge_case" in response.json()["errors"]
    assert case.members.count() == 1


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("return", {"reason": "a\u0000b"}),
        ("return", {"reason": "\ud800"}),
        ("return", {"reason": ""}),
        ("accept", {"worker_id": "²"}),
        ("accept", {"worker_id": 10**30}),
    ],
)
def test_answers_with_unstorable_or_odd_input_are_refused_not_crashed(
    city: City, path: str, body: dict[str, Any]
) -> None:
    report = file_report(city)
    desk = city.client_for(city.screener)
    decision = post(desk, f"/api/v1/reports/{report.pk}/decision",
                    {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]}).json()  # fmt: skip
    response = post(city.client_for(city.worker),
                    f"/api/v1/dispatches/{decision['dispatch_id']}/{path}", body)  # fmt: skip
    assert response.status_code == 422, response.content
    assert Dispatch.objects.get().status == "pending"


@pytest.mark.parametrize(
    "query", ["district=%00", "district=²", "channel=%00", "concern=%00", "page=²", "page=0",
              "page=99999999999999999999", "district=99999999"],
)  # fmt: skip
def test_queue_filters_that_are_not_codes_are_refused(city: City, query: str) -> None:
    response = city.client_for(city.screener).get(f"/api/v1/queue?{query}")
    assert response.status_code == 422, response.content


def test_the_api_asks_to_confirm_a_second_case_of_a_service_the_family_has_open(
    city: City,
) -> None:
    desk = city.client_for(city.screener)
    first = file_report(city)
    dispatched = post(desk, f"/api/v1/reports/{first.pk}/decision",
                      {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]}, key="a")  # fmt: skip
    post(city.client_for(city.worker), f"/api/v1/dispatches/{dispatched.json()['dispatch_id']}/accept",
         {"worker_id": city.worker.pk})  # fmt: skip
    again = file_report(city)
    body = {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]}
    refused = post(desk, f"/api/v1/reports/{again.pk}/decision", body, key="b")
    assert refused.status_code == 422 and refused.json()["code"] == "open_case_same_service"
    assert "beside_open_case" in refused.json()["errors"]
    confirmed = post(desk, f"/api/v1/reports/{again.pk}/decision",
                     {**body, "beside_open_case": True}, key="c")  # fmt: skip
    assert confirmed.status_code in (200, 201) and confirmed.json()["dispatch_id"]
