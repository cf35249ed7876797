"""Need-to-know by relation (issue 11): the visibility table gets the former lead, referred and
break-the-glass relations (a new version, unless present); break-the-glass is granted to every
position that works cases; its rules ship as "no source"."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import (
    BREAKGLASS,
    FAMILY_VISIBILITY,
    NEED_TO_KNOW_RELATIONS,
    SHIPPED_FROM,
)
from safetynet.cases.migrations._capabilities import Rows, grant
from safetynet.rules.seeding import seed

KIND = "cases.family_visibility"


def relations(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    version = apps.get_model("rules", "RuleVersion")
    latest = (
        version.objects.filter(kind=KIND, status="published")
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is None or any(r["relation"] in NEED_TO_KNOW_RELATIONS for r in latest.content):
        return
    added = [r for r in FAMILY_VISIBILITY if r["relation"] in NEED_TO_KNOW_RELATIONS]
    number = version.objects.filter(kind=KIND).order_by("-number").first().number
    version.objects.create(
        kind=KIND, number=number + 1, effective_from=latest.effective_from,
        content=[*latest.content, *added], source=latest.source,
        note="依關係知所必要：前主責（寬限期）、受轉介單位（摘要）、緊急調閱（特種個資僅摘要）。",
        status="published", created_at=latest.created_at, decided_at=latest.decided_at,
    )  # fmt: skip


def to_case_workers(rows: Rows) -> Rows:
    return [{**r, "capabilities": [*r["capabilities"], "case.breakglass"]}
            if "case.work" in r["capabilities"] else r for r in rows]  # fmt: skip


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    relations(apps, schema_editor)
    grant(apps, "case.breakglass", to_case_workers, "處理個案之職位得緊急調閱（須填理由、事後審查）。")
    seed(apps, "cases.breakglass", effective_from=SHIPPED_FROM,
         content=BREAKGLASS, unsourced=True)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_breakglass"), ("agencies", "0003_closed_content")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
