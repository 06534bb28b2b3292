from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0005_unfinished_announcements"),
    ]

    operations = [
        migrations.AddField(
            model_name="unfinishedrelease",
            name="done",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
