"""Existing open cases become 處遇中 (B), closed ones 已結案 (C); their programme is the one its
intake route opens."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import CAPABILITIES
from safetynet.cases.defaults import PROGRAMMES


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    case = apps.get_model("cases", "Case")
    case.objects.filter(status="open").update(status="B")
    case.objects.filter(status="closed").update(status="C")
    for programme in PROGRAMMES:
        if programme["route"]:
            case.objects.filter(service=programme["route"]).update(programme=programme["code"])


def grant_approval(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Unit supervisors approve their unit's case decisions (case.approve): a new version of
    the capability table unless one grants it already (a fresh install ships it)."""
    version = apps.get_model("rules", "RuleVersion")
    latest = (
        version.objects.filter(kind="agencies.capabilities", status="published")
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is None or any("case.approve" in r["capabilities"] for r in latest.content):
        return
    content = [
        {**r, "capabilities": [*r["capabilities"], "case.approve"]}
        if r["role"] == "supervisor" and "case.work" in r["capabilities"]
        else r
        for r in latest.content
    ]
    positions = {(r["unit_kind"], r["role"]) for r in content}
    content += [r for r in CAPABILITIES if r["role"] == "supervisor"
                and (r["unit_kind"], r["role"]) not in positions]  # fmt: skip
    number = (version.objects.filter(kind="agencies.capabilities").order_by("-number").first()).number
    version.objects.create(
        kind="agencies.capabilities", number=number + 1, effective_from=latest.effective_from,
        content=content, source=latest.source, unsourced=latest.unsourced,
        note="單位督導核定個案開案、結案（個案管理上線）。", status="published",
        created_at=latest.created_at, decided_at=latest.decided_at,
    )  # fmt: skip


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
