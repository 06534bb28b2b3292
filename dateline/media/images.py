"""Read an uploaded image safely: check it, read its caption and credit, strip private data.

Every check runs on the bytes in memory before anything is stored, so a refused file leaves
nothing behind.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps, IptcImagePlugin, UnidentifiedImageError

from dateline.conf import setting
from dateline.media.errors import MediaRejected
from dateline.media.formats import FileType

# EXIF tags that carry the newsroom's words; everything else (GPS, camera serials, owner
# names, maker notes) is dropped from the served file.
_EXIF_CAPTION, _EXIF_ARTIST, _EXIF_COPYRIGHT = 0x010E, 0x013B, 0x8298
_IPTC_CAPTION, _IPTC_BYLINE, _IPTC_CREDIT, _IPTC_COPYRIGHT = (2, 120), (2, 80), (2, 110), (2, 116)
# JPEG segments that hold metadata: APP1 (EXIF, XMP), APP13 (IPTC), COM (comments).
_JPEG_DROPPED = {0xE1, 0xED, 0xFE}


@dataclass
class CleanImage:
    """A checked image: its bytes without private metadata, size and embedded words."""

    content: bytes
    width: int
    height: int
    content_format: str
    embedded: dict[str, str] = field(default_factory=dict)


def clean_image(data: bytes, file_type: FileType, filename: str) -> CleanImage:
    """Return the checked, cleaned image, or raise MediaRejected naming the problem."""
    image = _open(data, filename)
    if image.format != file_type.content_format:
        raise MediaRejected(
            f"{filename}: the content is {image.format or 'unknown'}, not the "
            f"{file_type.content_format} its name says; rename it or export it again"
        )
    limit = setting("DATELINE_MEDIA_MAX_PIXELS")
    if image.width * image.height > limit:
        raise MediaRejected(
            f"{filename}: {image.width}x{image.height} pixels is over the {limit:,}-pixel "
            "limit (DATELINE_MEDIA_MAX_PIXELS); it may be a decompression bomb"
        )
    try:
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise MediaRejected(f"{filename}: the image is truncated or corrupt ({exc})") from exc
    embedded = _embedded_words(image)
    content, size = _without_private_data(data, image)
    return CleanImage(content, size[0], size[1], image.format, embedded)


def _open(data: bytes, filename: str) -> Image.Image:
    # Pillow warns, then errors, on huge images; both must become a refusal, never a crash.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise MediaRejected(f"{filename}: refused as a decompression bomb ({exc})") from exc
        except UnidentifiedImageError as exc:
            raise MediaRejected(f"{filename}: the content is not an image we can read") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise MediaRejected(f"{filename}: the image is corrupt ({exc})") from exc


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value).replace("\x00", "").strip()


def _embedded_words(image: Image.Image) -> dict[str, str]:
    """Return the caption, credit and copyright written in the file (IPTC first, then EXIF)."""
    words: dict[str, str] = {}
    iptc = IptcImagePlugin.getiptcinfo(image) if image.format == "JPEG" else None
    if iptc:
        for key, tag in (
            ("caption", _IPTC_CAPTION),
            ("credit", _IPTC_CREDIT),
            ("credit", _IPTC_BYLINE),
            ("copyright", _IPTC_COPYRIGHT),
        ):
            if tag in iptc and not words.get(key):
                words[key] = _text(iptc[tag])
    exif = image.getexif()
    for key, tag in (
        ("caption", _EXIF_CAPTION),
        ("credit", _EXIF_ARTIST),
        ("copyright", _EXIF_COPYRIGHT),
    ):
        if tag in exif and not words.get(key):
            words[key] = _text(exif[tag])
    return {
        key: value[:300] if key != "caption" else value for key, value in words.items() if value
    }


def _without_private_data(data: bytes, image: Image.Image) -> tuple[bytes, tuple[int, int]]:
    orientation = image.getexif().get(0x0112, 1)
    if image.format == "JPEG" and orientation == 1:
        # Lossless: drop the metadata segments and keep the compressed picture as it is.
        return _strip_jpeg_segments(data), image.size
    upright = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    options = {"icc_profile": image.info.get("icc_profile")}
    if image.format == "JPEG":
        options.update(quality=92)
    elif image.format == "GIF":
        options.update(save_all=True, loop=image.info.get("loop", 0))
    elif image.format in {"WEBP", "AVIF"}:
        options.update(quality=90, save_all=getattr(image, "n_frames", 1) > 1)
    upright.save(out, format=image.format, **{k: v for k, v in options.items() if v is not None})
    return out.getvalue(), upright.size


def _strip_jpeg_segments(data: bytes) -> bytes:
    out = bytearray(data[:2])
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the rest is picture data
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker not in _JPEG_DROPPED:
            out += data[position : position + 2 + length]
        position += 2 + length
    out += data[position:]
    return bytes(out)
