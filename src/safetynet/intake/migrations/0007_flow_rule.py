"""The intake flow as dated data: the first national plan's desk screens and dispatches; from
115年 (2026-01-01) the 通報調查處理中心 investigates on site before a case is opened."""

import datetime as dt

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils import timezone

from safetynet.intake.defaults import SHIPPED_FROM
from safetynet.rules.seeding import seed

SAFETY_NET_2 = dt.date(2026, 1, 1)


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "intake.flow", effective_from=SHIPPED_FROM,
         content={"investigate": False, "source": "強化社會安全網計畫（第一期，107–109年）: 集中篩派案"},
         source="強化社會安全網計畫（第一期）")  # fmt: skip
    version = apps.get_model("rules", "RuleVersion")
    if not version.objects.filter(kind="intake.flow", number=2).exists():
        now = timezone.now()
        version.objects.create(
            kind="intake.flow", number=2, effective_from=SAFETY_NET_2,
            content={"investigate": True, "source": "強化社會安全網第二期計畫（115–119年）: 通報調查處理中心"},
            source="強化社會安全網第二期計畫（115–119年）(DESIGN.md §4)",
            note="社安網 2.0：通報調查處理中心於開案前實地調查。", status="published",
            created_at=now, decided_at=now,
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("intake", "0006_investigations"), ("rules", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
