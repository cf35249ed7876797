"""列管 rules, first version, and the desk supervisor's case.track (a new capability version
unless one grants it already)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import SHIPPED_FROM, TRACKING
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "cases.tracking", effective_from=SHIPPED_FROM, content=TRACKING, unsourced=True,
         note="隨平台提供的預設值（「嚴重」兒虐的分級界定無來源，請各市檢視）。")  # fmt: skip
    version = apps.get_model("rules", "RuleVersion")
    latest = (
        version.objects.filter(kind="agencies.capabilities", status="published")
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is None or any("case.track" in r["capabilities"] for r in latest.content):
        return
    content = [
        {**r, "capabilities": [*r["capabilities"], "case.track"]}
        if (r["unit_kind"], r["role"]) == ("intake_desk", "supervisor") else r
        for r in latest.content
    ]
    number = version.objects.filter(kind="agencies.capabilities").order_by("-number").first().number
    version.objects.create(
        kind="agencies.capabilities", number=number + 1, effective_from=latest.effective_from,
        content=content, source=latest.source, unsourced=latest.unsourced,
        note="集中篩派案中心督導列管重大個案。", status="published",
        created_at=latest.created_at, decided_at=latest.decided_at,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_tracked")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
