"""Referrals, co-working and transfers: sent by the lead unit, answered by the receiver with the
ministry's codes, not done until the sender has seen the outcome; late ones flagged; an accepted
transfer moves the lead and keeps its history; the former lead reads the case for a while."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.handoffs import (
    handoff_answer,
    handoff_seen,
    handoff_send,
    is_escalated,
    is_late,
)
from safetynet.cases.models import CaseEvent, CaseUnit, Handoff
from safetynet.cases.selectors import case_list_visible_to
from tests.cases.test_services import accepted
from tests.conftest import City, refused


def test_a_referral_to_a_unit_is_answered_completed_and_seen(city: City) -> None:
    case = accepted(city)
    w = city.principal(city.worker)
    mhc = city.units["KL-MHC"]
    sent = handoff_send(principal=w, case_id=case.pk, kind="referral", note="請評估案母情緒",
                        to_unit_id=mhc.pk)  # fmt: skip
    assert sent.status == "pending" and sent.reply_by > sent.sent_at
    mh = staff_create(username="mh", password="x" * 12, display_name="mh", unit=mhc,
                      role=Role.MH_SOCIAL_WORKER)  # fmt: skip
    m = city.principal(mh)
    refused("forbidden", lambda: handoff_answer(principal=w, handoff_id=sent.pk, version=1,
                                                status="accepted"))  # fmt: skip
    refused("not_found", lambda: handoff_answer(principal=city.principal(city.other_worker),
                                                handoff_id=sent.pk, version=1, status="accepted"))  # fmt: skip
    refused("invalid", lambda: handoff_answer(principal=m, handoff_id=sent.pk, version=1,
                                              status="completed"))  # fmt: skip
    refused("invalid", lambda: handoff_answer(principal=m, handoff_id=sent.pk, version=1,
                                              status="not-accepted", answer=""))  # fmt: skip
    refused("not_answered", lambda: handoff_seen(principal=w, handoff_id=sent.pk))
    handoff_answer(principal=m, handoff_id=sent.pk, version=1, status="accepted", answer="受案")
    assert refused("stale", lambda: handoff_answer(principal=m, handoff_id=sent.pk, version=1,
                                                   status="completed")).conflict  # fmt: skip
    done = handoff_answer(principal=m, handoff_id=sent.pk, version=2, status="completed",
                          answer="已完成評估")  # fmt: skip
    assert done.status == "completed" and done.seen_at is None
    refused("forbidden", lambda: handoff_seen(principal=m, handoff_id=sent.pk))
    assert handoff_seen(principal=w, handoff_id=sent.pk).seen_at is not None
    handoff_seen(principal=w, handoff_id=sent.pk)  # again: nothing more
    actions = list(AuditEvent.objects.filter(action__startswith="handoff.")
                   .order_by("pk").values_list("action", "detail"))  # fmt: skip
    assert actions == [
        ("handoff.send", {"handoff": sent.pk, "kind": "referral"}),
        ("handoff.answer", {"handoff": sent.pk, "status": "accepted"}),
        ("handoff.answer", {"handoff": sent.pk, "status": "completed"}),
        ("handoff.seen", {"handoff": sent.pk}),
    ]


def test_a_referral_outside_the_city_is_answered_by_its_sender(city: City) -> None:
    case = accepted(city)
    w = city.principal(city.worker)
    sent = handoff_send(principal=w, case_id=case.pk, kind="referral", note="課後照顧",
                        to_organisation="某某兒童福利基金會")  # fmt: skip
    handoff_answer(
        principal=w, handoff_id=sent.pk, version=1, status="accepted", answer="電話回覆受案"
    )
    assert Handoff.objects.get().answered_by == city.worker


def test_bad_handoffs_are_refused_and_change_nothing(city: City) -> None:
    case = accepted(city)
    w = city.principal(city.worker)
    dv = city.units["KL-DV"].pk

    def send(**kw: object) -> object:
        values: dict[str, object] = {"kind": "referral", "note": "x", "to_unit_id": dv}
        return lambda: handoff_send(principal=w, case_id=case.pk, **{**values, **kw})  # type: ignore[arg-type]

    refused("invalid", send(note=" "))
    refused("invalid", send(kind="wish"))
    refused("invalid", send(to_unit_id=None))
    refused("invalid", send(to_organisation="某基金會"))  # both a unit and an organisation
    refused("invalid", send(kind="transfer", to_unit_id=None, to_organisation="某基金會"))
    refused("invalid", send(to_unit_id=case.lead_unit_id))
    refused("invalid", send(to_unit_id=999999))
    refused("not_found", lambda: handoff_send(principal=city.principal(city.other_worker),
                                              case_id=case.pk, kind="referral", note="x",
                                              to_unit_id=dv))  # fmt: skip
    refused("forbidden", lambda: handoff_send(principal=city.principal(city.screener),
                                              case_id=case.pk, kind="referral", note="x",
                                              to_unit_id=dv))  # fmt: skip
    assert not Handoff.objects.exists()
    handoff_send(principal=w, case_id=case.pk, kind="transfer", note="安全無虞", to_unit_id=dv)
    assert refused("pending_transfer", send(kind="transfer")).conflict


def test_an_accepted_transfer_moves_the_lead_and_the_former_lead_reads_for_a_while(
    city: City,
) -> None:
    case = accepted(city)
    w = city.principal(city.worker)
    zx = city.units["KL-FWC-ZX"]
    sent = handoff_send(principal=w, case_id=case.pk, kind="transfer", note="搬家至中正區",
                        to_unit_id=zx.pk)  # fmt: skip
    other = city.principal(city.other_worker)
    refused("bad_worker", lambda: handoff_answer(principal=other, handoff_id=sent.pk, version=1,
                                                 status="accepted", worker_id=city.worker.pk))  # fmt: skip
    handoff_answer(principal=other, handoff_id=sent.pk, version=1, status="accepted",
                   worker_id=city.other_worker.pk)  # fmt: skip
    case.refresh_from_db()
    assert (case.lead_unit, case.worker) == (zx, city.other_worker)
    leads = list(CaseUnit.objects.filter(case=case, role="lead").values_list("unit__code", "until"))
    assert leads[0][0] == "KL-FWC-QD" and leads[0][1] is not None
    assert leads[1] == ("KL-FWC-ZX", None)
    assert CaseEvent.objects.filter(case=case, kind="lead").count() == 1
    # The new lead works it; the former lead reads it, then no more after the grace period.
    refused("forbidden", lambda: handoff_send(principal=w, case_id=case.pk, kind="referral",
                                              note="x", to_unit_id=city.units["KL-DV"].pk))  # fmt: skip
    assert case_list_visible_to(w).filter(pk=case.pk).exists()
    assert city.client_for(city.worker).get(f"/cases/{case.pk}/").status_code == 200
    CaseUnit.objects.filter(case=case, unit__code="KL-FWC-QD").update(
        until=timezone.now() - dt.timedelta(days=31)
    )
    assert not case_list_visible_to(w).filter(pk=case.pk).exists()


def test_an_accepted_co_working_request_adds_the_unit(city: City) -> None:
    case = accepted(city)
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="cowork",
                        note="請共同訪視", to_unit_id=city.units["KL-DV"].pk)  # fmt: skip
    handoff_answer(principal=city.principal(city.dv_worker), handoff_id=sent.pk, version=1,
                   status="accepted")  # fmt: skip
    assert CaseUnit.objects.filter(case=case, role="cowork", unit__code="KL-DV").exists()


def test_late_answers_are_flagged_and_then_told_to_the_supervisor(city: City) -> None:
    case = accepted(city)
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                        note="x", to_unit_id=city.units["KL-DV"].pk)  # fmt: skip
    assert not is_late(sent, timezone.now())
    later = sent.reply_by + dt.timedelta(days=1)
    assert is_late(sent, later) and not is_escalated(sent, later)
    assert is_escalated(sent, sent.reply_by + dt.timedelta(days=8))
    Handoff.objects.filter(pk=sent.pk).update(reply_by=timezone.now() - dt.timedelta(days=1))
    week = city.client_for(city.worker).get("/cases/week/").content.decode()
    assert "逾期未回覆的轉介" in week
    dv_week = city.client_for(city.dv_worker).get("/cases/week/").content.decode()
    assert "逾期未回覆的轉介" in dv_week  # the receiving side too


def test_the_referral_pages(city: City) -> None:
    case = accepted(city)
    client = city.client_for(city.worker)
    form = {"submission": str(uuid.uuid4()), "kind": "referral", "to_unit": city.units["KL-DV"].pk,
            "note": "請協助安全評估"}  # fmt: skip
    assert client.post(f"/cases/{case.pk}/handoffs/", form).status_code == 302
    assert client.post(f"/cases/{case.pk}/handoffs/", form).status_code == 302
    sent = Handoff.objects.get()
    dv = city.client_for(city.dv_worker)
    inbox = dv.get("/referrals/").content.decode()
    assert "請協助安全評估" not in inbox and f"/referrals/{sent.pk}/" in inbox
    page = dv.get(f"/referrals/{sent.pk}/").content.decode()
    assert "請協助安全評估" in page and "儲存回覆" in page
    # Only the answers that apply now are offered.
    assert 'value="accepted"' in page and 'value="pending"' not in page
    assert 'value="completed"' not in page
    answer = {"submission": str(uuid.uuid4()), "version": 1, "status": "not-accepted", "answer": ""}
    bad = dv.post(f"/referrals/{sent.pk}/", answer)
    assert bad.status_code == 400 and "請填寫理由" in bad.content.decode()
    ok = dv.post(f"/referrals/{sent.pk}/", {**answer, "answer": "非本中心服務對象"})
    assert ok.status_code == 302
    assert client.post(f"/referrals/{sent.pk}/seen/").status_code == 302
    assert Handoff.objects.get().seen_at is not None
    for outsider in (city.other_worker, city.police, city.screener):
        assert city.client_for(outsider).get(f"/referrals/{sent.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="read", object_type="handoff").count() == 2


def test_a_declined_transfer_is_disputed_and_the_desk_decides(city: City) -> None:
    from safetynet.cases.handoffs import dispute_decide, dispute_raise

    case = accepted(city)
    w = city.principal(city.worker)
    zx = city.units["KL-FWC-ZX"]
    sent = handoff_send(principal=w, case_id=case.pk, kind="transfer", note="搬家",
                        to_unit_id=zx.pk)  # fmt: skip
    refused("wrong_status", lambda: dispute_raise(principal=w, handoff_id=sent.pk, reason="x"))
    handoff_answer(principal=city.principal(city.other_worker), handoff_id=sent.pk, version=1,
                   status="not-accepted", answer="戶籍仍在七堵")  # fmt: skip
    refused("invalid", lambda: dispute_raise(principal=w, handoff_id=sent.pk, reason=" "))
    refused("forbidden", lambda: dispute_raise(principal=city.principal(city.other_worker),
                                               handoff_id=sent.pk, reason="x"))  # fmt: skip
    dispute = dispute_raise(principal=w, handoff_id=sent.pk, reason="案家已實際居住中正區")
    assert dispute.decide_by > dispute.raised_at
    assert refused("already_disputed", lambda: dispute_raise(principal=w, handoff_id=sent.pk,
                                                             reason="x")).conflict  # fmt: skip
    assert "dispute" in set(city.supervisor.notices.values_list("kind", flat=True))
    desk = city.principal(city.supervisor)
    refused("not_found", lambda: dispute_decide(principal=w, dispute_id=dispute.pk,
                                                lead_unit_id=zx.pk, note="x"))  # fmt: skip
    refused("invalid", lambda: dispute_decide(principal=desk, dispute_id=dispute.pk,
                                              lead_unit_id=city.units["KL-DV"].pk, note="x"))  # fmt: skip
    page = city.client_for(city.supervisor).get("/disputes/").content.decode()
    assert case.number in page and "案家已實際居住中正區" in page
    decided = dispute_decide(principal=desk, dispute_id=dispute.pk, lead_unit_id=zx.pk,
                             note="依實際居住地")  # fmt: skip
    case.refresh_from_db()
    assert decided.lead == zx and case.lead_unit == zx and case.worker is None
    # The new lead's supervisor assigns a worker.
    from safetynet.cases.handoffs import case_assign

    zx_sup = staff_create(username="zxsup", password="x" * 12, display_name="zxsup", unit=zx,
                          role=Role.SUPERVISOR)  # fmt: skip
    refused("bad_worker", lambda: case_assign(principal=city.principal(zx_sup), case_id=case.pk,
                                              worker_id=city.worker.pk, version=case.version))  # fmt: skip
    assigned = case_assign(principal=city.principal(zx_sup), case_id=case.pk,
                           worker_id=city.other_worker.pk, version=case.version)  # fmt: skip
    assert assigned.worker == city.other_worker
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))[-2:] == [
        "lead", "worker"]  # fmt: skip
    assert city.client_for(city.worker).get("/disputes/").status_code == 404
