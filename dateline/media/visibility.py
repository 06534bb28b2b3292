"""Which stored files readers may fetch: a file follows the items that show it.

A file is private when only hidden items show its asset: the asset is the lead media, a lead
video's poster or a gallery photo of at least one article, and none of those articles is
public. Readers get a 404 for its original and every rendition; the desk still sees it.

A file that a public item shows is served even when hidden items show it too: the public
page already shows it, so refusing it would break that page and protect nothing. A file no
item shows (an upload not placed yet, a file put in the folder by other means) is served as
before. Article bodies cannot show media (the body allow-list has no img, video or source).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from dateline.articles.models import Article
from dateline.media.models import MediaAsset, Rendition
from dateline.media.paths import MediaPath, MediaPathError, parse_media_path

# Ratios a file of an asset may be named with besides its own (the reference's siblings).
_SIBLING_RATIOS = ("4x3", "16x9", "1x1", "3x2", "orig")


def _exact(parsed: MediaPath) -> Q:
    """Match the asset whose original, current renditions or older renditions ``parsed`` is."""
    name = parsed.storage_name
    return (
        Q(file=name)
        | Q(site=parsed.site, version_ticks=parsed.ticks)
        | Q(pk__in=Rendition.objects.filter(file=name).values("asset"))
    )


def _siblings(parsed: MediaPath) -> Q:
    """Match an asset stored under the same name in another ratio (feeds link those)."""
    names = [
        MediaPath(parsed.site, parsed.ticks, parsed.size, ratio, parsed.ext).storage_name
        for ratio in _SIBLING_RATIOS
    ]
    return Q(file__in=names)


def _shown_by(articles: QuerySet[Article]) -> Exists:
    asset = OuterRef("pk")
    return Exists(
        articles.filter(
            Q(lead_media=asset) | Q(lead_media__poster=asset) | Q(gallery__items__asset=asset)
        )
    )


def is_private(path: str) -> bool:
    """Tell whether the media file at ``path`` (relative to the media root) is shown only by
    hidden items, so that readers must not fetch it. One query for a file of a known asset."""
    try:
        parsed = parse_media_path("/" + path.lstrip("/"))
    except MediaPathError:
        return False
    for named in (_exact(parsed), _siblings(parsed)):
        rows = list(
            MediaAsset.objects.filter(named)
            .annotate(
                used=_shown_by(Article.objects.all()), shown=_shown_by(Article.objects.public())
            )
            .values_list("used", "shown")
        )
        if rows:
            return any(used for used, _shown in rows) and not any(shown for _used, shown in rows)
    return False
