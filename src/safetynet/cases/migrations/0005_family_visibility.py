"""The family page's visibility table, first version."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import FAMILY_VISIBILITY, SHIPPED_FROM
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "cases.family_visibility", effective_from=SHIPPED_FROM, content=FAMILY_VISIBILITY,
         source="見各列來源；未列來源者為無來源（平台自訂）。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_statuses")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
