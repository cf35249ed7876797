"""Case management's rule tables, first versions (programmes, schedules, clocks, calendar)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import CLOCKS, PROGRAMMES, REST_DAYS, SCHEDULES, SHIPPED_FROM
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "cases.programmes", effective_from=SHIPPED_FROM, content=PROGRAMMES,
         source="見各列來源；未列來源者為無來源（平台自訂）。")  # fmt: skip
    seed(apps, "cases.schedules", effective_from=SHIPPED_FROM, content=SCHEDULES,
         source="見各列來源。")  # fmt: skip
    seed(apps, "cases.clocks", effective_from=SHIPPED_FROM, content=CLOCKS, source="見各列來源。")
    seed(apps, "cases.rest_days", effective_from=SHIPPED_FROM, content=REST_DAYS,
         source="行政院人事行政總處「政府行政機關辦公日曆表」113–116 年。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("rules", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
