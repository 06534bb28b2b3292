"""Renditions: each image cut to a named ratio, at a set of widths, in its own format and WebP.

A rendition's name follows the reference scheme, ``<site>_<version>_<width in hex>_<ratio>.<ext>``
(the reference's ``25f`` is 607 pixels), where ``version`` is the ticks of the asset's current
crop. Names are computed from the asset alone, so a page renders without asking the database
about renditions; the file is made find-or-create on its first request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image

from dateline.conf import setting
from dateline.media.geometry import Box, fit_crop, focal_box, output_size
from dateline.media.models import Crop, MediaAsset, Rendition
from dateline.media.paths import MediaPath, MediaPathError, parse_media_path

RATIOS = ("4x3", "16x9", "1x1", "3x2", "orig")
DEFAULT_WIDTH = 607
_ENCODE = {
    "jpg": ("JPEG", {"quality": 82, "progressive": True}),
    "png": ("PNG", {}),
    "gif": ("GIF", {}),
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "avif": ("AVIF", {"quality": 60}),
}


@dataclass(frozen=True)
class Spec:
    """One rendition of an asset: a ratio, a width and a file format (extension)."""

    ratio: str
    width: int
    extension: str

    @property
    def key(self) -> str:
        return f"{self.ratio}-{self.width}.{self.extension}"


def widths_for(asset: MediaAsset, ratio: str = "orig") -> list[int]:
    """Return the rendition widths offered for ``asset`` at ``ratio``: never wider than the
    largest ``ratio`` box the image holds, so that no rendition is an enlargement (a 1x1 cut
    of an 800x600 picture is at most 600 wide); the smallest width when none fits."""
    widths = sorted(setting("DATELINE_MEDIA_WIDTHS"))
    left, _top, right, _bottom = focal_box((asset.width, asset.height), ratio, (0.5, 0.5))
    return [w for w in widths if w <= right - left] or widths[:1]


def formats_for(asset: MediaAsset) -> list[str]:
    """Return the rendition formats of ``asset``: its own first, then WebP."""
    own = asset.extension if asset.extension in _ENCODE else "jpg"
    return [own] if own == "webp" else [own, "webp"]


def rendition_path(asset: MediaAsset, spec: Spec) -> str:
    """Return the reference path of a rendition (no file or row is touched)."""
    return str(
        MediaPath(asset.site, asset.version_ticks, f"{spec.width:x}", spec.ratio, spec.extension)
    )


def rendition_size(asset: MediaAsset, spec: Spec) -> tuple[int, int]:
    return output_size((asset.width, asset.height), spec.ratio, spec.width)


def is_offered(asset: MediaAsset, spec: Spec) -> bool:
    """Tell whether ``spec`` is one the site makes for ``asset`` (others are refused, so that
    no one can make the server render arbitrary sizes)."""
    return (
        asset.has_renditions
        and spec.ratio in RATIOS
        and spec.width in widths_for(asset, spec.ratio)
        and spec.extension in formats_for(asset)
    )


def _cache_key(asset: MediaAsset, spec: Spec) -> str:
    return f"dateline:rendition:{asset.pk}:{asset.version_ticks}:{spec.key}"


def find_or_create(asset: MediaAsset, spec: Spec) -> str:
    """Return the storage name of the rendition, making it first if it does not exist.

    Safe when two workers ask at once: both may render, both write the same bytes under the
    same name (atomically), and the unique constraint lets one row in.
    """
    key = _cache_key(asset, spec)
    name = cache.get(key)
    if name:
        return name
    row = Rendition.objects.filter(asset=asset, version=asset.version_ticks, spec=spec.key).first()
    if row is None:
        row = _create(asset, spec)
    cache.set(key, row.file.name, timeout=24 * 3600)
    return row.file.name


def _create(asset: MediaAsset, spec: Spec) -> Rendition:
    name = rendition_path(asset, spec)[1:]
    content, size = render(asset, spec)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:
        # A storage that will not overwrite kept the other worker's identical file.
        default_storage.delete(saved)
    try:
        with transaction.atomic():
            return Rendition.objects.create(
                asset=asset,
                version=asset.version_ticks,
                spec=spec.key,
                file=name,
                width=size[0],
                height=size[1],
                byte_size=len(content),
            )
    except IntegrityError:
        return Rendition.objects.get(asset=asset, version=asset.version_ticks, spec=spec.key)


def source_box(asset: MediaAsset, ratio: str) -> Box:
    """Return the part of the image a ratio shows: the editor's crop, else the focal box."""
    source = (asset.width, asset.height)
    crop = Crop.objects.filter(asset=asset, ratio=ratio).first() if ratio != "orig" else None
    if crop is not None:
        return fit_crop(source, ratio, crop.box)
    return focal_box(source, ratio, (asset.focal_x, asset.focal_y))


def render(asset: MediaAsset, spec: Spec) -> tuple[bytes, tuple[int, int]]:
    """Return the encoded bytes and pixel size of one rendition."""
    box = source_box(asset, spec.ratio)
    size = rendition_size(asset, spec)
    with default_storage.open(asset.file.name, "rb") as handle, Image.open(handle) as image:
        if image.format == "JPEG":
            # Let the decoder scale down by 1/2..1/8 first: a 12 MP photo decodes far faster.
            scale_hint = (box[2] - box[0]) / size[0]
            if scale_hint >= 2:
                image.draft(
                    "RGB", (asset.width // int(scale_hint), asset.height // int(scale_hint))
                )
        factor = image.width / asset.width
        scaled = tuple(round(v * factor) for v in box)
        picture = image.convert("RGBA" if _has_alpha(image) else "RGB")
        picture = picture.resize(size, Image.Resampling.LANCZOS, box=scaled, reducing_gap=3.0)
        icc = image.info.get("icc_profile")
    encoder, options = _ENCODE[spec.extension]
    if encoder == "JPEG" and picture.mode != "RGB":
        picture = picture.convert("RGB")
    if encoder == "GIF":
        picture = picture.convert("P", palette=Image.Palette.ADAPTIVE)
    out = io.BytesIO()
    picture.save(out, format=encoder, **options, **({"icc_profile": icc} if icc else {}))
    return out.getvalue(), size


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info


def spec_for_path(path: str) -> tuple[MediaAsset, Spec] | None:
    """Return the asset and spec a rendition path names, or None when it names none."""
    try:
        parsed = parse_media_path(path)
        width = int(parsed.size, 16)
    except (MediaPathError, ValueError):
        return None
    asset = MediaAsset.objects.filter(
        site=parsed.site, version_ticks=parsed.ticks, kind=MediaAsset.Kind.IMAGE
    ).first()
    if asset is None:
        return None
    spec = Spec(parsed.ratio, width, parsed.ext)
    return (asset, spec) if is_offered(asset, spec) else None


@dataclass(frozen=True)
class Source:
    """One ``srcset`` list for a ``<source>`` or ``<img>``."""

    mime_type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What a template needs to write a responsive ``<picture>``."""

    src: str
    width: int
    height: int
    srcset: str
    sources: list[Source]


_MIME = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}


def picture(asset: MediaAsset, ratio: str) -> Picture:
    """Return the src, size and srcsets of ``asset`` at ``ratio`` (no database access)."""
    from dateline.site.urlbuilder import urls

    widths = widths_for(asset, ratio)
    default = DEFAULT_WIDTH if DEFAULT_WIDTH in widths else widths[-1]
    formats = formats_for(asset)

    def srcset(extension: str) -> str:
        return ", ".join(
            f"{urls.media(rendition_path(asset, Spec(ratio, w, extension)))} {w}w" for w in widths
        )

    own = formats[0]
    main = Spec(ratio, default, own)
    width, height = rendition_size(asset, main)
    sources = [Source(_MIME[ext], srcset(ext)) for ext in formats if ext != own]
    return Picture(urls.media(rendition_path(asset, main)), width, height, srcset(own), sources)
