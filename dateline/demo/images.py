"""Placeholder pictures for the demo newsroom, drawn with Pillow (no network, no fixtures)."""

from __future__ import annotations

import io
import random
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from dateline.conf import setting
from dateline.media.measure import FIELDS, record_file
from dateline.media.models import MediaAsset
from dateline.media.paths import MediaPath, datetime_to_ticks

# Large enough for Google's article images: 16x9, 4x3 and 1x1 cuts each 1200 pixels wide or more.
PICTURE_SIZE = (1600, 1200)
_PALETTE = [(176, 0, 32), (0, 90, 156), (0, 122, 94), (196, 120, 0), (90, 60, 140), (60, 60, 60)]


def draw_picture(width: int, height: int, seed: int, caption: str = "") -> bytes:
    """Return a JPEG of a simple landscape-like gradient with an optional caption."""
    rng = random.Random(seed)
    top, bottom = rng.sample(_PALETTE, 2)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(3):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(20, height // 3)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=3)
    if caption:
        draw.rectangle([0, height - 40, width, height], fill=(0, 0, 0))
        draw.text((12, height - 30), caption[:60], fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


def ensure_picture_file(asset: MediaAsset, seed: int, caption: str = "") -> None:
    """Write a placeholder picture at ``asset``'s path unless a file is already there, and
    record its byte and pixel sizes on the row (so that it gets renditions)."""
    if asset.is_video:
        return
    if not default_storage.exists(asset.file.name):
        default_storage.save(
            asset.file.name, ContentFile(draw_picture(*PICTURE_SIZE, seed, caption))
        )
    record_stored_file(asset)


def record_stored_file(asset: MediaAsset) -> None:
    """Measure ``asset``'s stored file onto its row, unless that was done already."""
    if asset.byte_size is None or (not asset.is_video and not asset.has_renditions):
        if record_file(asset):
            asset.save(update_fields=FIELDS)


def demo_asset(moment: datetime, ext: str, ratio: str = "4x3", **fields) -> MediaAsset:
    """Return the asset at the reference path for ``moment``, creating its row if needed."""
    path = MediaPath(setting("DATELINE_SITE_PREFIX"), datetime_to_ticks(moment), "25f", ratio, ext)
    asset = MediaAsset.objects.filter(file=path.storage_name).first()
    if asset is None:
        asset = MediaAsset.from_path(str(path), **fields)
        asset.save()
    return asset


def create_picture(
    moment: datetime, seed: int, caption: str = "", ratio: str = "4x3"
) -> MediaAsset:
    """Create an image asset at the reference path for ``moment`` with a drawn file."""
    asset = demo_asset(
        moment,
        "jpg",
        ratio,
        caption=caption,
        credit="Dateline demo",
        alt_text=caption,
    )
    ensure_picture_file(asset, seed, caption)
    return asset
