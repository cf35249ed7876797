"""On PostgreSQL, a GIN index over the audit rows' `detail` (jsonb_path_ops: containment tests
only, the smallest kind), so "who viewed" finds the rows that show a record among other things
without reading the trail. The audit app's models are not changed: the index is this app's, and
goes with it. SQLite (development, a single office) has no such index and reads the rows."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

NAME = "oversight_audit_detail_gin"


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON audit_auditevent "
            "USING gin (detail jsonb_path_ops)"
        )


def drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("oversight", "0002_capabilities_and_rules"), ("audit", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
