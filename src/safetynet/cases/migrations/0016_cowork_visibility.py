"""The family page's table gets the co-working relation (a new version, unless present)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import FAMILY_VISIBILITY


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    version = apps.get_model("rules", "RuleVersion")
    latest = (
        version.objects.filter(kind="cases.family_visibility", status="published")
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is None or any(r["relation"] == "cowork" for r in latest.content):
        return
    added = [r for r in FAMILY_VISIBILITY if r["relation"] == "cowork"]
    number = version.objects.filter(kind="cases.family_visibility").order_by("-number").first()
    version.objects.create(
        kind="cases.family_visibility", number=number.number + 1,
        effective_from=latest.effective_from, content=[*latest.content, *added],
        source=latest.source, note="協同單位可見家庭個案摘要（特種個資僅知有此案）。",
        status="published", created_at=latest.created_at, decided_at=latest.decided_at,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_arbitrate")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
