"""The hash chain: sealing keeps up with rows that commit late; verify finds each kind of
tampering (a changed, a missing, an unsealed row; a broken seal; a rewritten chain); signed
checkpoints; the retention purge. Tampering disables the trigger as the tables' owner (both
databases roll it back with the test)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone, translation

from safetynet.agencies.retention import purge_expired
from safetynet.audit import chain
from safetynet.audit.models import AuditEvent, AuditPurge, AuditSeal
from safetynet.audit.services import audit_record
from safetynet.core.actor import SYSTEM
from tests.conftest import in_chinese

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoints(settings: Any, tmp_path: Path) -> Path:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def rows(n: int, object_type: str = "report") -> list[AuditEvent]:
    return [audit_record(actor=SYSTEM, action="read", object_type=object_type, object_id=i,
                         detail={"ids": [i, i + 1]}) for i in range(n)]  # fmt: skip


def row_at(pk: int) -> AuditEvent:
    return AuditEvent.objects.create(id=pk, action="read", object_type="report", object_id=pk)


def tamper(sql: str, *params: Any, table: str = "audit_auditevent") -> None:
    """As the tables' owner, with the append-only trigger off for this statement."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign-key check pending
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")
        else:
            cursor.execute(f"DROP TRIGGER {table}_append_only")
            cursor.execute(sql, params)


def kinds(report: chain.Report) -> list[str]:
    return sorted(f.kind for f in report.findings)


def test_a_seal_covers_the_new_rows_and_links_to_the_seal_before() -> None:
    first = rows(3)
    one = chain.seal_once()
    second = rows(2)
    two = chain.seal_once()
    assert one is not None and two is not None
    assert list(chain.expand(one.ids)) == [r.pk for r in first]
    assert list(chain.expand(two.ids)) == [r.pk for r in second]
    assert (one.previous, two.previous, two.total) == (chain.GENESIS, one.hash, 5)
    assert chain.seal_once() is None
    report = chain.verify()
    assert report.ok and report.rows_checked == 5 and report.unsealed == 0


def test_a_row_that_commits_late_with_a_lower_id_goes_into_the_next_seal() -> None:
    base = rows(1)[0].pk
    row_at(base + 2)  # base + 1 is still in an open transaction
    one = chain.seal_once()
    assert one is not None and one.pending[0][:2] == [base + 1, base + 1]
    assert chain.verify().ok
    row_at(base + 1)
    two = chain.seal_once()
    assert two is not None and list(chain.expand(two.ids)) == [base + 1] and two.pending == []
    assert chain.verify().ok


def test_an_id_missing_too_long_is_given_up_and_a_row_there_later_is_outside(settings: Any) -> None:
    settings.AUDIT_SEAL_WAIT_MINUTES = 5
    base = rows(1)[0].pk
    row_at(base + 2)
    chain.seal_once()
    later = chain.seal_once(now=timezone.now() + dt.timedelta(minutes=6))
    assert later is not None and later.abandoned == [[base + 1, base + 1]] and later.count == 0
    row_at(base + 1)
    report = chain.verify()
    assert kinds(report) == ["outside"] and str(base + 1) in report.findings[0].message


def test_verify_finds_a_changed_row() -> None:
    target = rows(3)[1]
    chain.seal_pending()
    tamper("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", "999", target.pk)
    report = chain.verify()
    assert kinds(report) == ["changed"] and f" {target.pk} " in report.findings[0].message


def test_verify_finds_a_change_to_the_detail_ids() -> None:
    target = rows(2)[0]
    chain.seal_pending()
    tamper("UPDATE audit_auditevent SET detail = %s WHERE id = %s", json.dumps({"ids": [1]}),
           target.pk)  # fmt: skip
    assert kinds(chain.verify()) == ["changed"]


def test_verify_finds_a_missing_row() -> None:
    target = rows(3)[2]
    chain.seal_pending()
    tamper("DELETE FROM audit_auditevent WHERE id = %s", target.pk)
    report = chain.verify()
    assert kinds(report) == ["missing"] and str(target.pk) in report.findings[0].message


def test_verify_finds_a_broken_seal() -> None:
    rows(2)
    chain.seal_once()
    rows(2)
    chain.seal_once()
    tamper("UPDATE audit_auditseal SET rows_hash = %s WHERE number = 1", "0" * 64,
           table="audit_auditseal")  # fmt: skip
    with translation.override("en"):
        report = chain.verify()
    assert set(kinds(report)) == {"seal"} and "Seal 1 " in report.findings[0].message


def test_verify_finds_a_seal_removed_from_the_middle() -> None:
    for _ in range(3):
        rows(1)
        chain.seal_once()
    tamper("DELETE FROM audit_auditseal WHERE number = 2", table="audit_auditseal")
    report = chain.verify()
    assert "seal" in kinds(report) and "outside" in kinds(report)


def test_verify_finds_a_chain_rewritten_after_a_checkpoint(checkpoints: Path) -> None:
    rows(2)
    chain.seal_pending()
    assert chain.checkpoint_export() is not None
    assert chain.verify(checkpoints=checkpoints).ok
    # Rewritten: a row changed, every seal recomputed as the sealing job would.
    target = AuditEvent.objects.order_by("pk").first()
    assert target is not None
    tamper("UPDATE audit_auditevent SET action = 'list' WHERE id = %s", target.pk)
    tamper("DELETE FROM audit_auditseal", table="audit_auditseal")
    chain.seal_pending()
    assert chain.verify().ok  # without the checkpoints the rewrite is consistent
    report = chain.verify(checkpoints=checkpoints)
    assert kinds(report) == ["checkpoint"]


def test_a_checkpoint_is_signed_and_a_forged_one_is_found(checkpoints: Path) -> None:
    rows(1)
    chain.seal_pending()
    path = chain.checkpoint_export()
    assert path is not None and chain.checkpoint_export() is None  # the head is exported already
    body = json.loads(path.read_text())
    assert (body["seal"], body["rows"]) == (1, 1) and len(body["signature"]) == 64
    body["rows"] = 0
    path.write_text(json.dumps(body))
    assert kinds(chain.verify(checkpoints=checkpoints)) == ["checkpoint"]


def test_the_checkpoint_job_seals_and_exports(checkpoints: Path) -> None:
    rows(2)
    assert chain.checkpoint_job().startswith("checkpoint-")
    assert AuditSeal.objects.count() == 1 and len(list(checkpoints.glob("*.json"))) == 1


def test_the_command_exits_non_zero_in_chinese_by_default_and_in_english(
    capsys: Any, checkpoints: Path
) -> None:
    target = rows(2)[0]
    call_command("audit", "seal")
    call_command("audit", "verify")
    assert "驗證" in capsys.readouterr().out
    tamper("DELETE FROM audit_auditevent WHERE id = %s", target.pk)
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert in_chinese(capsys.readouterr().err)
    with pytest.raises(CommandError, match="fails verification"):
        call_command("audit", "verify", "--lang", "en")
    assert f"Audit row {target.pk} is missing" in capsys.readouterr().err


def test_purge_removes_only_sealed_rows_past_retention_and_verify_still_passes(
    checkpoints: Path,
) -> None:
    old = rows(3)
    chain.seal_once()
    rows(2)  # not sealed: kept whatever their age
    later = timezone.now() + dt.timedelta(days=3651)
    purge = purge_expired(now=later)
    assert purge is not None and (purge.through_seal, purge.rows, purge.keep_days) == (1, 3, 3650)
    assert not AuditEvent.objects.filter(pk__in=[r.pk for r in old]).exists()
    assert AuditEvent.objects.count() == 2
    assert purge_expired(now=later) is None
    report = chain.verify(checkpoints=checkpoints)
    assert report.ok and report.checkpoints == 1
    exported = json.loads(next(checkpoints.glob("*.json")).read_text())
    assert (exported["purged_through"], exported["purged_rows"], exported["reason"]) == (
        1, 3, "purge")  # fmt: skip


def test_purge_keeps_rows_inside_retention() -> None:
    rows(2)
    chain.seal_once()
    assert purge_expired() is None and AuditEvent.objects.count() == 2
    assert not AuditPurge.objects.exists()


def test_grants_give_the_application_role_no_update_or_delete_on_audit(capsys: Any) -> None:
    call_command("audit", "grants", "safetynet_app")
    out = capsys.readouterr().out
    for table in ("audit_auditevent", "audit_auditseal", "audit_auditpurge"):
        assert f'REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM "safetynet_app";' in out


def test_the_checkpoint_command_says_when_there_is_nothing_to_sign(
    capsys: Any, checkpoints: Path
) -> None:
    call_command("audit", "checkpoint", "--lang", "en")
    assert "Nothing is sealed yet" in capsys.readouterr().out
    rows(1)
    call_command("audit", "checkpoint", "--lang", "en")
    assert "checkpoint-000000000001-000000000000.json" in capsys.readouterr().out
    call_command("audit", "checkpoint", "--lang", "en")
    assert "exported already" in capsys.readouterr().out
