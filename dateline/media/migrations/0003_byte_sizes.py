"""Record the byte size of every rendition, and measure the files stored before sizes were
recorded (imports and the demo): their byte length and, for pictures, their pixel size, so
that feeds read sizes from the rows and such pictures get renditions."""

from django.db import migrations, models

from dateline.media.measure import FIELDS, record_file

_BATCH = 500


def measure_existing(apps, schema_editor):
    from django.core.files.storage import default_storage

    MediaAsset = apps.get_model("media", "MediaAsset")
    Rendition = apps.get_model("media", "Rendition")
    unmeasured = MediaAsset.objects.filter(
        models.Q(byte_size__isnull=True)
        | models.Q(kind="image", width__isnull=True)
        | models.Q(kind="image", version_ticks__isnull=True)
    )
    batch = []
    for asset in unmeasured.iterator(chunk_size=_BATCH):
        if record_file(asset, MediaAsset.objects):
            batch.append(asset)
        if len(batch) >= _BATCH:
            MediaAsset.objects.bulk_update(batch, FIELDS)
            batch = []
    MediaAsset.objects.bulk_update(batch, FIELDS)
    batch = []
    for rendition in Rendition.objects.filter(byte_size__isnull=True).iterator(chunk_size=_BATCH):
        try:
            rendition.byte_size = default_storage.size(rendition.file.name)
        except (OSError, ValueError):
            continue
        batch.append(rendition)
        if len(batch) >= _BATCH:
            Rendition.objects.bulk_update(batch, ["byte_size"])
            batch = []
    Rendition.objects.bulk_update(batch, ["byte_size"])


class Migration(migrations.Migration):
    dependencies = [("media", "0002_renditions_crops_galleries")]

    operations = [
        migrations.AddField(
            model_name="rendition",
            name="byte_size",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(measure_existing, migrations.RunPython.noop),
    ]
