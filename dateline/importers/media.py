"""Bring a record's media files in from ``--media-root``: checked, copied, named by our scheme.

Files come only from the local folder given (never the network) and only from inside it: a
path with ``..``, an absolute path or a symlink out of the folder is refused. A missing file is
reported and the article is stored without it. Stored names follow the reference scheme
(``/<yyyy>/<mm>/<dd>/<prefix>_<ticks>_orig_orig.<ext>``) with ticks derived from the record,
so importing again finds the same name instead of making a copy.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage

from dateline.conf import setting
from dateline.importers.models import ImportedItem, Redirect, old_path_key
from dateline.importers.records import MediaRef
from dateline.media.measure import record_file
from dateline.media.models import MediaAsset
from dateline.media.paths import MediaPath, datetime_to_ticks

_EXTENSION = re.compile(r"^[a-z0-9]{2,4}$")


class MediaRefused(ValueError):
    """A media file that cannot be brought in; the message says why."""


class MediaStoreError(OSError):
    """A media file could not be written to the media storage (a full disk, say): the import
    stops, its batch is rolled back and no part of the file is left behind."""


def source_file(media_root: Path | None, relative: str) -> Path:
    """Return the file ``relative`` names inside ``media_root``, or raise ``MediaRefused``."""
    if media_root is None:
        raise MediaRefused(f"{relative!r} not imported: no --media-root was given")
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if not relative or relative.startswith(("/", "\\")) or ".." in parts or ":" in relative:
        raise MediaRefused(f"media path {relative!r} points outside --media-root; refused")
    root = media_root.resolve()
    path = (root / Path(*parts)).resolve()
    if not path.is_relative_to(root):
        raise MediaRefused(f"media path {relative!r} leads outside --media-root; refused")
    if not path.is_file():
        raise MediaRefused(f"media file {relative!r} is missing from --media-root")
    return path


def storage_path(ref: MediaRef) -> str:
    """Return the reference path the file of ``ref`` is stored at."""
    ext = PurePosixPath(ref.file).suffix.lower().lstrip(".")
    if not _EXTENSION.match(ext):
        raise MediaRefused(f"media file {ref.file!r} has no usable extension (2-4 letters)")
    # Spread files of the same second apart by their key, stably across imports.
    ticks = datetime_to_ticks(ref.moment.replace(microsecond=0))
    ticks += zlib.crc32(ref.key.encode()) % 10_000_000
    site = setting("DATELINE_SITE_PREFIX")
    return str(MediaPath(site=site, ticks=ticks, size="orig", ratio="orig", ext=ext))


Warn = Callable[[MediaRef, str], None]


def store_media(
    refs: list[MediaRef], media_root: Path | None, warn: Warn, source: str
) -> dict[str, MediaAsset]:
    """Store the files of ``refs`` not stored yet; return every stored asset by its key."""
    wanted = {ref.key: ref for ref in refs}
    if not wanted:
        return {}
    found = {
        item.key: item.media
        for item in ImportedItem.objects.filter(key__in=wanted, media__isnull=False)
        .select_related("media")
        .only("key", "media")
    }
    fresh: dict[str, MediaAsset] = {}
    for key, ref in wanted.items():
        if key in found:
            continue
        try:
            fresh[key] = _copy(ref, media_root)
        except MediaRefused as exc:
            warn(ref, str(exc))
    names = {asset.file.name for asset in fresh.values()}
    stored = {a.file.name: a for a in MediaAsset.objects.filter(file__in=names)}
    MediaAsset.objects.bulk_create([a for a in fresh.values() if a.file.name not in stored])
    assets = {key: stored.get(asset.file.name, asset) for key, asset in fresh.items()}
    ImportedItem.objects.bulk_create(
        [ImportedItem(key=key, media=asset, digest="") for key, asset in assets.items()],
        ignore_conflicts=True,
    )
    old = [(wanted[key].old_path, asset) for key, asset in assets.items() if wanted[key].old_path]
    Redirect.objects.bulk_create(
        [
            Redirect(old_path=old_path_key(path)[:500], media=asset, source=source)
            for path, asset in old
        ],
        ignore_conflicts=True,
    )
    return {**found, **assets}


def _copy(ref: MediaRef, media_root: Path | None) -> MediaAsset:
    source = source_file(media_root, ref.file)
    path = storage_path(ref)
    name = path[1:]
    if not default_storage.exists(name):
        try:
            with source.open("rb") as handle:
                default_storage.save(name, File(handle))
        except OSError as exc:
            # The file storage leaves what it wrote; a resumed import would take it as whole.
            default_storage.delete(name)
            raise MediaStoreError(
                f"cannot store media file {ref.file!r} ({ref.key}) as {name}: {exc.strerror or exc}"
            ) from exc
    asset = MediaAsset.from_path(path, caption=ref.caption, alt_text=ref.alt_text[:500])
    # Measured now, once: feeds give its length and its pictures get renditions.
    record_file(asset)
    return asset
