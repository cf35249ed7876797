"""Idempotency records keep a pointer to what was made, not the answer: the old records (whole
answers with names and narrative) are dropped; a retry of one of them files again at worst, and
they were at most a day old in a deployment that pruned them."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def forget(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("api", "IdempotencyRecord").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.RunPython(forget, migrations.RunPython.noop),
        migrations.RenameField(model_name="idempotencyrecord", old_name="body", new_name="result"),
        migrations.AlterField(
            model_name="idempotencyrecord",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True),
        ),
    ]
