from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

import datetime as dt

from safetynet.intake.defaults import SERVICE_GROUPS

# As shipped then; 0004 moves them into the rule tables.
DEADLINES = [
    ("grading", 24, dt.date(2018, 1, 1), "兒少權法 §53; 兒少保護案件分級分類處理原則"),
    ("cp_grade1_contact", 24, dt.date(2018, 1, 1), "兒少保護案件分級分類處理原則: 一級"),
    ("cp_grade2_contact", 96, dt.date(2018, 1, 1), "兒少保護案件分級分類處理原則: 二級"),
]


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    deadline = apps.get_model("intake", "DeadlineRule")
    for kind, hours, effective_from, source in DEADLINES:
        deadline.objects.get_or_create(
            kind=kind, effective_from=effective_from, defaults={"hours": hours, "source": source}
        )
    group = apps.get_model("intake", "ServiceGroup")
    for sort, (code, name, name_en) in enumerate(SERVICE_GROUPS):
        group.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort": sort})


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
