"""Take an upload into the library: check it whole, then store it at the reference's path.

``prepare()`` does every check and all the work in memory or a temporary file and raises
MediaRejected for bad input; ``store()`` writes the checked file and its row together, and
removes what it wrote if anything fails, so nothing half-made is left behind.
"""

from __future__ import annotations

import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from dateline.conf import setting
from dateline.media.errors import MediaRejected
from dateline.media.formats import REFUSED, FileType, type_for_extension
from dateline.media.images import CleanImage, clean_image
from dateline.media.models import MediaAsset
from dateline.media.paths import MediaPath, datetime_to_ticks
from dateline.media.video import copy_without_location, inspect_video, poster_frame

_MAX_NAME = 200


@dataclass
class Prepared:
    """A checked upload, ready to store."""

    filename: str
    file_type: FileType
    image: CleanImage | None = None
    video: BinaryIO | None = None
    video_size: int = 0
    duration: float | None = None
    poster: Prepared | None = None
    embedded: dict[str, str] = field(default_factory=dict)


def check_filename(filename: str) -> FileType:
    """Return the accepted type of an upload's name, or raise MediaRejected saying why."""
    if not filename or len(filename) > _MAX_NAME:
        raise MediaRejected(f"the file name must have 1 to {_MAX_NAME} characters")
    bad = [c for c in filename if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"}]
    if bad:
        raise MediaRejected(
            f"the file name {filename!r} contains control characters ({bad[0]!r}); rename it"
        )
    if "/" in filename or "\\" in filename or filename.strip(". ") == "" or ".." in filename:
        raise MediaRejected(f"the file name {filename!r} contains a path; send a plain name")
    stem, dot, extension = filename.rpartition(".")
    if not dot or not stem:
        raise MediaRejected(f"{filename}: the name has no extension such as .jpg or .mp4")
    refused = REFUSED.get(extension.lower())
    if refused:
        raise MediaRejected(f"{filename}: {refused}")
    file_type = type_for_extension(extension)
    if file_type is None:
        raise MediaRejected(
            f"{filename}: .{extension} files are not accepted; send JPEG, PNG, WebP, GIF, "
            "AVIF (when supported), MP4 or WebM"
        )
    return file_type


def check_size(filename: str, file_type: FileType, size: int | None) -> None:
    """Raise MediaRejected when an upload of ``size`` bytes is empty or over its limit."""
    name = (
        "DATELINE_MEDIA_MAX_VIDEO_BYTES"
        if file_type.kind == "video"
        else ("DATELINE_MEDIA_MAX_IMAGE_BYTES")
    )
    limit = setting(name)
    if not size:
        raise MediaRejected(f"{filename}: the file is empty")
    if size > limit:
        raise MediaRejected(
            f"{filename}: {size:,} bytes is over the {limit:,}-byte limit for a "
            f"{file_type.kind} ({name})"
        )


def prepare(upload: File, filename: str | None = None, poster: File | None = None) -> Prepared:
    """Check an upload and return it cleaned, or raise MediaRejected naming the problem."""
    filename = filename if filename is not None else (upload.name or "")
    file_type = check_filename(filename)
    check_size(filename, file_type, upload.size)
    if file_type.kind == "image":
        image = clean_image(_read_all(upload), file_type, filename)
        return Prepared(filename, file_type, image=image, embedded=image.embedded)
    prepared = _prepare_video(upload, filename, file_type)
    try:
        if poster is not None:
            prepared.poster = prepare(poster)
            if prepared.poster.file_type.kind != "image":
                raise MediaRejected(f"{poster.name}: a video's poster must be an image")
    except BaseException:
        prepared.video.close()
        raise
    return prepared


def _read_all(upload: File) -> bytes:
    upload.seek(0)
    return b"".join(upload.chunks())


def _prepare_video(upload: File, filename: str, file_type: FileType) -> Prepared:
    upload.seek(0)
    facts = inspect_video(upload, upload.size, file_type.content_format, filename)
    cleaned = tempfile.TemporaryFile(prefix="dateline-video-")
    copy_without_location(upload, facts, cleaned)
    return Prepared(
        filename,
        file_type,
        video=cleaned,
        video_size=upload.size,
        duration=facts.duration,
    )


def store(prepared: Prepared, *, site: str | None = None, **fields) -> MediaAsset:
    """Store a prepared upload and return its saved asset.

    ``fields`` are caption, credit, copyright and alt_text; a blank caption, credit or
    copyright is filled from the file's IPTC or EXIF data.
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            asset = _store_one(prepared, site, fields, written)
            if prepared.file_type.kind == "video":
                asset.poster = _poster(prepared, asset, site, fields, written)
                asset.save(update_fields=["poster"])
            return asset
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    finally:
        if prepared.video is not None:
            prepared.video.close()


def ingest(upload: File, filename: str | None = None, **fields) -> MediaAsset:
    """Check and store an upload in one step (see ``prepare`` and ``store``)."""
    poster = fields.pop("poster", None)
    return store(prepare(upload, filename, poster=poster), **fields)


def _store_one(prepared: Prepared, site: str | None, fields: dict, written: list[str]):
    site = site or setting("DATELINE_SITE_PREFIX")
    words = {k: v for k, v in fields.items() if v}
    for key, value in prepared.embedded.items():
        words.setdefault(key, value)
    image = prepared.image
    if image is not None:
        size_code, content = f"{image.width:x}", ContentFile(image.content)
        byte_size = len(image.content)
    else:
        size_code, content = "orig", File(prepared.video)
        byte_size = prepared.video_size
    ticks = datetime_to_ticks(timezone.now())
    path = MediaPath(site, ticks, size_code, "orig", prepared.file_type.extension)
    while (
        default_storage.exists(path.storage_name)
        or MediaAsset.objects.filter(file=path.storage_name).exists()
    ):
        ticks += 1
        path = MediaPath(site, ticks, size_code, "orig", prepared.file_type.extension)
    saved = default_storage.save(path.storage_name, content)
    written.append(saved)
    if saved != path.storage_name:
        raise MediaRejected(f"storage renamed {path.storage_name} to {saved}; try again")
    asset = MediaAsset.from_path(
        str(path),
        width=image.width if image else None,
        height=image.height if image else None,
        version_ticks=ticks,
        mime_type=prepared.file_type.mime_type,
        byte_size=byte_size,
        duration=prepared.duration,
        **words,
    )
    asset.save()
    return asset


def _poster(prepared: Prepared, video: MediaAsset, site, fields: dict, written: list[str]):
    poster = prepared.poster
    if poster is None:
        frame = _frame_of(prepared, video)
        if frame is None:
            return None
        jpeg = type_for_extension("jpg")
        image = clean_image(frame, jpeg, "poster.jpg")
        poster = Prepared("poster.jpg", jpeg, image=image)
    alt = fields.get("alt_text", "")
    return _store_one(
        poster, site, {"alt_text": alt, "caption": fields.get("caption", "")}, written
    )


def _frame_of(prepared: Prepared, video: MediaAsset) -> bytes | None:
    try:
        local = Path(default_storage.path(video.file.name))
    except NotImplementedError:
        # A remote storage has no local path: hand ffmpeg the cleaned temporary copy.
        with tempfile.NamedTemporaryFile(suffix="." + prepared.file_type.extension) as copy:
            prepared.video.seek(0)
            while chunk := prepared.video.read(1024 * 1024):
                copy.write(chunk)
            copy.flush()
            return poster_frame(Path(copy.name), prepared.duration)
    return poster_frame(local, prepared.duration)
