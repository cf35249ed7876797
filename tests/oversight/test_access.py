"""The access matrix of the oversight pages: who viewed a person, a case, a report; the alert
list and an alert. 404 for what a role may not see, the same as for what does not exist; the
links on the person, case and report pages only for those the page would answer."""

from __future__ import annotations

import pytest
from django.utils import timezone

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.audit.services import audit_record
from safetynet.oversight.models import Alert
from safetynet.oversight.rules import DEFAULTS
from safetynet.oversight.services import sweep
from tests.cases.test_services import accepted
from tests.conftest import PASSWORD, City

ROLES = ["worker", "unit_supervisor", "other_supervisor", "dv_supervisor", "screener",
         "desk_supervisor", "police", "analyst", "admin", "auditor", "outsider"]  # fmt: skip
OK, NO = 200, 404
MATRIX = {
    "who_person": [NO, OK, NO, NO, NO, OK, NO, NO, NO, OK, NO],
    "who_case": [NO, OK, NO, NO, NO, NO, NO, NO, NO, OK, NO],
    "who_report": [NO, NO, NO, NO, NO, OK, NO, NO, NO, OK, NO],
    "who_missing": [NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO],
    "alerts": [NO, OK, OK, OK, NO, OK, NO, NO, NO, OK, NO],
    "alert": [NO, OK, NO, NO, NO, NO, NO, NO, NO, OK, NO],
}
# the person, case and report pages: whether the link shows (None: the page itself is 404)
LINKS = {
    "person": [False, True, None, None, False, True, None, False, None, None, None],
    "case": [False, True, None, None, False, False, None, None, None, None, None],
    "report": [False, False, None, None, False, True, None, None, None, None, None],
}


@pytest.fixture
def world(city: City) -> dict[str, object]:
    case = accepted(city)
    person = case.members.values_list("person_id", flat=True).first()
    report = case.reports.first()
    assert report is not None and person is not None
    p = city.principal(city.worker)
    for pk in range(900_000, 900_000 + DEFAULTS["outside_caseload"]):
        audit_record(actor=p, action="read", object_type="case", object_id=pk)
    sweep(timezone.now())
    other = staff_create(username="zxboss", password=PASSWORD, display_name="zxboss",
                         unit=city.units["KL-FWC-ZX"], role=Role.SUPERVISOR)  # fmt: skip
    who = {"worker": city.worker, "unit_supervisor": city.unit_supervisor,
           "other_supervisor": other, "dv_supervisor": city.dv_supervisor,
           "screener": city.screener, "desk_supervisor": city.supervisor, "police": city.police,
           "analyst": city.analyst, "admin": city.admin, "auditor": city.auditor,
           "outsider": None}  # fmt: skip
    return {"case": case, "person": person, "report": report, "who": who,
            "alert": Alert.objects.get()}  # fmt: skip


def _url(page: str, w: dict[str, object]) -> str:
    return {
        "who_person": f"/oversight/who-viewed/person/{w['person']}/",
        "who_case": f"/oversight/who-viewed/case/{w['case'].pk}/",  # type: ignore[attr-defined]
        "who_report": f"/oversight/who-viewed/report/{w['report'].pk}/",  # type: ignore[attr-defined]
        "who_missing": "/oversight/who-viewed/case/424242/",
        "alerts": "/oversight/alerts/",
        "alert": f"/oversight/alerts/{w['alert'].pk}/",  # type: ignore[attr-defined]
    }[page]


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_each_role_gets_what_it_may_see(city: City, world: dict[str, object], page: str) -> None:
    who: dict[str, object] = world["who"]  # type: ignore[assignment]
    url = _url(page, world)
    got = [city.client_for(who[role]).get(url).status_code for role in ROLES]  # type: ignore[arg-type]
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, MATRIX[page], strict=True))


@pytest.mark.parametrize("kind", sorted(LINKS))
def test_the_link_shows_to_those_the_page_answers(city: City, world: dict[str, object],
                                                  kind: str) -> None:  # fmt: skip
    who: dict[str, object] = world["who"]  # type: ignore[assignment]
    pk = world[kind] if kind == "person" else world[kind].pk  # type: ignore[attr-defined]
    url = {"person": f"/people/{pk}/", "case": f"/cases/{pk}/", "report": f"/reports/{pk}/"}[kind]
    link = f"/oversight/who-viewed/{kind}/{pk}/"
    got: list[bool | None] = []
    for role in ROLES:
        answer = city.client_for(who[role]).get(url)  # type: ignore[arg-type]
        got.append(None if answer.status_code == 404 else link in answer.content.decode())
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, LINKS[kind], strict=True))


def test_the_page_is_in_chinese_and_names_the_reader(city: City, world: dict[str, object]) -> None:
    city.client_for(city.worker).get(f"/people/{world['person']}/")
    page = city.client_for(city.auditor).get(_url("who_person", world)).content.decode()
    assert "誰調閱過此人" in page and "worker" in page and "直接開啟" in page
    assert city.worker.unit.name in page
    assert AuditEvent.objects.filter(action="who_viewed", actor_id=city.auditor.user_id).exists()


def test_an_alert_page_handles_a_stale_edit_with_409(city: City, world: dict[str, object]) -> None:
    alert: Alert = world["alert"]  # type: ignore[assignment]
    url = _url("alert", world)
    boss = city.client_for(city.unit_supervisor)
    page = boss.get(url).content.decode()
    assert "引發警示的紀錄" in page and "C00900000" in page
    assert boss.post(url, {"version": 1, "status": "acknowledged", "note": ""}).status_code == 302
    stale = city.client_for(city.auditor).post(url, {"version": 1, "status": "closed",
                                                     "note": "查無不當"})  # fmt: skip
    assert stale.status_code == 409
    assert "查無不當" in stale.content.decode() and "已知悉" in stale.content.decode()
    no_note = city.client_for(city.auditor).post(url, {"version": 2, "status": "closed",
                                                       "note": ""})  # fmt: skip
    assert no_note.status_code == 400 and "結案前請說明" in no_note.content.decode()
    alert.refresh_from_db()
    assert (alert.status, alert.version) == ("acknowledged", 2)
    done = city.client_for(city.auditor).post(url, {"version": 2, "status": "closed", "note": "x"})
    assert done.status_code == 302
    again = city.client_for(city.auditor).post(url, {"version": 3, "status": "closed", "note": "y"})
    assert again.status_code == 409


def test_the_alert_list_and_the_page_are_audited(city: City, world: dict[str, object]) -> None:
    alert: Alert = world["alert"]  # type: ignore[assignment]
    city.client_for(city.auditor).get("/oversight/alerts/")
    listed = AuditEvent.objects.filter(action="list", object_type="alert").latest("pk")
    assert listed.detail == {"ids": [alert.pk]}
    city.client_for(city.auditor).get(_url("alert", world))
    assert AuditEvent.objects.filter(action="read", object_type="alert",
                                     object_id=str(alert.pk)).exists()  # fmt: skip


def test_the_menu_and_the_home_card(city: City, world: dict[str, object]) -> None:
    home = city.client_for(city.unit_supervisor).get("/").content.decode()
    assert "/oversight/alerts/" in home and "存取異常警示" in home
    assert "/oversight/alerts/" not in city.client_for(city.worker).get("/").content.decode()


def test_the_look_up_finds_by_number_is_audited_and_refuses_alike(
    city: City, world: dict[str, object]
) -> None:
    case = world["case"]
    boss = city.client_for(city.unit_supervisor)
    found = boss.get("/oversight/", {"kind": "case", "text": case.number})  # type: ignore[attr-defined]
    assert found.status_code == 302
    assert found["Location"] == f"/oversight/who-viewed/case/{case.pk}/"  # type: ignore[attr-defined]
    row = AuditEvent.objects.filter(action="search", actor_id=city.unit_supervisor.user_id).get()
    assert (row.object_type, row.detail) == ("case", {"ids": [case.pk]})  # type: ignore[attr-defined]
    report = world["report"]
    for text in (report.number, "R99999999", "not a number"):  # type: ignore[attr-defined]
        answer = boss.get("/oversight/", {"kind": "report", "text": text})
        assert answer.status_code == 200 and "查無您可查詢的紀錄" in answer.content.decode()
    assert city.client_for(city.worker).get("/oversight/").status_code == 404
    desk = city.client_for(city.supervisor)
    person_id = world["person"]
    from safetynet.people.models import Person

    id_number = Person.objects.get(pk=int(str(person_id))).id_number or ""
    assert desk.get("/oversight/", {"kind": "person", "text": id_number}).status_code == 302


def test_nobody_handles_or_sees_an_alert_about_themself(city: City) -> None:
    p = city.principal(city.unit_supervisor)
    for pk in range(900_000, 900_000 + DEFAULTS["outside_caseload"]):
        audit_record(actor=p, action="read", object_type="case", object_id=pk)
    sweep(timezone.now())
    alert = Alert.objects.get()
    own = city.client_for(city.unit_supervisor)
    assert own.get(f"/oversight/alerts/{alert.pk}/").status_code == 404
    assert own.post(f"/oversight/alerts/{alert.pk}/", {"version": 1, "status": "acknowledged",
                                                       "note": ""}).status_code == 404  # fmt: skip
    assert f"/oversight/alerts/{alert.pk}/" not in own.get("/oversight/alerts/").content.decode()
    assert city.client_for(city.auditor).get(f"/oversight/alerts/{alert.pk}/").status_code == 200
