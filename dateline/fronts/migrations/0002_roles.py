from django.contrib.auth.management import create_permissions
from django.db import migrations

from dateline.desk import roles


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; the role groups need the fronts' now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.create_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("fronts", "0001_initial"),
        ("desk", "0003_roles"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
