"""The desk's rule tables move to `safetynet.rules`: each distinct effective date of the old
per-row tables becomes a version holding the rows in force from that date."""

from typing import Any

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils import timezone

from safetynet.intake.defaults import ASSESSMENTS, DEADLINES, SHIPPED_FROM, THRESHOLDS
from safetynet.rules.seeding import seed


def _versions(apps: Apps, kind: str, rules: list[Any], key: Any, row: Any) -> None:
    version = apps.get_model("rules", "RuleVersion")
    now = timezone.now()
    for number, day in enumerate(sorted({r.effective_from for r in rules}), start=1):
        latest: dict[Any, Any] = {}
        for rule in sorted(rules, key=lambda r: r.effective_from):
            if rule.effective_from <= day:
                latest[key(rule)] = rule
        version.objects.create(
            kind=kind, number=number, effective_from=day, content=[row(r) for r in latest.values()],
            source="見各列來源。", note="由舊的逐列規則表轉入。", status="published",
            created_at=now, decided_at=now,
        )  # fmt: skip


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    deadlines = list(apps.get_model("intake", "DeadlineRule").objects.all())
    if deadlines:
        _versions(apps, "intake.deadlines", deadlines, lambda r: r.kind,
                  lambda r: {"deadline": r.kind, "hours": r.hours, "source": r.source})  # fmt: skip
    else:
        seed(apps, "intake.deadlines", effective_from=SHIPPED_FROM, content=DEADLINES,
             source="見各列來源。")  # fmt: skip
    routes = list(
        apps.get_model("intake", "RoutingRule").objects.select_related("district", "unit")
    )
    if routes:
        _versions(apps, "intake.routing", routes, lambda r: (r.route_key, r.district_id),
                  lambda r: {"route": r.route_key, "district": r.district.code if r.district else "",
                             "unit": r.unit.code})  # fmt: skip
    seed(apps, "intake.thresholds", effective_from=SHIPPED_FROM, content=THRESHOLDS,
         source="見各列來源；未列來源者為無來源（平台自訂）。")  # fmt: skip
    seed(apps, "intake.assessments", effective_from=SHIPPED_FROM, content=ASSESSMENTS,
         source="見各列來源。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_report_queue_indexes"),
        ("rules", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.DeleteModel(name="DeadlineRule"),
        migrations.AlterField(
            model_name="reportperson",
            name="match_status",
            field=models.CharField(
                choices=[
                    ("id", "Matched by ID"),
                    ("name_birth", "Matched by name and birth date"),
                    ("ambiguous", "Several possible persons"),
                    ("conflict", "ID on file under another name"),
                    ("new", "New person"),
                ],
                max_length=20,
            ),
        ),
        migrations.DeleteModel(name="RoutingRule"),
    ]
