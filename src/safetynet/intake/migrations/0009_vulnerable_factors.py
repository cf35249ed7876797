"""The vulnerable-family factor list as dated data. The list before 114-07-01 is not in this
repository (no version is shipped for it: a city enters it from its official form); the
114-07-01 revision's new factor, 兒少擔任家庭照顧者 graded high, is (DESIGN.md §4)."""

import datetime as dt

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "intake.vulnerable_factors", effective_from=dt.date(2025, 7, 1),
         content=[{"code": "child_carer", "label": "兒少擔任家庭照顧者", "grade": "high",
                   "source": "脆弱家庭評估因子 114-07-01 修正 (DESIGN.md §4)"}],
         source="114-07-01 修正新增之因子；其餘因子請依官方表單輸入。",
         note="隨平台提供：僅含 114-07-01 修正新增之因子。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("intake", "0008_decision_factors"), ("rules", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
