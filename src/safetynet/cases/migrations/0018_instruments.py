"""Assessment instruments, first version (structure and scoring; no item wording)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import INSTRUMENTS, SHIPPED_FROM
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "cases.instruments", effective_from=SHIPPED_FROM, content=INSTRUMENTS,
         source="見各列來源。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_assessments")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
