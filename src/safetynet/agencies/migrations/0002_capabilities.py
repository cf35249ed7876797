"""The shipped capability table (agencies/defaults.py), marked as having no source."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import CAPABILITIES, SHIPPED_FROM
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "agencies.capabilities", effective_from=SHIPPED_FROM, content=CAPABILITIES,
         unsourced=True)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial"), ("rules", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
