"""Files measured once when stored (imports, the demo) and by the migration for older rows."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dateline.media.measure import FIELDS, free_version, record_file
from dateline.media.models import MediaAsset, Rendition
from dateline.media.renditions import Spec, find_or_create, rendition_path
from tests.factories import make_media
from tests.media.helpers import image_bytes, mp4_bytes

pytestmark = pytest.mark.django_db


def stored(asset: MediaAsset, content: bytes) -> Path:
    default_storage.save(asset.file.name, ContentFile(content))
    return Path(default_storage.path(asset.file.name))


def test_a_picture_is_measured_from_its_file(media_root):
    asset = make_media(ratio="4x3")
    path = stored(asset, image_bytes(size=(1500, 1000)))
    assert record_file(asset)
    assert (asset.byte_size, asset.width, asset.height) == (path.stat().st_size, 1500, 1000)
    # Renditions are named one tick on: the reference-style original (x_<ticks>_25f_4x3.jpg)
    # must not answer for its own 607-pixel 4x3 rendition.
    assert asset.version_ticks == asset.ticks + 1
    asset.save(update_fields=FIELDS)
    assert rendition_path(asset, Spec("4x3", 607, "jpg"))[1:] != asset.file.name


def test_a_missing_file_changes_nothing_and_a_video_gets_its_length(media_root):
    missing = make_media()
    assert not record_file(missing)
    assert (missing.byte_size, missing.width, missing.version_ticks) == (None, None, None)
    clip = make_media(ext="mp4", ratio="16x9")
    path = stored(clip, mp4_bytes(seconds=3))
    assert record_file(clip)
    assert (clip.byte_size, clip.width, clip.version_ticks) == (path.stat().st_size, None, None)


def test_a_file_that_is_not_a_picture_or_too_large_gets_no_renditions(media_root, settings):
    broken = make_media()
    content = b"\xff\xd8 not really a JPEG"
    stored(broken, content)
    assert record_file(broken) and broken.byte_size == len(content)
    assert not broken.has_renditions
    settings.DATELINE_MEDIA_MAX_PIXELS = 1000
    huge = make_media()
    stored(huge, image_bytes(size=(100, 100)))
    assert record_file(huge) and not huge.has_renditions


def test_the_version_names_no_other_assets_file(media_root):
    first = make_media()
    taken = MediaAsset.from_path(
        first.path.replace(f"_{first.ticks}_", f"_{first.ticks + 1}_"), version_ticks=1
    )
    taken.save()
    other = make_media()
    other.version_ticks = first.ticks + 2
    other.save()
    assert free_version(first) == first.ticks + 3


def test_the_migration_measures_rows_stored_before_sizes_were_recorded(media_root):
    migration = importlib.import_module("dateline.media.migrations.0003_byte_sizes")
    demo = make_media(ratio="4x3")
    demo_file = stored(demo, image_bytes(size=(1600, 1200)))
    uploaded = make_media(ratio="orig")
    uploaded_file = stored(uploaded, image_bytes(size=(900, 600)))
    uploaded.width, uploaded.height, uploaded.version_ticks = 900, 600, uploaded.ticks
    uploaded.save()
    rendition = Rendition.objects.get(file=find_or_create(uploaded, Spec("4x3", 320, "jpg")))
    Rendition.objects.filter(pk=rendition.pk).update(byte_size=None)
    never_copied = make_media()

    migration.measure_existing(apps, None)

    demo.refresh_from_db()
    assert (demo.byte_size, demo.width, demo.height) == (demo_file.stat().st_size, 1600, 1200)
    assert demo.has_renditions
    uploaded.refresh_from_db()
    assert uploaded.byte_size == uploaded_file.stat().st_size
    assert uploaded.version_ticks == uploaded.ticks  # an upload's renditions keep their names
    rendition.refresh_from_db()
    assert rendition.byte_size == Path(default_storage.path(rendition.file.name)).stat().st_size
    never_copied.refresh_from_db()
    assert never_copied.byte_size is None and not never_copied.has_renditions
