"""The audit tables refuse UPDATE and DELETE (docs/security.md, "Audit").

PostgreSQL: a BEFORE UPDATE OR DELETE trigger raises, whoever asks — except a DELETE of audit
rows by the tables' owner in a transaction that set `safetynet.audit_purge` (the retention
purge, `safetynet audit purge`); and UPDATE, DELETE, TRUNCATE are revoked from PUBLIC and from
every role granted them. The application connects as a role granted only what `safetynet audit
grants ROLE` prints. SQLite has no roles: a trigger refuses UPDATE (DELETE stays possible there,
for the test database's flush; `safetynet audit verify` finds a row gone).
"""

from django.db import migrations

TABLES = ("audit_auditevent", "audit_auditseal", "audit_auditpurge")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION safetynet_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_auditevent'
     AND current_setting('safetynet.audit_purge', true) = 'on'
     AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
  THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit tables are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

PG_REVOKE_GRANTEES = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT DISTINCT g.grantee, g.table_name
    FROM information_schema.role_table_grants g JOIN pg_tables t ON t.tablename = g.table_name
    WHERE g.table_name IN ('audit_auditevent', 'audit_auditseal', 'audit_auditpurge')
      AND g.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
      AND g.grantee NOT IN (t.tableowner, 'PUBLIC')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM %I', r.table_name, r.grantee);
  END LOOP;
END
$$;
"""


def forwards(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION safetynet_audit_append_only()"
                )
                cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")
            cursor.execute(PG_REVOKE_GRANTEES)
        elif connection.vendor == "sqlite":
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'audit tables are append-only'); END"
                )


def backwards(apps: object, schema_editor: object) -> None:
    connection = schema_editor.connection  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            elif connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS safetynet_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]

    operations = [migrations.RunPython(forwards, backwards)]
