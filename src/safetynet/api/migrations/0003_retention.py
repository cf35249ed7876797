"""How long idempotency keys are remembered: a day (the platform's choice, no source)."""

import datetime as dt

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "api.idempotency", effective_from=dt.date(2018, 1, 1), content={"keep_hours": 24},
         unsourced=True)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("api", "0002_idempotency_result"), ("rules", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
