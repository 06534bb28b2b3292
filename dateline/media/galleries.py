"""An article's gallery items, read once per article object however many parts show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.media.models import GalleryItem

if TYPE_CHECKING:
    from dateline.articles.models import Article

# Kept on the article object: the page's structured data and its gallery show the same items,
# and the article object lives as long as the render.
_KEPT = "_dateline_gallery_items"


def items_of(article: Article) -> list[GalleryItem]:
    """Return the items of ``article``'s galleries with their assets, gallery by gallery in
    position order."""
    kept = getattr(article, _KEPT, None)
    if kept is None:
        found = GalleryItem.objects.filter(gallery__article=article)
        kept = list(found.select_related("asset", "gallery"))
        setattr(article, _KEPT, kept)
    return kept
