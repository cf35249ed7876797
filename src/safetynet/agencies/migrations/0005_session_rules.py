"""The idle limit of a login (`agencies.sessions`, agencies/defaults.py), marked as having no
source."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.agencies.defaults import SESSIONS, SHIPPED_FROM
from safetynet.rules.seeding import seed


def forward(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    seed(apps, "agencies.sessions", effective_from=SHIPPED_FROM, content=SESSIONS, unsourced=True,
         note="隨平台提供的預設值（閒置登出時間無法規來源，請各市檢視）。")  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("agencies", "0004_staff_phone"), ("rules", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
