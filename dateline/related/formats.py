"""The reference's related-items JSON: ``[{"id","sort","contenttypeid","pic","title"}]``."""

from __future__ import annotations

from collections.abc import Iterable

from dateline.articles.models import Article

REFERENCE_KEYS = ("id", "sort", "contenttypeid", "pic", "title")


def reference_item(article: Article) -> dict[str, str]:
    """Return one item in the reference shape: those five keys in order, every value a string."""
    return {
        "id": str(article.pk),
        "sort": "" if article.sort is None else str(article.sort),
        "contenttypeid": str(article.article_type_id),
        "pic": article.lead_media.path if article.lead_media_id else "",
        "title": article.display_title,
    }


def reference_items(articles: Iterable[Article]) -> list[dict[str, str]]:
    """Return the reference JSON list for ``articles``, in the order given."""
    return [reference_item(a) for a in articles]


def explained_item(explained) -> dict:
    """Return one item in the reference shape plus ``rank`` (1 best), ``score``, ``reasons``,
    ``pinned`` and the item's ``language``."""
    item: dict = reference_item(explained.article)
    item.update(
        rank=explained.rank,
        score=explained.score,
        reasons=explained.reasons,
        pinned=explained.pinned,
        language=explained.article.language,
    )
    return item
