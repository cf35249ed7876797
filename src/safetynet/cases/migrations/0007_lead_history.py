"""Every existing case gets its lead row (the unit that leads it since it opened); the handoff
limits table its first version (no source: the platform's defaults)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import SHIPPED_FROM
from safetynet.cases.rules import DEFAULT_LIMITS
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    case = apps.get_model("cases", "Case")
    unit = apps.get_model("cases", "CaseUnit")
    unit.objects.bulk_create(
        [unit(case_id=c.pk, unit_id=c.lead_unit_id, role="lead", worker_id=c.worker_id,
              since=c.opened_at) for c in case.objects.all().only("pk", "lead_unit_id",
                                                                  "worker_id", "opened_at")],
        batch_size=2000,
    )  # fmt: skip
    seed(apps, "cases.handoff_limits", effective_from=SHIPPED_FROM, content=DEFAULT_LIMITS,
         unsourced=True, note="隨平台提供的預設值（無來源，請各市檢視）。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_handoffs")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
