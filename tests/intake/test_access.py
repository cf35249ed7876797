"""Who sees which report, dispatch and page: the access matrix over pages and the API, what
each view shows and hides, and the one audit row of every access."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safetynet.agencies.principal import Principal
from safetynet.audit.models import AuditEvent
from safetynet.cases.access import access_case
from safetynet.intake.access import access_dispatch, access_report
from safetynet.intake.drafts import DecisionDraft, PersonDraft, ReportDraft
from safetynet.intake.models import Dispatch, Report
from safetynet.intake.services import (
    decision_record,
    dispatch_accept,
    dispatch_return,
    report_create,
)
from safetynet.people.models import Person
from tests.conftest import QIDU, City, file_report

pytestmark = pytest.mark.django_db

FAMILY = DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"])


def _dispatched(city: City, report: Report | None = None) -> tuple[Report, Dispatch]:
    report = report or file_report(city)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=FAMILY)  # fmt: skip
    return report, Dispatch.objects.get(decision=decision)


def _filed_by_police(city: City) -> Report:
    draft = ReportDraft(channel="24", reporter_type="mandated_police", reporter_name="員警丙",
                        district=QIDU, narrative="家中爭吵。", urgency="normal",
                        vulnerable_areas=["conflict"],
                        persons=[PersonDraft(role="victim", name="林美玲")])  # fmt: skip
    report, _people = report_create(principal=city.principal(city.police), draft=draft)
    return report


@pytest.mark.parametrize(
    ("persona", "report_page", "queue_page", "dispatch_page"),
    [
        ("screener", 200, 200, 200),
        ("worker", 200, 404, 200),  # the receiving unit
        ("unit_supervisor", 200, 404, 200),
        ("other_worker", 404, 404, 404),  # a case worker of another unit
        ("police", 404, 404, 404),
        ("analyst", 404, 404, 404),
        ("auditor", 404, 404, 404),
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


def test_a_missing_page_is_a_404_with_the_shell_in_the_users_language(city: City) -> None:
    page = city.client_for(city.worker).get("/reports/999999/")
    body = page.content.decode()
    assert page.status_code == 404 and "找不到" in body and 'href="/"' in body


def test_a_unit_that_returned_a_report_reads_it_no_more(city: City) -> None:
    report, dispatch = _dispatched(city)
    worker = city.client_for(city.worker)
    dispatch_return(principal=city.principal(city.worker), dispatch_id=dispatch.pk, reason="非轄區")
    assert worker.get(f"/reports/{report.pk}/").status_code == 404
    assert worker.get(f"/dispatches/{dispatch.pk}/").status_code == 404
    assert worker.get(f"/api/v1/reports/{report.pk}").status_code == 404
    person = report.people.get().person_id
    assert worker.get(f"/people/{person}/").status_code == 404


def test_a_filer_sees_what_they_filed_and_how_far_it_got_nothing_more(city: City) -> None:
    report = _filed_by_police(city)
    decision_record(principal=city.principal(city.screener), report_id=report.pk, draft=FAMILY)
    dispatch = Dispatch.objects.get()
    dispatch_return(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                    reason="案家已遷出本區，退回另派。")  # fmt: skip
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="other_service", service_group="mental_health"))  # fmt: skip
    police = city.client_for(city.police)
    page = police.get(f"/reports/{report.pk}/").content.decode()
    assert "林美玲" in page and "員警丙" in page  # what they filed, their own name
    for hidden in ("社區心理衛生中心", "七堵社福中心", "案家已遷出本區", "再通報"):
        assert hidden not in page, hidden  # where it went, why it came back
    assert not re.search(r"\bC\d{8}\b", page)  # no case number
    api = police.get(f"/api/v1/reports/{report.pk}").json()
    assert api["view"] == "filer" and api["progress"] == "dispatched" and api["status"] is None
    person = report.people.get().person_id
    assert police.get(f"/people/{person}/").status_code == 404  # the index is not the filer's
    mine = police.get("/reports/mine/").content.decode()
    assert report.number in mine and "社區心理衛生中心" not in mine


def test_a_login_without_a_position_cannot_file_or_look_anyone_up(city: City) -> None:
    outsider = city.client_for(None)
    assert outsider.get("/reports/new/").status_code == 404
    form = {"channel": "24", "reporter_type": "neighbour", "district": QIDU, "narrative": "x",
            "urgency": "normal", "vulnerable_areas": ["economic"], "submission": "0" * 32,
            "persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0",
            "persons-0-role": "victim", "persons-0-name": "林美玲", "persons-0-sex": "U"}  # fmt: skip
    assert outsider.post("/reports/new/", form).status_code == 404
    assert not Report.objects.exists()


def test_reporter_identity_is_the_desks_and_the_filers(city: City) -> None:
    report, _ = _dispatched(city)
    desk = city.client_for(city.screener).get(f"/api/v1/reports/{report.pk}").json()
    unit = city.client_for(city.worker).get(f"/api/v1/reports/{report.pk}").json()
    assert desk["reporter"]["name"] == "通報人甲" and unit["reporter"] is None
    for url in (f"/reports/{report.pk}/", f"/dispatches/{Dispatch.objects.get().pk}/"):
        assert "通報人甲" not in city.client_for(city.worker).get(url).content.decode()


def test_the_unit_sees_the_people_and_the_decision_it_must_act_on(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="protection", protection_type="child", cp_grade=1,
                                        cp_type=2, sdm_safety="unsafe", note="案母表示會再動手"))  # fmt: skip
    dispatch = Dispatch.objects.get()
    page = city.client_for(city.dv_worker).get(f"/dispatches/{dispatch.pk}/").content.decode()
    for shown in ("林美玲", "兒少保護", "一級", "不安全", "案母表示會再動手"):
        assert shown in page, shown
    assert "protection:child" not in page  # never a raw code


def test_protection_history_is_for_those_who_may_know_of_protection_cases(city: City) -> None:
    report, _dispatch = _dispatched(city)
    Report.objects.filter(pk=report.pk).update(is_re_report=True)
    assert city.client_for(city.worker).get(f"/api/v1/reports/{report.pk}").json()["is_re_report"]
    # A drug centre's manager sent a report does not learn of protection cases.
    from safetynet.agencies.models import Role
    from safetynet.agencies.services import staff_create

    manager = staff_create(username="dm", password="x" * 12, display_name="個管", role=Role.DRUG_CASE_MANAGER,
                           unit=city.units["KL-DRUG"])  # fmt: skip
    other = file_report(city)
    decision_record(principal=city.principal(city.screener), report_id=other.pk,
                    draft=DecisionDraft(outcome="other_service", service_group="drugs"))  # fmt: skip
    Report.objects.filter(pk=other.pk).update(is_re_report=True)
    answer = city.client_for(manager).get(f"/api/v1/reports/{other.pk}").json()
    assert answer["view"] == "unit" and answer["is_re_report"] is None
    page = city.client_for(manager).get(f"/reports/{other.pk}/").content.decode()
    assert "再通報" not in page


# --- every access helper writes its row, naming what the page shows ---------------------------


def _rows(**match: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(**match).order_by("pk"))


def _persons_first() -> None:
    """Index people before the report's, so that a person's id is not also the id of the row
    that names them on a report or in a case (an audit row must name the person)."""
    for n in range(5):
        Person.objects.create(name=f"先建{n}", name_normalised=f"先建{n}")


def test_reading_a_report_writes_one_row_with_everyone_and_everything_shown(city: City) -> None:
    _persons_first()
    report, _ = _dispatched(city)
    person = report.people.get().person_id
    shown = access_report(city.principal(city.screener), report.pk, with_history=True)
    [row] = _rows(action="read", object_type="report", object_id=str(report.pk))
    assert row.actor_id == city.screener.user_id and row.detail["view"] == "desk"
    assert row.detail["persons"] == [person]
    assert "reports" in row.detail and "cases" in row.detail and shown.history is not None


@pytest.mark.parametrize(
    ("persona", "with_history", "view"),
    [("screener", False, "desk"), ("worker", True, "unit"), ("worker", False, "unit")],
)
def test_only_the_desk_asking_for_it_reads_the_history(
    city: City, persona: str, with_history: bool, view: str
) -> None:
    _persons_first()
    report, _ = _dispatched(city)
    who = city.principal(getattr(city, persona))
    shown = access_report(who, report.pk, with_history=with_history)
    assert shown.history is None
    [row] = _rows(action="read", object_type="report", actor=who.user)
    assert row.detail == {"view": view, "persons": [report.people.get().person_id]}
    assert access_report(who, report.pk).history is None  # without asking, none


def test_a_filers_read_names_only_the_view(city: City) -> None:
    report = _filed_by_police(city)
    police = city.principal(city.police)
    shown = access_report(police, report.pk, with_history=True)
    assert shown.history is None and shown.view.value == "filer"
    [row] = _rows(action="read", object_type="report", actor=police.user)
    assert row.detail == {"view": "filer"}


def test_reading_a_dispatch_writes_one_row_naming_its_report_and_people(city: City) -> None:
    _persons_first()
    report, dispatch = _dispatched(city)
    access_dispatch(city.principal(city.worker), dispatch.pk)
    [row] = _rows(action="read", object_type="dispatch")
    assert row.object_id == str(dispatch.pk)
    assert row.detail == {"report": report.pk, "decision": dispatch.decision_id,
                          "persons": [report.people.get().person_id]}  # fmt: skip


def test_reading_a_case_writes_one_row_naming_its_members_and_reports(city: City) -> None:
    _persons_first()
    report, dispatch = _dispatched(city)
    case = dispatch_accept(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                           worker_id=city.worker.pk)  # fmt: skip
    access_case(city.principal(city.worker), case.pk)
    [row] = _rows(action="read", object_type="case")
    assert row.object_id == str(case.pk)
    assert row.detail == {"members": [report.people.get().person_id], "reports": [report.pk],
                          "level": "full", "via": ["lead"]}  # fmt: skip


def test_a_page_request_writes_one_audit_row_not_one_per_object(city: City) -> None:
    _report, dispatch = _dispatched(city)
    before = AuditEvent.objects.count()
    city.client_for(city.worker).get(f"/dispatches/{dispatch.pk}/")
    assert AuditEvent.objects.count() == before + 1
    before = AuditEvent.objects.count()
    city.client_for(city.worker).post(f"/dispatches/{dispatch.pk}/",
                                      {"accept": "1", "worker": city.worker.pk})  # fmt: skip
    assert AuditEvent.objects.count() == before + 1  # the accept names the case it opened


@pytest.mark.parametrize(
    ("url", "object_type"),
    [("/queue/", "report"), ("/reviews/", "report"), ("/inbox/", "dispatch"),
     ("/cases/", "case"), ("/reports/mine/", "report")],
)  # fmt: skip
def test_every_list_page_writes_its_list_row(city: City, url: str, object_type: str) -> None:
    _dispatched(city)
    persona = {"/queue/": city.screener, "/reviews/": city.supervisor}.get(url, city.worker)
    if url == "/reports/mine/":
        persona = city.screener
    response = city.client_for(persona).get(url)
    assert response.status_code == 200
    assert _rows(action="list", object_type=object_type, actor=persona.user)


def test_pages_render_for_each_role(city: City) -> None:
    report, dispatch = _dispatched(city)
    for persona, urls in [
        ("screener", ["/", "/queue/", f"/reports/{report.pk}/", f"/reports/{report.pk}/decide/",
                      "/dashboard/", "/reports/new/", "/reports/mine/", "/cases/"]),
        ("supervisor", ["/", "/reviews/", "/dashboard/?start=115/01/01&end=bad"]),
        ("worker", ["/", "/inbox/", f"/dispatches/{dispatch.pk}/", "/cases/", "/reports/new/"]),
        ("analyst", ["/", "/dashboard/", "/linkage/"]),
        ("police", ["/", "/reports/new/", "/reports/mine/"]),
        ("auditor", ["/", "/dashboard/", "/rules/"]),
        ("admin", ["/", "/rules/", "/admin/"]),
    ]:  # fmt: skip
        client = city.client_for(getattr(city, persona))
        for url in urls:
            assert client.get(url).status_code == 200, (persona, url)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("screener", True), ("supervisor", True), ("analyst", True), ("auditor", True),
     ("unit_supervisor", False), ("worker", False), ("police", False)],
)  # fmt: skip
def test_the_city_wide_dashboard_is_not_every_supervisors(
    city: City, persona: str, allowed: bool
) -> None:
    status = city.client_for(getattr(city, persona)).get("/dashboard/").status_code
    assert status == (200 if allowed else 404)


def test_the_queue_page_reads_the_same_few_queries_however_long_the_queue(city: City) -> None:
    client = city.client_for(city.screener)
    file_report(city, concerns=("child",))

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    client.get("/queue/")  # the first request of a process reads the rule tables it keeps
    few = [queries(u) for u in ("/queue/", "/queue/?concern=child")]
    for _ in range(6):
        file_report(city, concerns=("child",))
    assert [queries(u) for u in ("/queue/", "/queue/?concern=child")] == few
    assert "七堵區" in client.get("/queue/?concern=child").content.decode()


def test_a_principal_holds_its_positions_capabilities_not_a_role_names(city: City) -> None:
    desk = city.principal(city.supervisor)
    unit = city.principal(city.unit_supervisor)
    assert desk.has("report.review") and desk.has("system.police_concern.exists")
    assert not unit.has("report.review") and not unit.has("system.police_concern.exists")
    assert not unit.has("dashboard.city")
    assert Principal.of_user(city.outsider).capabilities == frozenset()


def test_the_report_selectors_and_the_policy_agree_on_every_report(city: City) -> None:
    """Visibility is said twice, as a query and as the policy's view of one report: for every
    persona and every kind of report they must agree."""
    from safetynet.agencies.principal import Principal as P
    from safetynet.intake.selectors import report_list_visible_to, view_of

    _dispatched(city)  # with the unit
    returned_report, returned = _dispatched(city)
    dispatch_return(principal=city.principal(city.worker), dispatch_id=returned.pk, reason="x")
    _filed_by_police(city)
    _merged_into, case_dispatch = _dispatched(city)
    dispatch_accept(principal=city.principal(city.worker), dispatch_id=case_dispatch.pk,
                    worker_id=city.worker.pk)  # fmt: skip
    file_report(city)  # waiting in the queue
    personas = [city.screener, city.supervisor, city.worker, city.unit_supervisor,
                city.other_worker, city.police, city.analyst, city.auditor]  # fmt: skip
    principals = [city.principal(s) for s in personas] + [P.of_user(city.outsider), city.partner()]
    for principal in principals:
        visible = set(report_list_visible_to(principal).values_list("pk", flat=True))
        for report in Report.objects.all():
            assert (view_of(principal, report) is not None) == (report.pk in visible), (
                principal.user, report.pk)  # fmt: skip
    assert returned_report.pk not in set(
        report_list_visible_to(city.principal(city.worker)).values_list("pk", flat=True)
    )


def test_the_case_selectors_and_the_policy_agree_on_every_case(city: City) -> None:
    from safetynet.cases.models import Case
    from safetynet.cases.policy import can_read
    from safetynet.cases.selectors import case_list_visible_to

    for name in ("林一", "林二"):  # two families (a second case of one family's service asks)
        _report, dispatch = _dispatched(
            city, file_report(city, persons=[PersonDraft(role="victim", name=name)])
        )
        dispatch_accept(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                        worker_id=city.worker.pk)  # fmt: skip
    for staff in (city.screener, city.worker, city.unit_supervisor, city.other_worker,
                  city.dv_worker, city.police, city.auditor):  # fmt: skip
        principal = city.principal(staff)
        visible = set(case_list_visible_to(principal).values_list("pk", flat=True))
        for case in Case.objects.all():
            assert can_read(principal, case) == (case.pk in visible), (staff, case.pk)
    assert not case_list_visible_to(city.principal(city.police)).exists()
    assert case_list_visible_to(city.principal(city.screener)).count() == 2


def test_a_list_row_names_every_id_shown(city: City) -> None:
    _report, dispatch = _dispatched(city)
    city.client_for(city.worker).get("/inbox/")
    row = AuditEvent.objects.get(action="list", object_type="dispatch")
    assert row.detail == {"ids": [dispatch.pk]} and row.actor_id == city.worker.user_id
