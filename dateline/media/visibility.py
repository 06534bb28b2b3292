"""Which stored files readers may fetch: a file follows the items that show it.

A file is private when only hidden items show its asset: the asset is the lead media, a lead
video's poster or a gallery photo of at least one article, and none of those articles is
public. Readers get a 404 for its original and every rendition; the desk still sees it.

A file that a public item shows is served even when hidden items show it too: the public
page already shows it, so refusing it would break that page and protect nothing. A file no
item shows (an upload not placed yet, a file put in the folder by other means) is served as
before. Files named with the same upload ticks in other ratios (the reference's sibling
files, which feeds link) follow their asset. Article bodies cannot show media: the body
allow-list has no img, video or source.

Every media request asks this, so each step is an indexed lookup written as plain SQL (an
ORM ``OR`` across the lead, poster and gallery joins made the database scan the articles).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from dateline.articles.models import Article
from dateline.media.models import Gallery, GalleryItem, MediaAsset, Rendition
from dateline.media.paths import MediaPath, MediaPathError, parse_media_path

# Ratios a file of one upload may be named with (its own and the reference's siblings).
_RATIOS = ("4x3", "16x9", "1x1", "3x2", "orig")


def _named_assets(parsed: MediaPath) -> tuple[str, list]:
    """Return SQL and parameters for the ids of the assets whose original, sibling or
    rendition ``parsed`` names."""
    names = [
        MediaPath(parsed.site, parsed.ticks, parsed.size, ratio, parsed.ext).storage_name
        for ratio in _RATIOS
    ]
    asset, rendition = MediaAsset._meta.db_table, Rendition._meta.db_table
    marks = ", ".join(["%s"] * len(names))
    sql = (
        f"SELECT id FROM {asset} WHERE file IN ({marks}) OR (site = %s AND version_ticks = %s) "
        f"UNION SELECT asset_id FROM {rendition} WHERE file = %s"
    )
    return sql, [*names, parsed.site, parsed.ticks, parsed.storage_name]


def _articles_showing(parsed: MediaPath) -> RawSQL:
    """Return SQL for the ids of the articles that show an asset ``parsed`` names."""
    named, params = _named_assets(parsed)
    article, asset = Article._meta.db_table, MediaAsset._meta.db_table
    gallery, item = Gallery._meta.db_table, GalleryItem._meta.db_table
    sql = (
        f"SELECT id FROM {article} WHERE lead_media_id IN ({named}) "
        f"UNION SELECT a.id FROM {article} a JOIN {asset} v ON a.lead_media_id = v.id "
        f"WHERE v.poster_id IN ({named}) "
        f"UNION SELECT g.article_id FROM {gallery} g JOIN {item} i ON i.gallery_id = g.id "
        f"WHERE i.asset_id IN ({named})"
    )
    return RawSQL(sql, params * 3)


def _parsed(path: str) -> MediaPath | None:
    try:
        return parse_media_path("/" + path.lstrip("/"))
    except MediaPathError:
        return None


def _articles_showing_file(path: str) -> QuerySet[Article] | None:
    """Return the articles showing the file at ``path``, or None if it is no media path."""
    parsed = _parsed(path)
    if parsed is None:
        return None
    return Article.objects.filter(pk__in=_articles_showing(parsed))


def assets_of_file(path: str) -> list[int]:
    """Return the ids of the assets whose original, sibling or rendition the file at ``path``
    is (none for a file that is no media path or that no asset names)."""
    parsed = _parsed(path)
    if parsed is None:
        return []
    sql, params = _named_assets(parsed)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted({row[0] for row in cursor.fetchall()})


def assets_shown_by(articles: QuerySet[Article], among: set[int] | None = None) -> Q:
    """Return a ``MediaAsset`` filter for the assets ``articles`` show: their lead media, a lead
    video's poster and their gallery photos. The one definition of "what an item shows" for
    file privacy, purges and the API's media list.

    ``among`` narrows each subquery to those asset ids, so that asking about a few assets
    walks the lead-media and gallery indexes instead of every public article.
    """
    leads, posters = articles, articles.filter(lead_media__isnull=False)
    photos = GalleryItem.objects.filter(gallery__article__in=articles)
    if among is not None:
        leads = leads.filter(lead_media__in=among)
        posters = posters.filter(lead_media__poster__in=among)
        photos = photos.filter(asset__in=among)
    return (
        Q(pk__in=leads.values("lead_media"))
        | Q(pk__in=posters.values("lead_media__poster"))
        | Q(pk__in=photos.values("asset"))
    )


def assets_only_hidden_items_show(article_id: int) -> list[int]:
    """Return the ids of the assets article ``article_id`` shows (lead media, a lead video's
    poster, gallery photos) that no public item shows, so their files are now private.

    A public article returns none: everything it shows stays public.
    """
    if Article.objects.public().filter(pk=article_id).exists():
        return []
    mine = Article.objects.filter(pk=article_id)
    shown = set(MediaAsset.objects.filter(assets_shown_by(mine)).values_list("pk", flat=True))
    if not shown:
        return []
    still_public = MediaAsset.objects.filter(assets_shown_by(Article.objects.public(), shown))
    return sorted(shown - set(still_public.values_list("pk", flat=True)))


def is_private(path: str) -> bool:
    """Tell whether the media file at ``path`` (relative to the media root) is shown only by
    hidden items, so that readers must not fetch it (one indexed query for a public file)."""
    showing = _articles_showing_file(path)
    return showing is not None and not showing.public().exists() and showing.exists()


def is_shown_by(path: str, article_ids: list[int]) -> bool:
    """Tell whether one of ``article_ids`` (killed ones aside) shows the file at ``path``."""
    showing = _articles_showing_file(path) if article_ids else None
    if showing is None:
        return False
    return showing.filter(pk__in=article_ids).exclude(status=Article.Status.KILLED).exists()
