"""Create the engine's own structures: an FTS5 table on SQLite, a tsvector + GIN on PostgreSQL."""

from django.db import migrations
from django.utils.module_loading import import_string

_MODULES = {
    "sqlite": "dateline.search.backends.sqlite",
    "postgresql": "dateline.search.backends.postgres",
}


def _run(statements_name):
    def run(apps, schema_editor):
        module = _MODULES.get(schema_editor.connection.vendor)
        if module is None:
            return
        for statement in import_string(f"{module}.{statements_name}"):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run("SCHEMA"), _run("DROP"))]
