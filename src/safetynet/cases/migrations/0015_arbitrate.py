"""The desk supervisor decides disputes over the lead (case.arbitrate)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.migrations._capabilities import add_to, grant


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    grant(apps, "case.arbitrate", add_to(("intake_desk", "supervisor"), "case.arbitrate"),
          "集中篩派案中心督導裁決主責爭議。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_disputes")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
