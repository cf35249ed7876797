"""Case pages: who sees what, the steps on the page, forms that refuse bad input in the user's
language, double submits done once, stale edits refused; "my week" and the unit's week."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from safetynet.audit.models import AuditEvent
from safetynet.cases.models import CaseStatus, Contact
from tests.cases.test_services import CHILD, accepted, step
from tests.conftest import City


def test_the_case_page_is_for_the_lead_unit_and_the_desk_only(city: City) -> None:
    case = accepted(city)
    url = f"/cases/{case.pk}/"
    page = city.client_for(city.worker).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "提出開案評估" in text and "法定時限" in text and "評估報告" in text
    assert "面訪家庭" in text  # the vulnerable-family home-visit window, by its label
    desk = city.client_for(city.screener).get(url).content.decode()
    assert "提出開案評估" not in desk and "登錄聯繫或訪視" not in desk  # the desk reads only
    for outsider in (city.other_worker, city.police, city.dv_worker, None):
        assert city.client_for(outsider).get(url).status_code in (302, 404)
    assert AuditEvent.objects.filter(action="read", object_type="case").count() == 2


def test_a_step_on_the_page_is_done_once_and_a_stale_one_is_refused(city: City) -> None:
    case = accepted(city)
    client = city.client_for(city.worker)
    form = {"submission": str(uuid.uuid4()), "version": case.version, "decision": "Y",
            "reason": "評估後建議開案"}  # fmt: skip
    url = f"/cases/{case.pk}/steps/propose_open/"
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # the same submit again
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN_REVIEW and case.events.count() == 2
    stale = client.post(url, {**form, "submission": str(uuid.uuid4())})
    assert stale.status_code == 409 and "已有人修改此案件" in stale.content.decode()
    supervisor = city.client_for(city.unit_supervisor)
    approve = f"/cases/{case.pk}/steps/approve_open/"
    assert "核定開案評估" in supervisor.get(f"/cases/{case.pk}/").content.decode()
    answer = supervisor.post(approve, {"submission": str(uuid.uuid4()), "version": case.version})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SERVICE
    assert client.post(f"/cases/{case.pk}/steps/nonsense/", form).status_code == 404
    assert client.get(url).status_code == 405


def test_a_reason_left_out_is_said_in_chinese(city: City) -> None:
    case = accepted(city)
    page = city.client_for(city.worker).post(
        f"/cases/{case.pk}/steps/propose_open/",
        {"submission": str(uuid.uuid4()), "version": case.version, "decision": "Y", "reason": ""},
    )
    assert page.status_code == 400 and "請填寫理由" in page.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT


def test_a_contact_is_recorded_from_the_page(city: City) -> None:
    case = accepted(city)
    client = city.client_for(city.worker)
    # Now (to the minute): the case's window starts on the local day it was received.
    at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    form = {"submission": str(uuid.uuid4()), "at": at, "method": "B", "target": "0",
            "place": "案家", "notes": "家訪，案主在家。", "joint_units": [city.units["KL-MHC"].pk]}  # fmt: skip
    assert client.post(f"/cases/{case.pk}/contacts/", form).status_code == 302
    assert client.post(f"/cases/{case.pk}/contacts/", form).status_code == 302
    assert Contact.objects.count() == 1
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "家訪，案主在家。" in page and "社區心理衛生中心" in page and "已完成" in page
    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post(f"/cases/{case.pk}/contacts/",
                      {**form, "submission": str(uuid.uuid4()), "at": future})  # fmt: skip
    assert bad.status_code == 400 and "聯繫時間不能是未來" in bad.content.decode()
    odd = client.post(f"/cases/{case.pk}/contacts/", {**form, "submission": "x", "method": "Q"})
    assert odd.status_code == 400
    assert Contact.objects.count() == 1
    other = city.client_for(city.other_worker)
    assert other.post(f"/cases/{case.pk}/contacts/",
                      {**form, "submission": str(uuid.uuid4())}).status_code == 404  # fmt: skip


def test_my_week_lists_what_is_due_and_the_units_week_the_caseload(city: City) -> None:
    received = timezone.now() - dt.timedelta(hours=30)
    late = accepted(city, CHILD, received_at=received)
    mine = city.client_for(city.dv_worker).get("/cases/week/")
    text = mine.content.decode()
    assert mine.status_code == 200 and late.number in text and "逾期" in text
    assert "親見（面訪）" in text
    own = accepted(city, received_at=timezone.now() - dt.timedelta(days=5))
    week = city.client_for(city.worker).get("/cases/week/").content.decode()
    assert own.number in week and late.number not in week
    step(city, city.worker, own, "propose_open", "開案", "Y")
    team = city.client_for(city.unit_supervisor).get("/cases/week/").content.decode()
    assert "本單位本週待辦" in team and "案量" in team and own.number in team
    for nobody in (city.police, city.screener, city.analyst):
        assert city.client_for(nobody).get("/cases/week/").status_code == 404
    assert AuditEvent.objects.filter(action="list", object_type="case").exists()


def test_the_dispatch_page_shows_the_units_own_legal_clocks(city: City) -> None:
    from safetynet.intake.models import Dispatch
    from safetynet.intake.services import decision_record
    from tests.conftest import file_report

    report = file_report(city, concerns=("child",), areas=())
    decision = decision_record(principal=city.principal(city.screener), report_id=report.pk,
                               draft=CHILD)  # fmt: skip
    dispatch = Dispatch.objects.get(decision=decision)
    page = city.client_for(city.dv_worker).get(f"/dispatches/{dispatch.pk}/").content.decode()
    assert "本單位處理時限: 親見（面訪）" in page and "本單位處理時限: 調查報告" in page


def test_a_long_case_shows_its_latest_contacts_and_all_on_asking(city: City) -> None:
    from safetynet.cases.services import contact_record
    from tests.cases.test_services import visit

    case = accepted(city)
    start = timezone.now() - dt.timedelta(days=60)
    for n in range(35):
        contact_record(principal=city.principal(city.worker), case_id=case.pk,
                       draft=visit(at=start + dt.timedelta(days=n), notes=f"第{n}次"))  # fmt: skip
    client = city.client_for(city.worker)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "第34次" in page and "第4次<" not in page and "顯示全部 35 筆聯繫紀錄" in page
    assert "第4次<" in client.get(f"/cases/{case.pk}/?contacts=all").content.decode()


def test_a_contact_is_corrected_on_its_page_and_a_late_correction_keeps_the_earlier(
    city: City,
) -> None:
    from safetynet.cases.models import ContactRevision
    from safetynet.cases.services import contact_record
    from tests.cases.test_services import visit

    case = accepted(city)
    contact = contact_record(principal=city.principal(city.worker), case_id=case.pk,
                             draft=visit(notes="初版"))  # fmt: skip
    Contact.objects.filter(pk=contact.pk).update(recorded_at=timezone.now() - dt.timedelta(days=8))
    client = city.client_for(city.worker)
    url = f"/cases/{case.pk}/contacts/{contact.pk}/"
    # Now (to the minute): the case's window starts on the local day it was received.
    at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    form = {"submission": str(uuid.uuid4()), "version": 1, "at": at, "method": "B", "target": "0",
            "notes": "更正後"}  # fmt: skip
    assert client.post(url, form).status_code == 302
    assert ContactRevision.objects.get().content["notes"] == "初版"
    page = client.get(url).content.decode()
    assert "先前版本" in page and "初版" in page
    stale = client.post(url, {**form, "submission": str(uuid.uuid4()), "notes": "第二個分頁"})
    text = stale.content.decode()
    assert stale.status_code == 409 and "已有人修改此筆訪視紀錄" in text
    assert (
        "第二個分頁" in text and "更正後" in text and "員工" not in text.split("最後修改者")[0][-5:]
    )
    contact.refresh_from_db()
    assert contact.version == 2 and contact.notes == "更正後"  # nothing changed
    # Reapplying sends the same fields on the stored version, once.
    reapply = dict(stale.context["conflict"].reapply)
    assert reapply["version"] == "2" and reapply["notes"] == "第二個分頁"
    assert client.post(url, reapply).status_code == 302
    assert client.post(url, reapply).status_code == 302  # the same submit again acts once
    contact.refresh_from_db()
    assert contact.version == 3 and contact.notes == "第二個分頁"
    assert city.client_for(city.other_worker).get(url).status_code == 404
