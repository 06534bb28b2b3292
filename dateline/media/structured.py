"""schema.org data for media, as plain dicts for the distribution formats to embed."""

from __future__ import annotations

from dateline.media.models import MediaAsset
from dateline.media.paths import ticks_to_datetime
from dateline.site.urlbuilder import urls


def iso_duration(seconds: float) -> str:
    """Return an ISO 8601 duration such as ``PT1M3S`` (``PT0S`` for zero)."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def video_object(asset: MediaAsset, *, name: str = "", description: str = "") -> dict:
    """Return the schema.org ``VideoObject`` of a video asset, with absolute URLs."""
    if not asset.is_video:
        raise ValueError(f"{asset.path} is not a video")
    data = {
        "@type": "VideoObject",
        "name": name or asset.caption or asset.path.rsplit("/", 1)[-1],
        "description": description or asset.caption or asset.alt_text or name,
        "uploadDate": ticks_to_datetime(asset.ticks).isoformat(),
        "contentUrl": urls.absolute(asset.url),
        "encodingFormat": asset.mime_type or "video/" + asset.extension,
    }
    if asset.poster is not None:
        data["thumbnailUrl"] = [urls.absolute(asset.poster.url)]
    if asset.duration:
        data["duration"] = iso_duration(asset.duration)
    if asset.credit:
        data["creditText"] = asset.credit
    if asset.copyright:
        data["copyrightNotice"] = asset.copyright
    return data
