"""Measure a stored file once, when it is made, so that outputs read its sizes from the row.

Uploads are measured as they are checked (``ingest``). Files that arrive another way (an
import's copy, the demo's drawn pictures, rows older than the ``byte_size`` column) are
measured here: their byte length and, for a picture, its pixel size, which is what lets the
site offer renditions of it (the 16x9, 4x3 and 1x1 cuts structured data names).
"""

from __future__ import annotations

import warnings

from django.core.files.storage import default_storage
from django.db.models import Manager, Q
from PIL import Image, UnidentifiedImageError

from dateline.conf import setting
from dateline.media.models import MediaAsset

FIELDS = ("byte_size", "width", "height", "version_ticks")


def pixel_size(name: str) -> tuple[int, int] | None:
    """Return the width and height of the stored picture ``name`` from its header, or None
    when it is missing, unreadable, or over ``DATELINE_MEDIA_MAX_PIXELS`` (a picture we
    would refuse to upload is never cut into renditions either)."""
    try:
        with (
            warnings.catch_warnings(),
            default_storage.open(name, "rb") as handle,
        ):
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle) as image:
                size = image.size
    except (
        OSError,
        ValueError,
        SyntaxError,
        UnidentifiedImageError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ):
        return None
    if size[0] < 1 or size[1] < 1 or size[0] * size[1] > setting("DATELINE_MEDIA_MAX_PIXELS"):
        return None
    return size


def free_version(asset: MediaAsset, assets: Manager | None = None) -> int:
    """Return the version ticks to name ``asset``'s renditions with.

    A rendition is named ``<site>_<version>_<width in hex>_<ratio>``; with the version equal to
    the file's own ticks, a reference-style original (``x_<ticks>_25f_4x3.jpg``) would answer
    for its own 607-pixel 4x3 rendition at its full size. The first later tick that names no
    other asset's file or renditions is used instead. ``assets`` is the manager to ask (a
    migration's historical model), ``MediaAsset.objects`` by default.
    """
    version = asset.ticks + 1
    taken = (
        (assets if assets is not None else MediaAsset.objects)
        .filter(site=asset.site)
        .exclude(pk=asset.pk)
    )
    while taken.filter(Q(ticks=version) | Q(version_ticks=version)).exists():
        version += 1
    return version


def record_file(asset: MediaAsset, assets: Manager | None = None) -> bool:
    """Set ``asset``'s byte size and, for a picture, its pixel size (and a rendition version
    when it has none) from its stored file; return False, changing nothing, when the file is
    not there. The row is not saved: save ``FIELDS``. ``assets`` as for ``free_version``."""
    try:
        byte_size = default_storage.size(asset.file.name)
    except (OSError, ValueError):
        return False
    asset.byte_size = byte_size
    if asset.kind == "image":
        size = pixel_size(asset.file.name)
        if size is not None:
            asset.width, asset.height = size
            if asset.version_ticks is None:
                asset.version_ticks = free_version(asset, assets)
    return True
