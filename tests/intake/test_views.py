"""The intake pages as a person uses them: filing (with a double submit), filters and periods
that are not what a page sends, and the forms' errors."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from safetynet.intake.models import Report
from tests.conftest import QIDU, City, file_report, login_with_second_factor

pytestmark = pytest.mark.django_db


def _form(**change: Any) -> dict[str, Any]:
    data = {"submission": str(uuid.uuid4()), "channel": "24", "reporter_type": "mandated_police",
            "district": QIDU, "narrative": "家中爭吵，鄰居報案。", "urgency": "normal",
            "concerns": ["family"], "persons-TOTAL_FORMS": "4", "persons-INITIAL_FORMS": "0",
            "persons-MIN_NUM_FORMS": "1", "persons-MAX_NUM_FORMS": "20",
            "persons-0-role": "victim", "persons-0-name": "林美玲", "persons-0-sex": "F",
            "persons-0-id_number": "", "persons-0-birth_date": "079/05/06"}  # fmt: skip
    for i in (1, 2, 3):
        data.update({f"persons-{i}-role": "victim", f"persons-{i}-sex": "U"})
    return {**data, **change}


def test_a_police_officer_files_a_report_and_lands_on_it(city: City) -> None:
    response = city.client_for(city.police).post("/reports/new/", _form())
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert report.filed_by == city.police.user and report.people.get().name == "林美玲"


def test_the_same_form_submitted_twice_files_one_report(city: City) -> None:
    client = city.client_for(city.police)
    form = _form()
    first = client.post("/reports/new/", form)
    second = client.post("/reports/new/", form)
    assert Report.objects.count() == 1 and first["Location"] == second["Location"]


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_of_one_form_at_once_file_one_report(city: City) -> None:
    form = _form()
    results: list[int] = []
    start = threading.Barrier(2, timeout=60)
    # Both logins before the threads: enrolling the account in two threads at once races (and a
    # thread that died before the barrier would leave the other waiting).
    clients = [login_with_second_factor(Client(), city.police.user) for _ in range(2)]

    def submit(client: Client) -> None:
        start.wait()
        results.append(client.post("/reports/new/", form).status_code)
        connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302, 302] and Report.objects.count() == 1


def test_the_form_names_its_errors_per_field_and_saves_nothing(city: City) -> None:
    client = city.client_for(city.police)
    response = client.post("/reports/new/", _form(**{"persons-0-id_number": "C123",
                                                     "persons-0-birth_date": "not a date"}))  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "身分證" in page and "error-summary" in page
    nothing_seen = client.post("/reports/new/", _form(concerns=[]))
    assert "至少勾選" in nothing_seen.content.decode()
    assert not Report.objects.exists()


def test_a_fifth_person_can_be_added_without_javascript(city: City) -> None:
    client = city.client_for(city.police)
    page = client.post("/reports/new/", _form(add_person="1")).content.decode()
    assert 'name="persons-4-name"' in page and not Report.objects.exists()


def test_the_form_starts_with_the_filers_own_name_and_unit(city: City) -> None:
    page = city.client_for(city.police).get("/reports/new/").content.decode()
    assert 'value="police"' in page and "第一分局" in page


@pytest.mark.parametrize(
    "query",
    ["district=%00", "district=²", "district=99999999", "channel=%00", "concern=%00",
     "concern=²", "page=²", "page=%00"],
)  # fmt: skip
def test_queue_filters_that_are_not_the_pages_get_an_answer_not_a_500(
    city: City, query: str
) -> None:
    file_report(city)
    response = city.client_for(city.screener).get(f"/queue/?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["end=9999-12-31", "start=0001-01-01", "start=%00", "district=²", "district=%00",
     "start=115/01/01&end=114/01/01", "end=民國999年1月1日"],
)  # fmt: skip
def test_dashboard_periods_out_of_range_are_said_not_crashed(city: City, query: str) -> None:
    response = city.client_for(city.supervisor).get(f"/dashboard/?{query}")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_a_return_reason_with_nul_is_refused_on_the_page(city: City) -> None:
    from safetynet.intake.drafts import DecisionDraft
    from safetynet.intake.models import Dispatch
    from safetynet.intake.services import decision_record

    report = file_report(city)
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    dispatch = Dispatch.objects.get()
    response = city.client_for(city.worker).post(
        f"/dispatches/{dispatch.pk}/", {"return": "1", "reason": "a\x00b"}
    )
    assert response.status_code == 200
    dispatch.refresh_from_db()
    assert dispatch.status == "pending"
