"""Content closed to a kind of unit (agencies.closed_content), first version."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import CLOSED_CONTENT, SHIPPED_FROM
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "agencies.closed_content", effective_from=SHIPPED_FROM, content=CLOSED_CONTENT,
         source="見各列來源。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("agencies", "0002_capabilities")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
