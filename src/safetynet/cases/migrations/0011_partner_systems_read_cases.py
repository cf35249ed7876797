"""A unit's partner system (its own case software, over the API) reads the unit's cases and
posts contacts (case.api): a new version of the capability table adding those rows, unless a
version already grants it (a fresh install ships it)."""

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import CAPABILITIES
from safetynet.cases.migrations._capabilities import grant


def _add_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    positions = {(r["unit_kind"], r["role"]) for r in rows}
    return [*rows, *(r for r in CAPABILITIES if "case.api" in r["capabilities"]
                     and (r["unit_kind"], r["role"]) not in positions)]  # fmt: skip


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    grant(apps, "case.api", _add_rows,
          "各單位的個案系統經 API 讀取本單位個案、登錄訪視（個案管理 API）。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_contact_by_api")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
