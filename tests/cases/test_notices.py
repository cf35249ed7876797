"""Notifications: each event reaches the people it concerns once, links to it, carries no case
content; the overdue digest is one a day; mail goes out where the deployment turns it on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.utils import timezone

from safetynet.cases.handoffs import handoff_answer, handoff_send
from safetynet.cases.models import Notice
from safetynet.cases.notices import notify_overdue
from safetynet.cases.plans import plan_submit, plan_write
from safetynet.intake.drafts import DecisionDraft
from safetynet.intake.services import decision_record
from tests.cases.test_plans import actions
from tests.cases.test_services import CHILD, accepted, step
from tests.conftest import City, file_report


def kinds(staff: Any) -> list[str]:
    return sorted(Notice.objects.filter(recipient=staff).values_list("kind", flat=True))


def test_each_event_reaches_whom_it_concerns(city: City) -> None:
    report = file_report(city)
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    # The receiving unit's staff who answer dispatches.
    assert kinds(city.worker) == ["dispatch"] and kinds(city.unit_supervisor) == ["dispatch"]
    assert kinds(city.other_worker) == []
    Notice.objects.all().delete()
    case = accepted(city)
    again = file_report(city)  # the same family: a person of the worker's open case
    assert "re_report" in kinds(city.worker)
    decision_record(principal=city.principal(city.screener), report_id=again.pk,
                    draft=DecisionDraft(outcome="merge", merge_case=case.pk))  # fmt: skip
    assert "merged" in kinds(city.worker)
    step(city, city.worker, case, "propose_open", "開案", "Y")
    assert kinds(city.unit_supervisor).count("approval") == 1
    plan = plan_write(principal=city.principal(city.worker), case_id=case.pk, goals="g",
                      actions=actions(city))  # fmt: skip
    plan_submit(principal=city.principal(city.worker), plan_id=plan.pk, version=plan.version)
    assert kinds(city.unit_supervisor).count("approval") == 2
    sent = handoff_send(principal=city.principal(city.worker), case_id=case.pk, kind="referral",
                        note="x", to_unit_id=city.units["KL-DV"].pk)  # fmt: skip
    assert kinds(city.dv_worker) == ["handoff_received"]
    handoff_answer(principal=city.principal(city.dv_worker), handoff_id=sent.pk, version=1,
                   status="accepted")  # fmt: skip
    assert "handoff_answered" in kinds(city.worker)
    links = set(Notice.objects.values_list("link", flat=True))
    assert f"/cases/{case.pk}/" in links and f"/referrals/{sent.pk}/" in links


def test_the_overdue_digest_is_once_a_day_and_mail_goes_where_turned_on(
    city: City, settings: Any
) -> None:
    settings.SAFETYNET_NOTICE_EMAIL = True
    city.dv_worker.user.email = "dv@example.invalid"
    city.dv_worker.user.save()
    accepted(city, CHILD, received_at=timezone.now() - dt.timedelta(hours=30))
    Notice.objects.all().delete()
    assert notify_overdue() == 1
    assert notify_overdue() == 0  # the same day: nothing more
    notice = Notice.objects.get(recipient=city.dv_worker)
    assert (notice.kind, notice.link, notice.count) == ("overdue", "/cases/week/", 1)
    from safetynet.cases.notices import mail as send

    assert send("overdue", notice.key) == 1
    assert len(mail.outbox) == 1 and "/cases/week/" in mail.outbox[0].body
    assert notify_overdue(now=timezone.now() + dt.timedelta(days=1)) == 1


def test_the_notices_page_marks_read(city: City) -> None:
    report = file_report(city)
    decision_record(principal=city.principal(city.screener), report_id=report.pk,
                    draft=DecisionDraft(outcome="vulnerable_family", vulnerable_areas=["economic"]))  # fmt: skip
    client = city.client_for(city.worker)
    home = client.get("/notices/").content.decode()
    assert "通知 (1)" in home and "本單位有新派案" in home
    notice = Notice.objects.get(recipient=city.worker)
    assert client.get(f"/notices/{notice.pk}/")["Location"] == notice.link
    assert Notice.objects.get(pk=notice.pk).read_at is not None
    assert city.client_for(city.other_worker).get(f"/notices/{notice.pk}/").status_code == 404
    client.post("/notices/")
    assert "通知 (" not in client.get("/notices/").content.decode()
