"""The case work after a unit accepts a dispatch, through the real services: the open decision
and its approval, contacts on and off schedule, written reports, follow-up, closure approved by
the unit's supervisor, the odd reopen."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from safetynet.agencies.principal import Principal
from safetynet.cases.handoffs import (
    dispute_decide,
    dispute_raise,
    handoff_answer,
    handoff_seen,
    handoff_send,
)
from safetynet.cases.models import Case, CaseStatus, Handoff
from safetynet.cases.plans import ActionDraft, plan_decide, plan_submit, plan_write
from safetynet.cases.services import (
    ContactDraft,
    StepDraft,
    case_record_report,
    case_set_schedule,
    case_step,
    contact_record,
)

NOTES = [
    "家訪，案主在家，居家環境整潔，與案母討論照顧安排。",
    "電訪案母，了解近況，案主已按時就學。",
    "與學校輔導老師聯繫，確認出席狀況穩定。",
    "案主情緒較前次穩定，持續追蹤服藥情形。",
    "案家經濟仍困難，協助申請急難救助。",
    "訪視未遇，留下聯絡卡。",
]
PLACES = ["案家", "學校", "社福中心", "醫院"]


@dataclass
class Workers:
    worker: Principal
    # The lead unit's supervisor; None where the unit has none (decisions then wait for one).
    lead: Principal | None
    # Every unit's worker (by unit id), its supervisor, and the desk's supervisor: the other
    # side of referrals, co-working, transfers and disputes.
    units: dict[int, Principal] = field(default_factory=dict)
    leads: dict[int, Principal] = field(default_factory=dict)
    desk: Principal | None = None


def _day(at: dt.datetime, days: float) -> dt.datetime:
    return at + dt.timedelta(days=days)


def _office(rng: random.Random, at: dt.datetime) -> dt.datetime:
    """The next office hour from `at` (a contact at 3 a.m. is an emergency, not routine)."""
    local = timezone.localtime(at)
    if 9 <= local.hour < 18:
        return local
    if local.hour >= 18:
        local += dt.timedelta(days=1)
    return local.replace(hour=rng.randint(9, 11), minute=rng.randrange(0, 60, 5))


def _contact(rng: random.Random, who: Principal, case: Case, at: dt.datetime, method: str) -> None:
    """`at` is already in office hours (see `_office`) and not after now."""
    contact_record(principal=who, case_id=case.pk, now=at, draft=ContactDraft(
        at=at, method=method, target=rng.choice(["0", "0", "2", "5"]),
        place=rng.choice(PLACES) if method != "A" else "", notes=rng.choice(NOTES),
    ))  # fmt: skip


def work_case(
    rng: random.Random, case: Case, accepted: dt.datetime, now: dt.datetime, who: Workers
) -> dt.datetime | None:
    """A case's year; when it closed (None while open)."""
    worker = who.worker
    # The first face-to-face contact: mostly within a day, sometimes late.
    first = _office(rng, _day(accepted, rng.choice([0.3, 0.6, 0.9, 1.5, 3])))
    if first > now:
        return None
    _contact(rng, worker, case, first, "B")
    if case.programme in ("cp", "vulnerable_family"):
        clock = "investigation_report" if case.programme == "cp" else "assessment_report"
        handed = _day(case.received_at or accepted, rng.uniform(2, 5) if clock[0] == "i"
                      else rng.uniform(14, 40))  # fmt: skip
        if handed < now:
            case_record_report(principal=worker, case_id=case.pk, clock=clock, at=handed,
                               summary="評估摘要：案家支持系統有限，建議持續服務。")  # fmt: skip
    if case.programme == "drug":
        case = case_set_schedule(principal=worker, case_id=case.pk, version=case.version,
                                 category=rng.choice("123"), schedule_start=timezone.localdate(first))  # fmt: skip
    proposed = _day(first, rng.uniform(2, 15))
    if proposed > now:
        return None
    decision = rng.choices(["Y", "S", "N"], weights=[80, 8, 12])[0]
    case = case_step(principal=worker, case_id=case.pk, step="propose_open", at=proposed,
                     draft=StepDraft(case.version, "評估完成，建議如下。", decision))  # fmt: skip
    approved = _day(proposed, rng.uniform(0.2, 3))
    if who.lead is None or approved > now:
        return None
    case = case_step(principal=who.lead, case_id=case.pk, step="approve_open", at=approved,
                     draft=StepDraft(case.version))  # fmt: skip
    if case.status == CaseStatus.NOT_OPENED:
        return approved
    _plan(rng, case, approved, now, who)
    _handoffs(rng, case, approved, now, who)
    case = Case.objects.get(pk=case.pk)
    if case.lead_unit_id != who.worker.unit_id:
        return None  # transferred: the new lead works it from here
    # Service: a contact every 2–6 weeks (a call or a home visit), some gaps.
    closes = _day(approved, rng.uniform(45, 240))
    at = approved
    while True:
        at = _office(rng, _day(at, rng.uniform(10, 42)))
        if at > min(now, closes):
            break
        _contact(rng, worker, case, at, rng.choice("AAB"))
    if closes > now or rng.random() < 0.3:
        return None
    case = Case.objects.get(pk=case.pk)
    if rng.random() < 0.15:
        case = case_step(principal=worker, case_id=case.pk, step="follow_up",
                         at=_day(closes, -14), draft=StepDraft(case.version))  # fmt: skip
    case = case_step(principal=worker, case_id=case.pk, step="request_close", at=closes,
                     draft=StepDraft(case.version, "服務目標達成，案家功能恢復。"))  # fmt: skip
    decided = _day(closes, rng.uniform(0.5, 4))
    if decided > now:
        return None
    if rng.random() < 0.1:
        case_step(principal=who.lead, case_id=case.pk, step="return_close", at=decided,
                  draft=StepDraft(case.version, "請再追蹤一個月後再提結案。"))  # fmt: skip
        return None
    case = case_step(principal=who.lead, case_id=case.pk, step="approve_close", at=decided,
                     draft=StepDraft(case.version))  # fmt: skip
    reopened = _day(decided, rng.uniform(20, 120))
    if rng.random() < 0.04 and reopened < now:
        case_step(principal=worker, case_id=case.pk, step="reopen", at=reopened,
                  draft=StepDraft(case.version, "案家再度出現危機，重新開案評估。"))  # fmt: skip
        return None
    return decided


def _plan(rng: random.Random, case: Case, approved: dt.datetime, now: dt.datetime,
          who: Workers) -> None:  # fmt: skip
    """A service plan written within a week, submitted, approved by the unit's supervisor."""
    written = _office(rng, _day(approved, rng.uniform(1, 7)))
    if written > now:
        return
    review = timezone.localdate(written) + dt.timedelta(days=90)
    plan = plan_write(principal=who.worker, case_id=case.pk, goals=rng.choice(GOALS), at=written,
                      actions=[ActionDraft(a, case.lead_unit_id, review)
                               for a in rng.sample(ACTIONS, 2)])  # fmt: skip
    if rng.random() < 0.15:
        return  # still a draft
    plan = plan_submit(principal=who.worker, plan_id=plan.pk, version=plan.version, at=written)
    decided = _day(written, rng.uniform(0.5, 3))
    if who.lead is not None and decided < now:
        plan_decide(principal=who.lead, plan_id=plan.pk, version=plan.version, approve=True,
                    at=decided)  # fmt: skip


def _answer(handoff: Handoff, by: Principal, status: str, at: dt.datetime, answer: str = "",
            worker_id: int | None = None) -> Handoff:  # fmt: skip
    return handoff_answer(principal=by, handoff_id=handoff.pk, version=handoff.version,
                          status=status, answer=answer, worker_id=worker_id, at=at)  # fmt: skip


def _handoffs(rng: random.Random, case: Case, approved: dt.datetime, now: dt.datetime,
              who: Workers) -> None:  # fmt: skip
    """Referrals answered and unanswered, co-working, transfers between tiers, the odd dispute."""
    roll = rng.random()
    sent_at = _office(rng, _day(approved, rng.uniform(5, 40)))
    if sent_at > now or roll > 0.45:
        return
    others = [u for u in who.units if u != case.lead_unit_id]
    if roll < 0.2:  # a referral to another unit of the city, or to an organisation outside it
        outside = rng.random() < 0.3
        to = None if outside else rng.choice(others)
        sent = handoff_send(principal=who.worker, case_id=case.pk, kind="referral", at=sent_at,
                            note=rng.choice(REFERRALS), to_unit_id=to,
                            to_organisation=rng.choice(ORGANISATIONS) if outside else "")  # fmt: skip
        answered = _day(sent_at, rng.uniform(1, 12))
        if answered > now or rng.random() < 0.25:
            return  # unanswered: flagged to both sides, then to the supervisor
        by = who.worker if to is None else who.units[to]
        sent = _answer(sent, by, "accepted", answered, "已受案，將安排評估。")
        done = _day(answered, rng.uniform(10, 40))
        if done < now:
            _answer(sent, by, "completed", done, "已完成服務，結果已回覆。")
            if _day(done, 2) < now:
                handoff_seen(principal=who.worker, handoff_id=sent.pk, at=_day(done, 2))
    elif roll < 0.3:  # co-working with another unit
        to = rng.choice(others)
        sent = handoff_send(principal=who.worker, case_id=case.pk, kind="cowork", at=sent_at,
                            note="請協同共訪，評估照顧者身心狀況。", to_unit_id=to)  # fmt: skip
        answered = _day(sent_at, rng.uniform(1, 6))
        if answered < now:
            _answer(sent, who.units[to], "accepted", answered, "同意協同。")
    else:  # a transfer (protection → 社福中心 once safe; or between centres), some disputed
        targets = [u for u in others if u in who.leads]
        if not targets:
            return
        to = rng.choice(targets)
        sent = handoff_send(principal=who.worker, case_id=case.pk, kind="transfer", at=sent_at,
                            note="安全議題已排除，建議轉由貴單位持續家庭支持服務。", to_unit_id=to)  # fmt: skip
        answered = _day(sent_at, rng.uniform(1, 6))
        if answered > now:
            return
        if rng.random() < 0.7:
            taker = who.units[to].staff
            _answer(sent, who.units[to], "accepted", answered, "同意承接。",
                    worker_id=taker.pk if taker is not None else None)  # fmt: skip
            return
        sent = _answer(
            sent, who.units[to], "not-accepted", answered, "案家仍有安全疑慮，不宜轉銜。"
        )
        raised = _day(answered, 1)
        if raised > now:
            return
        dispute = dispute_raise(principal=who.worker, handoff_id=sent.pk, at=raised,
                                reason="安全計畫已穩定執行三個月，請裁決主責。")  # fmt: skip
        decided = _day(raised, rng.uniform(1, 5))
        if who.desk is not None and decided < now and rng.random() < 0.7:
            dispute_decide(principal=who.desk, dispute_id=dispute.pk, at=decided,
                           lead_unit_id=rng.choice([case.lead_unit_id, to]),
                           note="依案家需求與雙方意見裁決。")  # fmt: skip


GOALS = ["維持兒少安全，提升主要照顧者親職功能。", "穩定家庭經濟，連結就業與補助資源。",
         "改善家庭關係衝突，建立支持網絡。", "穩定就醫服藥，預防危機再發生。"]  # fmt: skip
ACTIONS = ["每月家訪一次", "連結經濟補助", "轉介親職教育課程", "協助就醫與服藥追蹤",
           "與學校聯繫了解出席狀況", "安排喘息服務"]  # fmt: skip
REFERRALS = ["請協助案母心理健康評估。", "請協助案父就業媒合。", "請評估兒少課後照顧需求。"]
ORGANISATIONS = ["某某兒童福利基金會", "某某醫院社會服務室", "某某國小輔導室"]
