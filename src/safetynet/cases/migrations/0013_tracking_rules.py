"""列管 rules, first version, and the desk supervisor's case.track (a new capability version
unless one grants it already)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import SHIPPED_FROM, TRACKING
from safetynet.cases.migrations._capabilities import add_to, grant
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "cases.tracking", effective_from=SHIPPED_FROM, content=TRACKING, unsourced=True,
         note="隨平台提供的預設值（「嚴重」兒虐的分級界定無來源，請各市檢視）。")  # fmt: skip
    grant(apps, "case.track", add_to(("intake_desk", "supervisor"), "case.track"),
          "集中篩派案中心督導列管重大個案。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_tracked")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
