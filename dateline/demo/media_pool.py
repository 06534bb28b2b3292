"""The pool of pictures and videos that generated articles take their lead media from."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dateline.conf import setting
from dateline.demo.images import create_picture
from dateline.media.models import MediaAsset
from dateline.media.paths import MediaPath, datetime_to_ticks

# A 3-second test-pattern clip (H.264 baseline, 18 KB) made once with ffmpeg for the demo.
DEMO_CLIP = Path(__file__).resolve().parent / "fixtures" / "clip.mp4"


def build_media_pool(
    pictures: int, videos: int, start: datetime, end: datetime, with_files: bool
) -> tuple[list[MediaAsset], list[MediaAsset]]:
    """Create ``pictures`` image assets and ``videos`` video assets (each with a poster).

    With ``with_files`` the pictures are drawn to disk; without, only the rows exist (enough
    for benchmarks, which never fetch the files).
    """
    step = (end - start) / max(pictures + videos, 1)
    images = [_picture(start + step * i, i, with_files) for i in range(pictures)]
    clips = [_video(start + step * (pictures + i), pictures + i, with_files) for i in range(videos)]
    return images, clips


def _picture(moment: datetime, seed: int, with_files: bool) -> MediaAsset:
    caption = f"Demo picture {seed + 1}"
    if with_files:
        return create_picture(moment, seed, caption)
    path = MediaPath(
        setting("DATELINE_SITE_PREFIX"), datetime_to_ticks(moment), "25f", "4x3", "jpg"
    )
    asset, _created = MediaAsset.objects.get_or_create(
        file=path.storage_name,
        defaults={
            "kind": MediaAsset.Kind.IMAGE,
            "site": path.site,
            "ticks": path.ticks,
            "size_code": path.size,
            "ratio": path.ratio,
            "caption": caption,
            "alt_text": caption,
        },
    )
    return asset


def _video(moment: datetime, seed: int, with_files: bool) -> MediaAsset:
    poster = _picture(moment - timedelta(seconds=1), seed, with_files)
    path = MediaPath(
        setting("DATELINE_SITE_PREFIX"), datetime_to_ticks(moment), "25f", "4x3", "mp4"
    )
    asset, _created = MediaAsset.objects.get_or_create(
        file=path.storage_name,
        defaults={
            "kind": MediaAsset.Kind.VIDEO,
            "site": path.site,
            "ticks": path.ticks,
            "size_code": path.size,
            "ratio": path.ratio,
            "caption": f"Demo video {seed + 1}",
            "poster": poster,
        },
    )
    if with_files and not default_storage.exists(asset.file.name):
        default_storage.save(asset.file.name, ContentFile(DEMO_CLIP.read_bytes()))
    return asset
