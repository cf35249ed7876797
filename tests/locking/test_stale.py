"""Optimistic locking on every editable record (docs/locking.md): an edit made on an older
version is refused with both versions (what was submitted, what is stored, who changed it and
when) and changes nothing; the API answers both in its 409; pages show both and reapply."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from safetynet.agencies.models import Role, Staff, Unit
from safetynet.agencies.services import staff_create
from safetynet.cases.breakglass import breakglass_open, breakglass_review
from safetynet.cases.handoffs import case_assign, handoff_answer, handoff_send
from safetynet.cases.models import Case, Contact, Handoff, Plan, Tracked
from safetynet.cases.plans import ActionDraft, plan_write
from safetynet.cases.services import (
    StepDraft,
    case_set_schedule,
    case_step,
    contact_edit,
    contact_record,
)
from safetynet.cases.tracking import track, track_update
from safetynet.core.conflict import StaleEdit
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.investigations import investigation_start, investigation_visit
from safetynet.intake.models import Investigation, Report
from safetynet.intake.services import decision_record
from safetynet.rules.models import RuleVersion
from safetynet.rules.services import rule_draft, rule_draft_update
from tests.cases.test_services import accepted, visit
from tests.conftest import PASSWORD, City, file_report, refused

pytestmark = pytest.mark.django_db


def stale(code: str, action: Any) -> StaleEdit:
    """`action` refused as a stale edit (409) carrying both versions."""
    error = refused(code, action)
    assert isinstance(error, StaleEdit) and error.status == 409
    return error


def shown(error: StaleEdit) -> tuple[dict[str, str], dict[str, str]]:
    """(submitted, stored) values by label, as the API answers them."""
    body = error.as_json()
    return body["submitted"]["fields"], body["stored"]["fields"]


def test_a_stale_case_step_schedule_and_assignment_change_nothing(city: City) -> None:
    case = accepted(city)
    w, sup = city.principal(city.worker), city.principal(city.unit_supervisor)
    case_step(principal=w, case_id=case.pk, step="propose_open",
              draft=StepDraft(1, "評估後建議開案", "Y"))  # fmt: skip
    error = stale("stale", lambda: case_step(principal=w, case_id=case.pk, step="propose_open",
                                             draft=StepDraft(1, "第二個分頁", "Y")))  # fmt: skip
    mine, stored = shown(error)
    assert mine["理由"] == "第二個分頁" and stored["狀態"] == str(
        Case.objects.get().get_status_display()
    )
    assert error.stored.version == 2 and error.submitted.version == 1
    assert error.stored.by == city.worker.display_name and error.stored.at is not None
    stale("stale", lambda: case_set_schedule(principal=w, case_id=case.pk, version=1, category="",
                                             schedule_start=timezone.localdate()))  # fmt: skip
    other = staff_create(username="w2", password=PASSWORD, display_name="乙社工",
                         unit=case.lead_unit, role=Role.CASE_WORKER)  # fmt: skip
    error = stale("stale", lambda: case_assign(principal=sup, case_id=case.pk, worker_id=other.pk,
                                               version=1))  # fmt: skip
    assert shown(error)[0]["社工"] == "乙社工"
    after = Case.objects.get(pk=case.pk)
    assert (after.version, after.worker_id, after.schedule_start) == (2, city.worker.pk,
                                                                     case.schedule_start)  # fmt: skip
    assert after.events.filter(reason="第二個分頁").count() == 0


def test_a_stale_contact_edit_changes_nothing(city: City) -> None:
    case = accepted(city)
    w = city.principal(city.worker)
    contact = contact_record(principal=w, case_id=case.pk, draft=visit(notes="初版"))
    contact_edit(principal=w, contact_id=contact.pk, version=1, draft=visit(notes="第一個分頁"))
    error = stale("stale", lambda: contact_edit(principal=w, contact_id=contact.pk, version=1,
                                                draft=visit(notes="第二個分頁")))  # fmt: skip
    mine, stored = shown(error)
    assert mine["紀錄內容"] == "第二個分頁" and stored["紀錄內容"] == "第一個分頁"
    assert error.stored.by == city.worker.display_name
    assert Contact.objects.get(pk=contact.pk).notes == "第一個分頁"


def test_a_stale_handoff_answer_changes_nothing(city: City) -> None:
    case = accepted(city)
    mhc = city.units["KL-MHC"]
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                        note="請評估", to_unit_id=mhc.pk)  # fmt: skip
    mh = city.principal(staff_create(username="mh", password=PASSWORD, display_name="心衛社工",
                                     unit=mhc, role=Role.MH_SOCIAL_WORKER))  # fmt: skip
    handoff_answer(principal=mh, handoff_id=sent.pk, version=1, status="accepted", answer="受案")
    error = stale("stale", lambda: handoff_answer(principal=mh, handoff_id=sent.pk, version=1,
                                                  status="not-accepted", answer="另一分頁"))  # fmt: skip
    assert shown(error)[1]["回覆"] == "受案" and error.stored.by == "心衛社工"
    after = Handoff.objects.get(pk=sent.pk)
    assert (after.status, after.answer, after.version) == ("accepted", "受案", 2)


def test_a_stale_plan_edit_changes_nothing(city: City) -> None:
    case = accepted(city)
    w = city.principal(city.worker)
    action = [
        ActionDraft("每週家訪", city.worker.unit_id, timezone.localdate() + dt.timedelta(days=30))
    ]
    plan = plan_write(principal=w, case_id=case.pk, goals="穩定就學", actions=action)
    plan_write(principal=w, case_id=case.pk, goals="第一個分頁", actions=action, plan_id=plan.pk,
               version=1)  # fmt: skip
    error = stale("stale", lambda: plan_write(principal=w, case_id=case.pk, goals="第二個分頁",
                                              actions=action, plan_id=plan.pk, version=1))  # fmt: skip
    assert (
        shown(error)[0]["處遇目標"] == "第二個分頁" and shown(error)[1]["處遇目標"] == "第一個分頁"
    )
    assert Plan.objects.get(pk=plan.pk).goals == "第一個分頁"


def test_a_stale_tracking_update_changes_nothing(city: City) -> None:
    case = accepted(city)
    sup = city.principal(city.supervisor)
    soon = timezone.localdate() + dt.timedelta(days=7)
    item = track(principal=sup, case_id=case.pk, reason="媒體關注", next_step="研討", due_on=soon)
    track_update(principal=sup, tracked_id=item.pk, version=1, next_step="第一個分頁", due_on=soon)
    error = stale("stale", lambda: track_update(principal=sup, tracked_id=item.pk, version=1,
                                                next_step="第二個分頁", due_on=soon))  # fmt: skip
    assert shown(error)[1]["下一步"] == "第一個分頁"
    assert Tracked.objects.get(pk=item.pk).next_step == "第一個分頁"


def test_a_stale_breakglass_review_changes_nothing(city: City) -> None:
    case = accepted(city)
    zr = city.units["KL-FWC-ZR"]
    glass = city.principal(staff_create(username="zr", password=PASSWORD, display_name="zr",
                                        unit=zr, role=Role.CASE_WORKER))  # fmt: skip
    head = city.principal(staff_create(username="zrhead", password=PASSWORD, display_name="督導",
                                       unit=zr, role=Role.SUPERVISOR))  # fmt: skip
    grant = breakglass_open(
        principal=glass, case_id=case.pk, reason="夜間接獲求助電話，須立即確認家庭狀況"
    )
    error = stale("stale", lambda: breakglass_review(principal=head, grant_id=grant.pk,
                                                     justified=True, note="", version=7))  # fmt: skip
    assert error.stored.version == 1
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_a_stale_investigation_visit_changes_nothing(city: City) -> None:
    report = file_report(city, concerns=("child",), areas=())
    item = investigation_start(principal=city.principal(city.screener), report_id=report.pk,
                               investigator_id=city.supervisor.pk)  # fmt: skip
    lead = city.principal(city.supervisor)
    when = timezone.now() - dt.timedelta(hours=2)
    investigation_visit(principal=lead, investigation_id=item.pk, version=1, visited_at=when,
                        note="第一個分頁")  # fmt: skip
    error = stale("stale", lambda: investigation_visit(principal=lead, investigation_id=item.pk,
                                                       version=1, visited_at=when,
                                                       note="第二個分頁"))  # fmt: skip
    assert (
        shown(error)[1]["紀錄內容"] == "第一個分頁" and shown(error)[0]["紀錄內容"] == "第二個分頁"
    )
    assert Investigation.objects.get(pk=item.pk).visit_note == "第一個分頁"


def test_a_report_screened_meanwhile_shows_both_decisions(city: City) -> None:
    report = file_report(city)
    desk = city.principal(city.screener)
    decision_record(principal=desk, report_id=report.pk,
                    draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"],
                                        note="第一位篩案員"))  # fmt: skip
    error = stale("already_screened", lambda: decision_record(
        principal=city.principal(city.supervisor), report_id=report.pk,
        draft=DecisionDraft(outcome="no_case", no_case_reason="x", note="第二位")))  # fmt: skip
    mine, stored = shown(error)
    assert mine["備註"] == "第二位" and stored["備註"] == "第一位篩案員"
    assert error.stored.by == city.screener.display_name and not error.reapply
    assert Report.objects.get(pk=report.pk).decisions.count() == 1


def test_the_api_answers_a_stale_edit_with_both_versions(city: City) -> None:
    report = file_report(city)
    desk = city.client_for(city.screener)
    url = f"/api/v1/reports/{report.pk}/decision"

    def post(body: dict[str, Any], key: str) -> Any:
        return desk.post(url, json.dumps(body), content_type="application/json",
                         headers={"Idempotency-Key": key, "Accept-Language": "zh-hant"})  # fmt: skip

    first = {"outcome": "vulnerable_family", "vulnerable_areas": ["economic"], "note": "甲"}
    assert post(first, "a").status_code == 201
    assert post(first, "a").status_code == 201  # the same call again acts once
    answer = post({"outcome": "no_case", "no_case_reason": "x", "note": "乙"}, "b")
    body = answer.json()
    assert answer.status_code == 409 and body["code"] == "already_screened"
    assert body["submitted"]["fields"]["備註"] == "乙" and body["stored"]["fields"]["備註"] == "甲"
    assert body["stored"]["changed_by"] == city.screener.display_name
    assert body["stored"]["changed_at"]
    assert Report.objects.get(pk=report.pk).decisions.count() == 1


def test_a_stale_rule_draft_edit_changes_nothing(city: City) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind="intake.thresholds")
    content = draft.content
    RuleVersion.objects.filter(pk=draft.pk).update(revision=draft.revision + 1, note="另一分頁")
    error = stale("stale", lambda: rule_draft_update(
        actor=admin, version_id=draft.pk, revision=draft.revision,
        effective_from=timezone.localdate(), content=content, source="x", unsourced=False,
        note="我的"))  # fmt: skip
    assert shown(error)[0]["備註"] == "我的" and shown(error)[1]["備註"] == "另一分頁"
    assert error.field_name == "revision"
    assert RuleVersion.objects.get(pk=draft.pk).note == "另一分頁"


# --- the admin site: no locking of its own, a fingerprint of the row ---------------------------


def _change_page(client: Any, url: str) -> dict[str, Any]:
    page = client.get(url)
    assert page.status_code == 200
    return {"row_version": page.context["row_version"]}


def test_a_stale_admin_edit_of_a_unit_is_refused_and_changes_nothing(city: City) -> None:
    unit = city.units["KL-FWC-QD"]
    url = f"/admin/agencies/unit/{unit.pk}/change/"
    one, two = city.client_for(city.admin), city.client_for(city.admin2)
    base = {"code": unit.code, "agency": unit.agency_id, "name_en": unit.name_en,
            "kind": unit.kind, "catchment": list(unit.catchment.values_list("pk", flat=True))}  # fmt: skip
    seen_by_one, seen_by_two = _change_page(one, url), _change_page(two, url)
    assert one.post(url, {**base, **seen_by_one, "name": "第一個分頁"}).status_code == 302
    refused_page = two.post(url, {**base, **seen_by_two, "name": "第二個分頁"})
    text = refused_page.content.decode()
    assert refused_page.status_code == 409 and "第一個分頁" in text and "第二個分頁" in text
    assert city.admin.display_name in text  # who changed it
    assert Unit.objects.get(pk=unit.pk).name == "第一個分頁"
    # Reapplying sends the submission on the stored version.
    reapply = dict(refused_page.context["conflict"].reapply)
    assert two.post(url, {**reapply, "catchment": base["catchment"]}).status_code == 302
    assert Unit.objects.get(pk=unit.pk).name == "第二個分頁"
    # A change without the version it was made from is refused too.
    assert two.post(url, {**base, "name": "無版本"}).status_code == 409


def test_a_stale_admin_edit_of_staff_and_of_an_account_is_refused(city: City) -> None:
    staff = city.worker
    url = f"/admin/agencies/staff/{staff.pk}/change/"
    one, two = city.client_for(city.admin), city.client_for(city.admin2)
    base = {"user": staff.user_id, "unit": staff.unit_id, "role": staff.role}
    seen = _change_page(two, url)
    assert (
        one.post(url, {**base, **_change_page(one, url), "display_name": "甲"}).status_code == 302
    )
    assert two.post(url, {**base, **seen, "display_name": "乙"}).status_code == 409
    assert Staff.objects.get(pk=staff.pk).display_name == "甲"
    user = city.worker.user
    url = f"/admin/auth/user/{user.pk}/change/"
    seen = _change_page(two, url)
    User.objects.filter(pk=user.pk).update(email="first@example.org")
    account = {"username": user.username, "email": "second@example.org", "is_active": "on",
               "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00", **seen}  # fmt: skip
    assert two.post(url, account).status_code == 409
    assert User.objects.get(pk=user.pk).email == "first@example.org"
    # A login meanwhile is not a change of the account.
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    seen = _change_page(two, url)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() + dt.timedelta(minutes=1))
    assert two.post(url, {**account, **seen}).status_code == 302


def test_a_stale_family_lead_change_is_refused_and_changes_nothing(city: City) -> None:
    from safetynet.cases.familylead import current_lead, family_lead_set
    from tests.cases.test_familylead import _family

    home, _first, _second = _family(city)
    seen = current_lead(home.pk)
    assert seen is not None
    dv = city.units["KL-DV"].pk
    handed = family_lead_set(principal=city.principal(city.unit_supervisor),
                             household_id=home.pk, unit_id=dv, note="保護優先", seen=seen.pk)  # fmt: skip
    error = stale("stale", lambda: family_lead_set(
        principal=city.principal(city.supervisor), household_id=home.pk,
        unit_id=city.worker.unit_id, note="篩派案中心裁決", seen=seen.pk))  # fmt: skip
    mine, stored = shown(error)
    assert mine["理由"] == "篩派案中心裁決" and stored["理由"] == "保護優先"
    assert error.stored.version == str(handed.pk)
    lead = current_lead(home.pk)
    assert lead is not None and lead.pk == handed.pk
    # The page carries the lead it showed; a stale page gets the conflict page.
    page = city.client_for(city.supervisor).post(
        f"/families/{home.pk}/",
        {"unit": city.worker.unit_id, "note": "篩派案中心裁決", "seen": seen.pk},
    )
    assert page.status_code == 409 and "保護優先" in page.content.decode()
