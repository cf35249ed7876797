"""How long audit rows are kept: ten years (the platform's choice, no source; docs/security.md)."""

import datetime as dt

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "audit.retention", effective_from=dt.date(2018, 1, 1), content={"keep_days": 3650},
         unsourced=True)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("agencies", "0005_session_rules"), ("rules", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
