"""What a new user found on the intake pages (issue 10): the unit sees what it is asked to
accept, the desk sees why a report came back and which cases a family already has, the queue
puts danger first, and a reporter can follow what they filed."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import replace

import pytest
from django.utils import timezone

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Case
from safetynet.core.roc import format_roc
from safetynet.intake.drafts import DecisionDraft, PersonDraft, ReportDraft
from safetynet.intake.models import Dispatch, Report
from safetynet.intake.selectors import QueueFilters, report_queue
from safetynet.intake.services import (
    decision_record,
    decision_review,
    dispatch_accept,
    dispatch_return,
    report_create,
)
from tests.conftest import PASSWORD, QIDU, City, file_report, refused

pytestmark = pytest.mark.django_db

FAMILY = DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"])
CHILD = DecisionDraft(outcome="protection", protection_type="child", cp_grade=1, cp_type=1,
                      sdm_safety="unsafe", note="兒少身上多處瘀傷，請儘速見面。")  # fmt: skip
PEOPLE = [
    PersonDraft(role="victim", name="陳小明", birth_date=dt.date(2016, 3, 4), sex="M"),
    PersonDraft(role="perpetrator", name="陳大華", birth_date=dt.date(1985, 1, 2), sex="M"),
]


def _screen(city: City, report: Report, draft: DecisionDraft = FAMILY) -> Dispatch | None:
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=draft)  # fmt: skip
    return Dispatch.objects.filter(decision=decision).first()


def _open_case(city: City) -> Case:
    dispatch = _screen(city, file_report(city))
    assert dispatch is not None
    return dispatch_accept(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                           worker_id=city.worker.pk)  # fmt: skip


def _text(html: str) -> str:
    """What a reader sees: the page without its tags, scripts and attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. the dispatch page ---------------------------------------------------------------------


def test_the_dispatch_page_shows_the_unit_the_people_risk_and_note(city: City) -> None:
    dispatch = _screen(city, file_report(city, persons=PEOPLE, concerns=("child",)), CHILD)
    assert dispatch is not None and dispatch.unit.code == "KL-DV"
    response = city.client_for(city.dv_worker).get(f"/dispatches/{dispatch.pk}/")
    page = _text(response.content.decode())
    assert "陳小明" in page and "陳大華" in page
    assert "案主／被害人" in page and "相對人" in page  # roles by their labels
    age = timezone.localdate().year - 2016 - 1  # born 4 March: not yet or just had a birthday
    assert re.search(rf"\b({age}|{age + 1})\b", page)
    assert "兒少保護" in page and "第一級" in page and "不安全" in page
    assert "兒少身上多處瘀傷" in page  # the screener's note
    assert "兒少虐待或疏忽" in page  # what was seen
    # The desk's grading deadline is not the unit's clock; the unit's comes from its programme.
    assert "篩案時限" not in page
    assert [str(label) for label, _clock in response.context["unit_clocks"]] == [
        "親見（面訪）",
        "調查報告",
    ]


def test_the_drug_centre_sees_the_service_by_its_name(city: City) -> None:
    drugs = staff_create(username="drugs", password=PASSWORD, display_name="吳個管",
                         unit=city.units["KL-DRUG"], role=Role.DRUG_CASE_MANAGER)  # fmt: skip
    report = file_report(city, concerns=("drugs",), areas=())
    dispatch = _screen(city, report, DecisionDraft(outcome="other_service", service_group="drugs",
                                                   unit="KL-DRUG"))  # fmt: skip
    assert dispatch is not None
    for url in (f"/dispatches/{dispatch.pk}/", "/inbox/"):
        page = _text(city.client_for(drugs).get(url).content.decode())
        assert "毒品防制" in page and "其他服務" not in page, url


def test_the_dispatch_page_shows_the_tipvda_score_and_its_danger(city: City) -> None:
    report = file_report(city, persons=PEOPLE, concerns=("ipv",), areas=())
    ipv = DecisionDraft(outcome="protection", protection_type="ipv", tipvda_assessed=True,
                        tipvda_items=[1, 2, 3, 4, 5, 6, 7, 8, 9])  # fmt: skip
    dispatch = _screen(city, report, ipv)
    assert dispatch is not None
    page = _text(
        city.client_for(city.dv_worker).get(f"/dispatches/{dispatch.pk}/").content.decode()
    )
    assert "9 / 15" in page and "高危機" in page


# --- 2. a merged report and the case's lead unit ----------------------------------------------


def test_a_report_merged_into_a_case_is_read_by_its_lead_unit_alone(city: City) -> None:
    case = _open_case(city)
    report = file_report(city)  # the same family again
    _screen(city, report, DecisionDraft(outcome="merge", merge_case=case.pk))
    response = city.client_for(city.worker).get(f"/reports/{report.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "林美玲" in page and f"/cases/{case.pk}/" in page
    row = AuditEvent.objects.filter(action="read", object_type="report",
                                    object_id=str(report.pk)).get()  # fmt: skip
    assert row.actor_id == city.worker.user_id and row.detail["view"] == "unit"
    for other in (city.other_worker, city.dv_worker, city.police, city.auditor):
        assert city.client_for(other).get(f"/reports/{report.pk}/").status_code == 404, other


# --- 3. why a report came back, and the queue's order -----------------------------------------


def test_the_supervisors_send_back_note_reaches_the_screener(city: City) -> None:
    report = file_report(city)
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=DecisionDraft(outcome="no_case", no_case_reason="查無事證"))  # fmt: skip
    decision_review(principal=city.principal(city.supervisor), decision_id=decision.pk,
                    approve=False, note="請先聯絡學校確認出席狀況")  # fmt: skip
    client = city.client_for(city.screener)
    assert (
        "請先聯絡學校確認出席狀況" in client.get(f"/reports/{report.pk}/decide/").content.decode()
    )
    assert "請先聯絡學校確認出席狀況" in _text(client.get("/queue/").content.decode())


def test_a_units_return_reason_is_on_the_decision_page(city: City) -> None:
    report = file_report(city)
    dispatch = _screen(city, report)
    assert dispatch is not None
    dispatch_return(principal=city.principal(city.worker), dispatch_id=dispatch.pk,
                    reason="非本中心轄區，請改派")  # fmt: skip
    page = city.client_for(city.screener).get(f"/reports/{report.pk}/decide/").content.decode()
    assert "非本中心轄區，請改派" in page and "七堵社福中心" in page


def _filed(city: City, urgency: str, hours_ago: float) -> Report:
    draft = ReportDraft(channel="35", reporter_type="neighbour", district=QIDU, narrative="x",
                        urgency=urgency, concerns=["elder"],
                        persons=[PersonDraft(role="victim", name=f"張{urgency}")])  # fmt: skip
    received = timezone.now() - dt.timedelta(hours=hours_ago)
    report, _people = report_create(principal=city.principal(city.screener), draft=draft,
                                    received_at=received)  # fmt: skip
    return report


def test_the_queue_puts_immediate_danger_before_older_normal_reports(city: City) -> None:
    old_normal = _filed(city, "normal", 20)
    older_normal = _filed(city, "normal", 22)
    high = _filed(city, "high", 5)
    immediate = _filed(city, "immediate", 0.1)
    queue = list(report_queue(city.principal(city.screener), QueueFilters()))
    assert [r.pk for r in queue] == [immediate.pk, high.pk, older_normal.pk, old_normal.pk]
    page = city.client_for(city.screener).get("/queue/").content.decode()
    assert page.index(immediate.number) < page.index(older_normal.number)


# --- 4. the merge choice and a second case of one service -------------------------------------


def test_the_merge_choice_names_service_unit_worker_date_and_members(city: City) -> None:
    case = _open_case(city)
    report = file_report(city)
    page = city.client_for(city.screener).get(f"/reports/{report.pk}/decide/").content.decode()
    opened = format_roc(timezone.localtime(case.opened_at).date())
    select = re.search(r'<select name="merge_case".*?</select>', page, flags=re.S)
    assert select is not None
    option = re.search(rf'<option value="{case.pk}">([^<]*)</option>', select.group(0))
    assert option is not None, select.group(0)
    for part in (case.number, "脆弱家庭", "七堵社福中心", "worker", opened, "林美玲"):
        assert part in option.group(1), (part, option.group(1))


def test_a_second_case_of_a_service_the_family_has_open_must_be_confirmed(city: City) -> None:
    case = _open_case(city)
    report = file_report(city)
    error = refused("open_case_same_service", lambda: _screen(city, report))
    assert case.number in error.message and "beside_open_case" in error.field_errors
    assert Report.objects.get(pk=report.pk).status == "received"
    dispatch = _screen(city, report, DecisionDraft(outcome="vulnerable_family",
                                                   vulnerable_areas=["economic"],
                                                   beside_open_case=True))  # fmt: skip
    assert dispatch is not None
    row = AuditEvent.objects.get(action="decide", object_id=str(report.pk))
    assert row.detail["beside_open_cases"] == [case.pk]


def test_another_service_for_a_family_with_an_open_case_needs_no_confirming(city: City) -> None:
    _open_case(city)
    report = file_report(city, concerns=("child",))
    dispatch = _screen(city, report, CHILD)
    assert dispatch is not None
    row = AuditEvent.objects.get(action="decide", object_id=str(report.pk))
    assert "beside_open_cases" not in row.detail


def test_the_decision_page_warns_of_the_open_case_before_dispatching(city: City) -> None:
    case = _open_case(city)
    report = file_report(city)
    client = city.client_for(city.screener)
    page = client.get(f"/reports/{report.pk}/decide/").content.decode()
    assert "本通報當事人的開案中個案" in page and f"/cases/{case.pk}/" in page
    response = client.post(f"/reports/{report.pk}/decide/",
                           {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"]})  # fmt: skip
    assert response.status_code == 200 and case.number in response.content.decode()
    assert not Dispatch.objects.filter(report=report).exists()
    confirmed = client.post(f"/reports/{report.pk}/decide/", {
        "outcome": "vulnerable_family", "vulnerable_areas": ["economic"],
        "beside_open_case": "on"})  # fmt: skip
    assert confirmed.status_code == 302 and Dispatch.objects.filter(report=report).exists()


# --- 7. a reporter follows what they filed ----------------------------------------------------


def _filed_by_police(city: City) -> Report:
    draft = ReportDraft(channel="24", reporter_type="mandated_police", district=QIDU,
                        narrative="家中爭吵。", urgency="normal", concerns=["family"],
                        persons=[PersonDraft(role="victim", name="林美玲")])  # fmt: skip
    report, _people = report_create(principal=city.principal(city.police), draft=draft)
    return report


def test_a_police_officer_follows_each_report_step_by_step(city: City) -> None:
    waiting, dispatched, accepted = (_filed_by_police(city) for _ in range(3))
    _screen(city, dispatched)
    accepted_dispatch = _screen(city, accepted, replace(FAMILY, beside_open_case=True))
    assert accepted_dispatch is not None
    dispatch_accept(principal=city.principal(city.worker), dispatch_id=accepted_dispatch.pk,
                    worker_id=city.worker.pk)  # fmt: skip
    client = city.client_for(city.police)
    home = client.get("/").content.decode()
    assert 'href="/reports/mine/"' in home  # reachable from the navigation
    response = client.get("/reports/mine/")
    steps = {r.pk: [(s.label, s.state) for s in st] for r, st in response.context["rows"]}
    assert [state for _label, state in steps[waiting.pk]] == ["current", "ahead", "ahead", "ahead"]
    assert [state for _label, state in steps[dispatched.pk]] == ["done", "done", "current", "ahead"]
    assert [state for _label, state in steps[accepted.pk]] == ["done", "done", "done", "current"]
    page = _text(response.content.decode())
    assert "已收件" in page and "派案" in page and "受案" in page
    for hidden in ("七堵社福中心", "C0000", "worker", "脆弱家庭"):  # no case or index content
        assert hidden not in page, hidden


def test_the_form_starts_as_a_police_officer_reports(city: City) -> None:
    form = city.client_for(city.police).get("/reports/new/").context["form"]
    assert form["reporter_type"].value() == "mandated_police" and form["channel"].value() == "24"
    assert form["reporter_name"].value() == "police" and form["reporter_organisation"].value()


def test_adding_a_person_keeps_what_was_typed_and_saves_nothing(city: City) -> None:
    data = {"submission": str(uuid.uuid4()), "channel": "24", "reporter_type": "mandated_police",
            "district": QIDU, "narrative": "x", "urgency": "normal",
            "persons-TOTAL_FORMS": "5", "persons-INITIAL_FORMS": "0",
            "persons-MIN_NUM_FORMS": "1", "persons-MAX_NUM_FORMS": "20",
            "persons-4-role": "child", "persons-4-name": "第五人", "persons-4-sex": "U",
            "add_person": "1"}  # fmt: skip
    page = city.client_for(city.police).post("/reports/new/", data).content.decode()
    assert 'name="persons-5-name"' in page and 'value="第五人"' in page
    assert not Report.objects.exists()
