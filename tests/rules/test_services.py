"""Rule tables: dated versions, drafted, proposed and published by a second person; the table in
force on a day is the one the services read; every step audited and every guard named."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safetynet.agencies.principal import Principal
from safetynet.audit.models import AuditEvent
from safetynet.intake.rules import DEADLINES, deadline_hours
from safetynet.rules.models import RuleStatus, RuleVersion
from safetynet.rules.selectors import in_force
from safetynet.rules.services import (
    rule_decide,
    rule_draft,
    rule_draft_update,
    rule_install,
    rule_propose,
    rule_withdraw,
)
from tests.conftest import City, refused

pytestmark = pytest.mark.django_db

TODAY = dt.date.today


_refused = refused


def _rows(hours: int) -> list[dict[str, Any]]:
    return [{"deadline": "grading", "hours": hours, "source": "兒少權法 §53"},
            {"deadline": "cp_grade1_contact", "hours": 24, "source": ""}]  # fmt: skip


def _proposed(city: City, hours: int = 12, when: dt.date | None = None) -> RuleVersion:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    draft = rule_draft_update(actor=admin, version_id=draft.pk, revision=draft.revision,
                              effective_from=when or timezone.localdate(), content=_rows(hours),
                              source="示範", unsourced=False, note="縮短篩案時限")  # fmt: skip
    return rule_propose(actor=admin, version_id=draft.pk, revision=draft.revision)


def test_a_change_is_published_by_a_second_person_and_read_from_its_day(city: City) -> None:
    assert deadline_hours("grading", on=timezone.localdate()) == 24
    version = _proposed(city, hours=12)
    assert deadline_hours("grading", on=timezone.localdate()) == 24  # proposed is not in force
    rule_decide(actor=city.principal(city.admin2), version_id=version.pk, approve=True)
    assert deadline_hours("grading", on=timezone.localdate()) == 12
    assert deadline_hours("grading", on=timezone.localdate() - dt.timedelta(days=1)) == 24
    actions = list(AuditEvent.objects.filter(object_type="rule", object_id=str(version.pk))
                   .order_by("pk").values_list("action", "actor_id", "reason"))  # fmt: skip
    assert actions == [("rule.draft", city.admin.user_id, ""), ("rule.edit", city.admin.user_id, ""),
                       ("rule.propose", city.admin.user_id, ""),
                       ("rule.publish", city.admin2.user_id, "")]  # fmt: skip
    version.refresh_from_db()
    assert version.proposed_by_id == city.admin.user_id and version.proposed_at is not None
    assert version.decided_by_id == city.admin2.user_id and version.decided_at is not None


def test_a_future_version_takes_over_on_its_date(city: City) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    version = _proposed(city, hours=12, when=tomorrow)
    rule_decide(actor=city.principal(city.admin2), version_id=version.pk, approve=True)
    assert deadline_hours("grading", on=timezone.localdate()) == 24
    assert deadline_hours("grading", on=tomorrow) == 12


def test_the_proposer_cannot_publish_their_own_change(city: City) -> None:
    version = _proposed(city)
    _refused("forbidden", lambda: rule_decide(actor=city.principal(city.admin),
                                              version_id=version.pk, approve=True))  # fmt: skip
    assert RuleVersion.objects.get(pk=version.pk).status == RuleStatus.PROPOSED


@pytest.mark.parametrize("who", ["screener", "analyst", "auditor", "worker"])
def test_only_rule_staff_draft(city: City, who: str) -> None:
    _refused("forbidden", lambda: rule_draft(actor=city.principal(getattr(city, who)),
                                             kind=DEADLINES))  # fmt: skip
    assert not RuleVersion.objects.filter(status=RuleStatus.DRAFT).exists()


def test_only_an_approver_decides(city: City) -> None:
    version = _proposed(city)
    for who in ("auditor", "supervisor"):
        _refused("forbidden", lambda w=who: rule_decide(
            actor=city.principal(getattr(city, w)), version_id=version.pk, approve=True))  # fmt: skip


def test_sending_back_needs_a_note_and_returns_the_draft(city: City) -> None:
    version = _proposed(city)
    admin2 = city.principal(city.admin2)
    _refused("note_required", lambda: rule_decide(actor=admin2, version_id=version.pk,
                                                  approve=False))  # fmt: skip
    back = rule_decide(actor=admin2, version_id=version.pk, approve=False, note="來源不足")
    assert back.status == RuleStatus.DRAFT and back.decision_note == "來源不足"
    _refused("not_proposed", lambda: rule_decide(actor=admin2, version_id=version.pk,
                                                 approve=True))  # fmt: skip


def test_a_stale_edit_is_refused(city: City) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    args = dict(actor=admin, version_id=draft.pk, revision=draft.revision,
                effective_from=timezone.localdate(), content=_rows(20), source="x",
                unsourced=False, note="")  # fmt: skip
    rule_draft_update(**args)  # type: ignore[arg-type]
    assert _refused("stale", lambda: rule_draft_update(**{**args, "content": _rows(30)})).conflict  # type: ignore[arg-type]
    assert RuleVersion.objects.get(pk=draft.pk).content[0]["hours"] == 20


@pytest.mark.parametrize(
    ("content", "place"),
    [
        ([{"deadline": "grading", "hours": 0, "source": ""}], "rows[0].hours"),
        ([{"deadline": "nope", "hours": 5, "source": ""}], "rows[0].deadline"),
        ([{"deadline": "cp_grade1_contact", "hours": 5, "source": ""}], "content"),  # no grading
        ([{"deadline": "grading", "hours": 5, "source": ""}] * 2, "content"),  # twice
        ({"deadline": "grading"}, "content"),
    ],
)
def test_content_is_parsed_and_checked_whoever_sends_it(
    city: City, content: Any, place: str
) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    error = _refused("invalid", lambda: rule_draft_update(
        actor=admin, version_id=draft.pk, revision=draft.revision,
        effective_from=timezone.localdate(), content=content, source="x", unsourced=False,
        note=""))  # fmt: skip
    assert place in error.field_errors


def test_a_rule_needs_a_source_or_the_mark_that_it_has_none(city: City) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    _refused("source_required", lambda: rule_draft_update(
        actor=admin, version_id=draft.pk, revision=draft.revision,
        effective_from=timezone.localdate(), content=_rows(12), source="", unsourced=False,
        note=""))  # fmt: skip
    rule_draft_update(actor=admin, version_id=draft.pk, revision=draft.revision,
                      effective_from=timezone.localdate(), content=_rows(12), source="",
                      unsourced=True, note="")  # fmt: skip


def test_a_change_cannot_reach_into_the_past(city: City) -> None:
    _refused("past_date", lambda: _proposed(city, when=timezone.localdate() - dt.timedelta(days=1)))


def test_a_proposal_needs_its_reason(city: City) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    _refused("note_required", lambda: rule_propose(actor=admin, version_id=draft.pk,
                                                   revision=draft.revision))  # fmt: skip


def test_only_a_version_not_yet_in_force_is_withdrawn(city: City) -> None:
    admin2 = city.principal(city.admin2)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    future = _proposed(city, when=tomorrow)
    rule_decide(actor=admin2, version_id=future.pk, approve=True)
    current = in_force(DEADLINES, timezone.localdate())
    assert current is not None
    _refused("in_force", lambda: rule_withdraw(actor=admin2, version_id=current.pk, note="x"))
    _refused("forbidden", lambda: rule_withdraw(actor=city.principal(city.auditor),
                                                version_id=future.pk, note="x"))  # fmt: skip
    rule_withdraw(actor=admin2, version_id=future.pk, note="法規未施行")
    assert deadline_hours("grading", on=tomorrow) == 24


def test_installing_a_deployments_table_is_for_approvers(city: City) -> None:
    for actor in (Principal(), city.principal(city.admin).__class__.of_user(city.auditor.user)):
        _refused("forbidden", lambda a=actor: rule_install(
            actor=a, kind=DEADLINES, effective_from=TODAY(), content=_rows(5)))  # fmt: skip


def test_a_capability_change_takes_effect_for_every_account_in_the_position(city: City) -> None:
    from safetynet.agencies.capabilities import KIND
    from safetynet.agencies.defaults import CAPABILITIES

    assert city.client_for(city.auditor).get("/dashboard/").status_code == 200
    rows = [
        {**r, "capabilities": [c for c in r["capabilities"] if c != "dashboard.city"]}
        if r["role"] == "auditor" else r
        for r in CAPABILITIES
    ]  # fmt: skip
    rule_install(actor=city.principal(city.admin2), kind=KIND, effective_from=TODAY(),
                 content=rows, unsourced=True)  # fmt: skip
    assert city.client_for(city.auditor).get("/dashboard/").status_code == 404


def test_only_a_draft_is_edited_and_only_by_rule_staff(city: City) -> None:
    version = _proposed(city)
    args = dict(version_id=version.pk, revision=version.revision, effective_from=TODAY(),
                content=_rows(5), source="x", unsourced=False, note="")  # fmt: skip
    _refused("forbidden", lambda: rule_draft_update(actor=city.principal(city.admin), **args))  # type: ignore[arg-type]
    back = rule_decide(actor=city.principal(city.admin2), version_id=version.pk, approve=False,
                       note="補來源")  # fmt: skip
    args["revision"] = back.revision
    _refused("forbidden", lambda: rule_draft_update(actor=city.principal(city.auditor), **args))  # type: ignore[arg-type]
    _refused("forbidden", lambda: rule_propose(actor=city.principal(city.auditor),
                                               version_id=back.pk, revision=back.revision))  # fmt: skip
    assert RuleVersion.objects.get(pk=version.pk).content == version.content


def test_a_proposal_without_a_reason_names_the_field(city: City) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    error = _refused("note_required", lambda: rule_propose(actor=admin, version_id=draft.pk,
                                                           revision=draft.revision))  # fmt: skip
    assert "note" in error.field_errors
    _refused("stale", lambda: rule_propose(actor=admin, version_id=draft.pk,
                                           revision=draft.revision + 1))  # fmt: skip


def test_withdrawing_names_who_and_why_and_is_rule_staffs(city: City) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    _refused("forbidden", lambda: rule_withdraw(actor=city.principal(city.auditor),
                                                version_id=draft.pk, note="x"))  # fmt: skip
    error = _refused("note_required", lambda: rule_withdraw(actor=admin, version_id=draft.pk,
                                                            note=" "))  # fmt: skip
    assert "note" in error.field_errors
    gone = rule_withdraw(actor=admin, version_id=draft.pk, note="草擬錯誤")
    assert gone.status == RuleStatus.WITHDRAWN and gone.decided_by_id == city.admin.user_id
    row = AuditEvent.objects.get(
        object_type="rule", object_id=str(draft.pk), action="rule.withdraw"
    )
    assert row.reason == "草擬錯誤" and row.actor_id == city.admin.user_id
    assert rule_withdraw(actor=admin, version_id=draft.pk, note="again").pk == draft.pk


def test_a_send_back_is_audited_with_its_reason(city: City) -> None:
    version = _proposed(city)
    note = "來源不足" + "請補" * 150  # a long note: the audit row keeps its first 200 characters
    rule_decide(actor=city.principal(city.admin2), version_id=version.pk, approve=False,
                note=note)  # fmt: skip
    row = AuditEvent.objects.get(object_id=str(version.pk), action="rule.send_back")
    assert row.reason == note[:200] and len(row.reason) == 200
    assert row.detail == {"kind": DEADLINES, "number": version.number,
                          "effective_from": version.effective_from.isoformat()}  # fmt: skip


def test_a_table_with_no_version_yet_starts_empty(db: None) -> None:
    from safetynet.core.actor import SYSTEM

    draft = rule_draft(actor=SYSTEM, kind="intake.routing")
    assert draft.content == [] and draft.unsourced is False and draft.based_on is None


def test_a_table_or_version_that_does_not_exist_is_refused(city: City) -> None:
    admin = city.principal(city.admin)
    _refused("not_found", lambda: rule_draft(actor=admin, kind="no.such.table"))
    _refused("not_found", lambda: rule_propose(actor=admin, version_id=999_999, revision=1))
    _refused("not_found", lambda: rule_install(actor=city.principal(city.admin2),
                                               kind="no.such.table", effective_from=TODAY(),
                                               content=[]))  # fmt: skip
    assert not RuleVersion.objects.filter(kind="no.such.table").exists()


def test_an_installed_table_is_audited_with_its_reason(city: City) -> None:
    version = rule_install(actor=city.principal(city.admin2), kind=DEADLINES,
                           effective_from=TODAY(), content=_rows(6), source="示範",
                           note="本市部署")  # fmt: skip
    row = AuditEvent.objects.get(object_type="rule", object_id=str(version.pk))
    assert (row.action, row.actor_id, row.reason) == (
        "rule.install",
        city.admin2.user_id,
        "本市部署",
    )
    assert row.detail == {"kind": DEADLINES, "number": version.number,
                          "effective_from": TODAY().isoformat()}  # fmt: skip


def test_a_stale_proposal_is_a_conflict(city: City) -> None:
    admin = city.principal(city.admin)
    draft = rule_draft(actor=admin, kind=DEADLINES)
    error = _refused("stale", lambda: rule_propose(actor=admin, version_id=draft.pk,
                                                   revision=draft.revision + 1))  # fmt: skip
    assert error.conflict is True


def test_a_version_that_takes_effect_today_is_already_in_force(city: City) -> None:
    version = _proposed(city, when=timezone.localdate())
    rule_decide(actor=city.principal(city.admin2), version_id=version.pk, approve=True)
    error = _refused("in_force", lambda: rule_withdraw(actor=city.principal(city.admin2),
                                                       version_id=version.pk, note="x"))  # fmt: skip
    assert error.conflict is True


@pytest.mark.parametrize("held", ["rules.read", "rules.propose", "rules.approve"])
def test_each_rule_capability_lets_one_read_the_tables(held: str) -> None:
    from safetynet.rules import policy

    assert policy.can_read(Principal(capabilities=frozenset({held})))
    assert not policy.can_read(Principal(capabilities=frozenset({"case.work"})))
