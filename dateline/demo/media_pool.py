"""The pool of pictures and videos that generated articles take their lead media from."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dateline.demo.images import create_picture, demo_asset, record_stored_file
from dateline.media.models import MediaAsset

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
    return demo_asset(moment, "jpg", caption=caption, alt_text=caption)


def _video(moment: datetime, seed: int, with_files: bool) -> MediaAsset:
    poster = _picture(moment - timedelta(seconds=1), seed, with_files)
    asset = demo_asset(moment, "mp4", caption=f"Demo video {seed + 1}", poster=poster)
    if with_files:
        ensure_clip_file(asset)
    return asset


def ensure_clip_file(asset: MediaAsset) -> None:
    """Write the demo clip at ``asset``'s path unless a file is already there, and record its
    byte size on the row."""
    if not default_storage.exists(asset.file.name):
        default_storage.save(asset.file.name, ContentFile(DEMO_CLIP.read_bytes()))
    record_stored_file(asset)
