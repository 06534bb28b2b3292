from django.db import migrations

from dateline.articles.registry import CONTENT_TYPES, LABELS


def load_registry(apps, schema_editor):
    ArticleType = apps.get_model("articles", "ArticleType")
    Label = apps.get_model("articles", "Label")
    for type_id, code, name in CONTENT_TYPES:
        ArticleType.objects.update_or_create(id=type_id, defaults={"code": code, "name": name})
    for code, name, is_breaking in LABELS:
        Label.objects.update_or_create(
            code=code, defaults={"name": name, "is_breaking": is_breaking}
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load_registry, migrations.RunPython.noop)]
