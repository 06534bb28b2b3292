from django.contrib.auth.management import create_permissions
from django.db import migrations

from dateline.desk import roles


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.create_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(roles.ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("desk", "0002_desk_records"),
        ("articles", "0004_workflow_permissions"),
        ("taxonomy", "0001_initial"),
        ("stories", "0001_initial"),
        ("media", "0001_initial"),
        ("related", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
