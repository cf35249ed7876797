"""Confidential addresses: asking to see one (staff who work cases, the desk) and approving it
(unit supervisors, the desk's supervisor); the disclosure's hours ship as "no source"."""

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import SHIPPED_FROM
from safetynet.rules.seeding import Rows, grant, seed


def _adding(capability: str, *, when: Any) -> Any:
    def change(rows: Rows) -> Rows:
        return [{**r, "capabilities": [*r["capabilities"], capability]} if when(r) else r
                for r in rows]  # fmt: skip

    return change


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    desk = ("intake_desk",)
    grant(apps, "address.request", _adding("address.request", when=lambda r: "case.work" in
          r["capabilities"] or r["unit_kind"] in desk and r["role"] in ("screener", "supervisor")),
          "處理個案之職位與篩派案中心得申請揭露保密地址。")  # fmt: skip
    grant(apps, "address.approve", _adding("address.approve", when=lambda r: "case.approve" in
          r["capabilities"] or (r["unit_kind"], r["role"]) == ("intake_desk", "supervisor")),
          "單位督導與篩派案中心督導核准揭露保密地址（第二人核准）。")  # fmt: skip
    seed(apps, "people.address_disclosure", effective_from=SHIPPED_FROM, content={"hours": 24},
         unsourced=True)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("people", "0002_confidential_addresses"), ("agencies", "0002_capabilities")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
