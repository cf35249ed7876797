"""Existing open cases become 處遇中 (B), closed ones 已結案 (C); their programme is the one its
intake route opens."""

from typing import Any

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import CAPABILITIES
from safetynet.cases.defaults import PROGRAMMES
from safetynet.cases.migrations._capabilities import grant


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    case = apps.get_model("cases", "Case")
    case.objects.filter(status="open").update(status="B")
    case.objects.filter(status="closed").update(status="C")
    for programme in PROGRAMMES:
        if programme["route"]:
            case.objects.filter(service=programme["route"]).update(programme=programme["code"])


def _supervisors_approve(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    changed = [
        {**r, "capabilities": [*r["capabilities"], "case.approve"]}
        if r["role"] == "supervisor" and "case.work" in r["capabilities"]
        else r
        for r in rows
    ]
    positions = {(r["unit_kind"], r["role"]) for r in changed}
    return changed + [r for r in CAPABILITIES if r["role"] == "supervisor"
                      and (r["unit_kind"], r["role"]) not in positions]  # fmt: skip


def grant_approval(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Unit supervisors approve their unit's case decisions (case.approve)."""
    grant(apps, "case.approve", _supervisors_approve, "單位督導核定個案開案、結案（個案管理上線）。")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_capabilities"),
        ("cases", "0003_case_life_cycle"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RunPython(grant_approval, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='case',
            name='status',
            field=models.CharField(choices=[('F', 'Assessment'), ('I', 'Open review'), ('B', 'In service'), ('D', 'Follow-up'), ('E', 'Closure awaiting supervisor'), ('C', 'Closed'), ('N', 'Not opened')], default='F', max_length=1),
        ),
    ]
