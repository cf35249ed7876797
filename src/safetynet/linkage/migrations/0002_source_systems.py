from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.linkage.defaults import SOURCE_SYSTEMS


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    system = apps.get_model("linkage", "SourceSystem")
    for code, name, existence, content in SOURCE_SYSTEMS:
        system.objects.get_or_create(
            code=code,
            defaults={"name": name, "existence_roles": existence, "content_roles": content},
        )


class Migration(migrations.Migration):
    dependencies = [("linkage", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
