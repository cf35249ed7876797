"""The case work after a unit accepts a dispatch, through the real services: the open decision
and its approval, contacts on and off schedule, written reports, follow-up, closure approved by
the unit's supervisor, the odd reopen."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from safetynet.agencies.principal import Principal
from safetynet.cases.models import Case, CaseStatus
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
