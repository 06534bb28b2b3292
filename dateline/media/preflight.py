"""Checks the desk runs before publishing an article: every picture it shows needs alt text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from dateline.media.models import GalleryItem, MediaAsset

if TYPE_CHECKING:
    from dateline.articles.models import Article


def pictures_of(article: Article) -> list[tuple[str, MediaAsset]]:
    """Return each picture ``article`` shows, with where it is shown."""
    shown: list[tuple[str, MediaAsset]] = []
    lead = article.lead_media
    if lead is not None and lead.picture is not None:
        shown.append((_("lead media"), lead.picture))
    items = GalleryItem.objects.filter(gallery__article=article).select_related("asset")
    for number, item in enumerate(items, start=1):
        shown.append((_("gallery photo %(n)s") % {"n": number}, item.asset))
    return shown


def alt_text_problems(article: Article) -> list[str]:
    """Return one message per picture of ``article`` that has no alt text (empty: ready)."""
    return [
        _("%(where)s %(path)s has no alt text; describe the picture for blind readers")
        % {"where": where, "path": asset.path}
        for where, asset in pictures_of(article)
        if not asset.alt_text.strip()
    ]
