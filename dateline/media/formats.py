"""The file types the media library accepts, by extension, and what each must contain."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import features


@dataclass(frozen=True)
class FileType:
    """An accepted upload type: its kind, the format its content must be, its MIME type."""

    extension: str
    kind: str  # "image" or "video"
    content_format: str  # Pillow's format name, or "MP4" / "WEBM"
    mime_type: str


_TYPES = [
    FileType("jpg", "image", "JPEG", "image/jpeg"),
    FileType("png", "image", "PNG", "image/png"),
    FileType("webp", "image", "WEBP", "image/webp"),
    FileType("gif", "image", "GIF", "image/gif"),
    FileType("avif", "image", "AVIF", "image/avif"),
    FileType("mp4", "video", "MP4", "video/mp4"),
    FileType("webm", "video", "WEBM", "video/webm"),
]
_ALIASES = {"jpeg": "jpg", "jpe": "jpg"}
# Kept apart so that the refusal can say why, rather than "unknown type".
REFUSED = {
    "svg": "SVG files can carry script; export the picture as PNG or WebP",
    "svgz": "SVG files can carry script; export the picture as PNG or WebP",
}


def accepted_types() -> dict[str, FileType]:
    """Return the accepted types by extension (AVIF only when Pillow can read it)."""
    types = {t.extension: t for t in _TYPES}
    if not features.check("avif"):
        del types["avif"]
    return types


def type_for_extension(extension: str) -> FileType | None:
    """Return the accepted type of a file extension (any case), or None."""
    extension = extension.lower()
    return accepted_types().get(_ALIASES.get(extension, extension))


def extension_for_format(content_format: str) -> str | None:
    """Return our extension for a Pillow format name such as ``"JPEG"``."""
    for file_type in accepted_types().values():
        if file_type.content_format == content_format:
            return file_type.extension
    return None
