"""Service plans: a version takes effect only once approved (by as many different supervisors as
the programme asks); returned versions are edited and submitted again; stale edits refused."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from safetynet.agencies.models import Role
from safetynet.agencies.services import staff_create
from safetynet.audit.models import AuditEvent
from safetynet.cases.models import Plan, PlanStatus
from safetynet.cases.plans import ActionDraft, plan_decide, plan_submit, plan_write
from safetynet.cases.rules import PROGRAMMES
from safetynet.rules.models import RuleVersion
from tests.cases.test_services import accepted
from tests.conftest import City, refused


def actions(city: City) -> list[ActionDraft]:
    soon = timezone.localdate() + dt.timedelta(days=30)
    return [ActionDraft("每月家訪一次", city.worker.unit_id, soon),
            ActionDraft("轉介心衛評估案母", city.units["KL-MHC"].pk, soon)]  # fmt: skip


def test_a_plan_takes_effect_once_approved_and_replaces_the_last(city: City) -> None:
    case = accepted(city)
    w, s = city.principal(city.worker), city.principal(city.unit_supervisor)
    first = plan_write(principal=w, case_id=case.pk, goals="穩定照顧", actions=actions(city))
    refused("draft_exists", lambda: plan_write(principal=w, case_id=case.pk, goals="x",
                                               actions=actions(city)))  # fmt: skip
    refused("wrong_status", lambda: plan_decide(principal=s, plan_id=first.pk, version=1,
                                                approve=True))  # fmt: skip
    refused("forbidden", lambda: plan_submit(principal=city.principal(city.screener),
                                             plan_id=first.pk, version=1))  # fmt: skip
    submitted = plan_submit(principal=w, plan_id=first.pk, version=1)
    refused("forbidden", lambda: plan_decide(principal=w, plan_id=first.pk, version=2,
                                             approve=True))  # fmt: skip
    refused("invalid", lambda: plan_decide(principal=s, plan_id=first.pk, version=2,
                                           approve=False, note=""))  # fmt: skip
    returned = plan_decide(principal=s, plan_id=first.pk, version=submitted.version,
                           approve=False, note="請補充目標")  # fmt: skip
    assert returned.status == PlanStatus.RETURNED and returned.effective_at is None
    edited = plan_write(principal=w, case_id=case.pk, goals="穩定照顧並就學", actions=actions(city),
                        plan_id=first.pk, version=returned.version)  # fmt: skip
    refused("stale", lambda: plan_write(principal=w, case_id=case.pk, goals="x",
                                        actions=actions(city), plan_id=first.pk, version=1))  # fmt: skip
    again = plan_submit(principal=w, plan_id=first.pk, version=edited.version)
    effective = plan_decide(principal=s, plan_id=first.pk, version=again.version, approve=True)
    assert effective.status == PlanStatus.APPROVED and effective.effective_at is not None
    second = plan_write(principal=w, case_id=case.pk, goals="第二版", actions=actions(city))
    assert second.number == 2 and Plan.objects.get(pk=first.pk).status == PlanStatus.APPROVED
    second = plan_submit(principal=w, plan_id=second.pk, version=1)
    plan_decide(principal=s, plan_id=second.pk, version=second.version, approve=True)
    assert Plan.objects.get(pk=first.pk).status == PlanStatus.REPLACED
    assert first.approvals.count() == 2  # the return and the approval stay in its history
    assert AuditEvent.objects.filter(action="plan.approve").count() == 2


def test_a_programme_can_ask_two_approvals_by_different_supervisors(city: City) -> None:
    version = RuleVersion.objects.filter(kind=PROGRAMMES).order_by("-number").first()
    assert version is not None
    version.content = [{**r, "plan_approvals": 2} if r["code"] == "vulnerable_family" else r
                       for r in version.content]  # fmt: skip
    version.save()
    from safetynet.core import reference

    reference.forget()
    case = accepted(city)
    w = city.principal(city.worker)
    plan = plan_write(principal=w, case_id=case.pk, goals="目標", actions=actions(city))
    plan = plan_submit(principal=w, plan_id=plan.pk, version=1)
    one = plan_decide(principal=city.principal(city.unit_supervisor), plan_id=plan.pk,
                      version=plan.version, approve=True)  # fmt: skip
    assert one.status == PlanStatus.SUBMITTED
    refused("same_approver", lambda: plan_decide(principal=city.principal(city.unit_supervisor),
                                                 plan_id=plan.pk, version=one.version,
                                                 approve=True))  # fmt: skip
    second = staff_create(username="sup2", password="x" * 12, display_name="sup2",
                          unit=city.units["KL-FWC-QD"], role=Role.SUPERVISOR)  # fmt: skip
    two = plan_decide(principal=city.principal(second), plan_id=plan.pk, version=one.version,
                      approve=True)  # fmt: skip
    assert two.status == PlanStatus.APPROVED


def test_bad_plans_are_refused(city: City) -> None:
    case = accepted(city)
    w = city.principal(city.worker)
    far = timezone.localdate() + dt.timedelta(days=800)
    for bad in ([], [ActionDraft(" ", city.worker.unit_id, timezone.localdate())],
                [ActionDraft("x", 999999, timezone.localdate())],
                [ActionDraft("x", city.worker.unit_id, far)]):  # fmt: skip
        error = refused("invalid", lambda bad=bad: plan_write(principal=w, case_id=case.pk,
                                                              goals="g", actions=bad))  # fmt: skip
        assert "actions" in error.field_errors
    refused("invalid", lambda: plan_write(principal=w, case_id=case.pk, goals=" ",
                                          actions=actions(city)))  # fmt: skip
    refused("not_found", lambda: plan_write(principal=city.principal(city.other_worker),
                                            case_id=case.pk, goals="g", actions=actions(city)))  # fmt: skip
    assert not Plan.objects.exists()


def test_the_plan_page(city: City) -> None:
    case = accepted(city)
    client = city.client_for(city.worker)
    review = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    form = {"submission": str(uuid.uuid4()), "goals": "穩定照顧", "action_0": "每月家訪",
            "owner_0": city.worker.unit_id, "review_0": review}  # fmt: skip
    assert client.post(f"/cases/{case.pk}/plan/", form).status_code == 302
    half = client.post(f"/cases/{case.pk}/plan/", {**form, "submission": str(uuid.uuid4()),
                                                   "action_1": "只寫一半"})  # fmt: skip
    assert half.status_code == 400 and "請填寫策略、負責單位與檢視日期" in half.content.decode()
    plan = Plan.objects.get()
    submit = {"submission": str(uuid.uuid4()), "version": plan.version}
    assert client.post(f"/cases/{case.pk}/plan/{plan.pk}/submit/", submit).status_code == 302
    supervisor = city.client_for(city.unit_supervisor)
    assert "核定此版本" in supervisor.get(f"/cases/{case.pk}/plan/").content.decode()
    plan.refresh_from_db()
    approve = {"submission": str(uuid.uuid4()), "version": plan.version}
    supervisor.post(f"/cases/{case.pk}/plan/{plan.pk}/approve/", approve)
    assert Plan.objects.get().status == PlanStatus.APPROVED
    assert "生效中" in client.get(f"/cases/{case.pk}/").content.decode()
    assert city.client_for(city.other_worker).get(f"/cases/{case.pk}/plan/").status_code == 404
