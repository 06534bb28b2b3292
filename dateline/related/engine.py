"""Entry point for related items: one function the site, API and baker all call."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.articles.models import Article
from dateline.conf import load_backend, setting
from dateline.related.models import RelatedLink


def related_items(article: Article, limit: int | None = None) -> list[Article]:
    """Return the related items of ``article`` from the configured engine."""
    backend = load_backend("DATELINE_RELATED_BACKEND")
    return backend.related(article, limit or setting("DATELINE_RELATED_LIMIT"))


@dataclass
class Explained:
    """A related item with the engine's score and reasons (None when an editor pinned it)."""

    article: Article
    score: float | None
    reasons: str
    pinned: bool


def explained_items(article: Article, limit: int | None = None) -> list[Explained]:
    """Return ``related_items`` with each item's stored score and reasons."""
    items = related_items(article, limit)
    pinned = set(article.pins.values_list("target_id", flat=True))
    links = {
        link.target_id: link
        for link in RelatedLink.objects.filter(article=article, target__in=items)
    }
    found = []
    for item in items:
        link = links.get(item.pk)
        if item.pk in pinned:
            found.append(Explained(item, None, "pinned by an editor", True))
        elif link is not None:
            found.append(Explained(item, link.score, link.reasons, False))
        else:
            found.append(Explained(item, None, "chosen by the configured engine", False))
    return found
