"""Who reads who viewed a record and handles access alerts (issue 11): the auditors everything;
the supervisors of units that approve case decisions their unit's cases and alerts; the desk's
supervisor reports and their persons, and the desk's alerts. The anomaly thresholds ship as
"no source"."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.cases.defaults import SHIPPED_FROM
from safetynet.cases.migrations._capabilities import Rows, add_to, grant
from safetynet.oversight.rules import DEFAULTS
from safetynet.rules.seeding import seed


def to_unit_supervisors(rows: Rows) -> Rows:
    return [{**r, "capabilities": [*r["capabilities"], "oversight.unit"]}
            if r["role"] == "supervisor" and ("case.approve" in r["capabilities"]
                                              or r["unit_kind"] == "intake_desk")
            else r for r in rows]  # fmt: skip


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    grant(apps, "oversight.audit", add_to(("*", "auditor"), "oversight.audit"),
          "稽核人員得查閱任何紀錄之調閱者，並處理所有存取異常警示。")  # fmt: skip
    grant(apps, "oversight.unit", to_unit_supervisors,
          "單位督導得查閱本單位主責或協同個案及其成員之調閱者，並處理本單位人員之存取異常警示。")  # fmt: skip
    grant(apps, "oversight.desk", add_to(("intake_desk", "supervisor"), "oversight.desk"),
          "集中篩派案督導得查閱通報及其所列之人之調閱者。")  # fmt: skip
    seed(apps, "oversight.anomalies", effective_from=SHIPPED_FROM, content=DEFAULTS,
         unsourced=True)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_initial"),
        ("cases", "0022_notice_anomaly"),
        ("agencies", "0003_closed_content"),
        ("rules", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
