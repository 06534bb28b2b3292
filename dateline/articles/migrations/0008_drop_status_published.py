from django.db import migrations


class Migration(migrations.Migration):
    # SQLite chose this index for every public list ("published_at <= now") and sorted the
    # whole archive instead of reading (status, sort) in order.
    dependencies = [("articles", "0007_desk_indexes")]

    operations = [
        migrations.RemoveIndex(model_name="article", name="article_status_published"),
    ]
