"""Change where an image is cropped: its focal point and per-ratio editor crops.

A change gives the asset a new version (ticks), so every rendition gets a new name; the old
renditions are deleted after the commit, when no page being rendered still names them.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dateline.media.geometry import Box, fit_crop
from dateline.media.models import Crop, MediaAsset, Rendition
from dateline.media.paths import datetime_to_ticks

CROP_RATIOS = ("4x3", "16x9", "1x1", "3x2")


def parse_box(value: str, where: str) -> Box | None:
    """Return ``(left, top, right, bottom)`` from ``"left,top,width,height"``; None if blank.

    Raise ValueError naming ``where`` for anything else.
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        left, top, width, height = (int(round(float(p))) for p in value.split(","))
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not 'left,top,width,height' in pixels") from None
    if min(left, top) < 0 or min(width, height) < 1:
        raise ValueError(f"{where}: {value!r} has a negative position or an empty size")
    return (left, top, left + width, top + height)


def set_focus(asset: MediaAsset, focal: tuple[float, float], crops: dict[str, Box | None]) -> bool:
    """Set the focal point and the crops named in ``crops`` (None removes one).

    Return True when anything changed. Raise ValueError for a point or crop off the image.
    """
    if not asset.has_renditions:
        raise ValueError(f"{asset.path}: only uploaded images have a focal point and crops")
    fx, fy = focal
    if not (0 <= fx <= 1 and 0 <= fy <= 1):
        raise ValueError(f"focal point ({fx}, {fy}) must lie within 0..1 on both axes")
    source = (asset.width, asset.height)
    wanted = {r: fit_crop(source, r, box) for r, box in crops.items() if box is not None}
    current = {c.ratio: c.box for c in asset.crops.all()}
    removed = [r for r, box in crops.items() if box is None and r in current]
    changed_crops = {r: b for r, b in wanted.items() if current.get(r) != b}
    moved = (round(asset.focal_x, 4), round(asset.focal_y, 4)) != (round(fx, 4), round(fy, 4))
    if not (moved or changed_crops or removed):
        return False
    with transaction.atomic():
        Crop.objects.filter(asset=asset, ratio__in=removed).delete()
        for ratio, box in changed_crops.items():
            Crop.objects.update_or_create(
                asset=asset,
                ratio=ratio,
                defaults={
                    "left": box[0],
                    "top": box[1],
                    "width": box[2] - box[0],
                    "height": box[3] - box[1],
                },
            )
        old_version = asset.version_ticks
        asset.focal_x, asset.focal_y = fx, fy
        asset.version_ticks = max(datetime_to_ticks(timezone.now()), old_version + 1)
        asset.save(update_fields=["focal_x", "focal_y", "version_ticks"])
        transaction.on_commit(lambda: delete_renditions(asset.pk, keep=asset.version_ticks))
    return True


def delete_renditions(asset_id: int, keep: int | None = None) -> int:
    """Delete the rendition files and rows of an asset, except those of version ``keep``."""
    stale = Rendition.objects.filter(asset_id=asset_id).exclude(version=keep)
    count = 0
    for rendition in stale:
        rendition.delete()  # its file goes after the commit (signals.rendition_deleted)
        count += 1
    return count
