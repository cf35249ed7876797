"""The audit tables refuse UPDATE and DELETE in the database itself: a trigger (PostgreSQL and
SQLite) and, on PostgreSQL, the application's role holds no UPDATE, DELETE or TRUNCATE on them
(`safetynet audit grants`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from safetynet.agencies.management.commands.audit import grants
from safetynet.audit import chain
from safetynet.audit.models import AuditEvent, AuditPurge, AuditSeal
from safetynet.audit.services import audit_record
from safetynet.core.actor import SYSTEM

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and grants: PostgreSQL only"
)
APP_ROLE = "safetynet_test_app"


def sealed_row() -> AuditEvent:
    row = audit_record(actor=SYSTEM, action="read", object_type="report", object_id=1)
    chain.seal_pending()
    return row


def refused(sql: str, *params: int | str) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    return str(error.value)


def test_an_audit_row_cannot_be_updated() -> None:
    row = sealed_row()
    message = refused("UPDATE audit_auditevent SET object_id = '2' WHERE id = %s", row.pk)
    assert "append-only" in message
    assert AuditEvent.objects.get(pk=row.pk).object_id == "1"


def test_a_seal_cannot_be_updated() -> None:
    sealed_row()
    assert "append-only" in refused("UPDATE audit_auditseal SET rows_hash = 'x'")


@on_postgresql
def test_an_audit_row_or_a_seal_cannot_be_deleted_even_by_the_owner() -> None:
    row = sealed_row()
    assert "append-only" in refused("DELETE FROM audit_auditevent WHERE id = %s", row.pk)
    assert "append-only" in refused("DELETE FROM audit_auditseal")
    assert AuditEvent.objects.filter(pk=row.pk).exists() and AuditSeal.objects.exists()


@on_postgresql
def test_a_seal_cannot_be_deleted_even_with_the_purge_switch_on() -> None:
    sealed_row()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL safetynet.audit_purge = 'on'")
    assert "append-only" in refused("DELETE FROM audit_auditseal")
    assert AuditSeal.objects.exists()


@contextmanager
def as_application_role(*extra_grants: str) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE}")
        cursor.execute(grants(APP_ROLE))
        for sql in extra_grants:
            cursor.execute(sql)
        cursor.execute(f"SET ROLE {APP_ROLE}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@on_postgresql
def test_the_application_role_may_insert_but_not_update_delete_or_truncate() -> None:
    row = sealed_row()
    with as_application_role():
        audit_record(actor=SYSTEM, action="read", object_type="report", object_id=2)
        for sql in ("UPDATE audit_auditevent SET object_id = '3' WHERE id = %s",
                    "DELETE FROM audit_auditevent WHERE id = %s"):  # fmt: skip
            assert "permission denied" in refused(sql, row.pk)
        assert "permission denied" in refused("TRUNCATE audit_auditevent")
        assert "permission denied" in refused("DELETE FROM audit_auditseal")
        assert "permission denied" in refused("DELETE FROM audit_auditpurge")
        # The rest of the platform is the role's to change.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE jobs_workerbeat SET name = name")
    assert AuditEvent.objects.count() == 2


@on_postgresql
def test_a_role_wrongly_granted_delete_is_still_stopped_by_the_trigger() -> None:
    row = sealed_row()
    with as_application_role(f"GRANT DELETE ON audit_auditevent TO {APP_ROLE}"):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL safetynet.audit_purge = 'on'")
        assert "append-only" in refused("DELETE FROM audit_auditevent WHERE id = %s", row.pk)


@on_postgresql
def test_the_purge_is_refused_to_the_application_role() -> None:
    sealed_row()
    with as_application_role(), pytest.raises(DatabaseError), transaction.atomic():
        chain.audit_purge(cutoff=timezone.now() + dt.timedelta(days=1), keep_days=1)
    assert not AuditPurge.objects.exists() and AuditEvent.objects.exists()


@on_postgresql
def test_the_migration_revoked_update_and_delete_from_public() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT has_table_privilege('public', 'audit_auditevent', 'UPDATE'), "
            "has_table_privilege('public', 'audit_auditevent', 'DELETE')"
        )
        assert cursor.fetchone() == (False, False)


@on_postgresql
def test_the_migration_revokes_update_and_delete_from_roles_granted_them_before() -> None:
    from importlib import import_module

    migration = import_module("safetynet.audit.migrations.0003_append_only")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {APP_ROLE}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON audit_auditevent TO {APP_ROLE}")
        cursor.execute(migration.PG_REVOKE_GRANTEES)
        cursor.execute(
            "SELECT has_table_privilege(%s, 'audit_auditevent', 'UPDATE'), "
            "has_table_privilege(%s, 'audit_auditevent', 'DELETE'), "
            "has_table_privilege(%s, 'audit_auditevent', 'INSERT')",
            [APP_ROLE, APP_ROLE, APP_ROLE],
        )
        assert cursor.fetchone() == (False, False, True)
