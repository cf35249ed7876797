"""A unit's partner system (its own case software, over the API) reads the unit's cases and
posts contacts (case.api): a new version of the capability table adding those rows, unless a
version already grants it (a fresh install ships it)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import CAPABILITIES


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    version = apps.get_model("rules", "RuleVersion")
    latest = (
        version.objects.filter(kind="agencies.capabilities", status="published")
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is None or any("case.api" in r["capabilities"] for r in latest.content):
        return
    positions = {(r["unit_kind"], r["role"]) for r in latest.content}
    added = [r for r in CAPABILITIES if "case.api" in r["capabilities"]
             and (r["unit_kind"], r["role"]) not in positions]  # fmt: skip
    number = version.objects.filter(kind="agencies.capabilities").order_by("-number").first().number
    version.objects.create(
        kind="agencies.capabilities", number=number + 1, effective_from=latest.effective_from,
        content=[*latest.content, *added], source=latest.source, unsourced=latest.unsourced,
        note="各單位的個案系統經 API 讀取本單位個案、登錄訪視（個案管理 API）。", status="published",
        created_at=latest.created_at, decided_at=latest.decided_at,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_contact_by_api")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
