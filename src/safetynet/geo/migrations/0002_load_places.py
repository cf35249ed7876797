from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from safetynet.geo.services import places_load


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    places_load(county_model=apps.get_model("geo", "County"), district_model=apps.get_model("geo", "District"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
