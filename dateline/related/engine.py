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
    """A related item with the engine's score and reasons (None when an editor pinned it)
    and its ``rank``: 1 for the best, editor pins first, then the engine's picks by score."""

    article: Article
    score: float | None
    reasons: str
    pinned: bool
    rank: int = 0


def explained_items(article: Article, limit: int | None = None) -> list[Explained]:
    """Return ``related_items`` (in their order: pins, then oldest first) with each item's
    stored score, reasons and rank."""
    items = related_items(article, limit)
    pinned = set(article.pins.values_list("target_id", flat=True))
    links = {
        link.target_id: link
        for link in RelatedLink.objects.filter(article=article, target__in=items)
    }
    found = []
    best_first: dict[int, tuple[int, int]] = {}
    for position, item in enumerate(items):
        link = links.get(item.pk)
        if item.pk in pinned:
            found.append(Explained(item, None, "pinned by an editor", True))
            best_first[item.pk] = (0, position)
        elif link is not None:
            found.append(Explained(item, link.score, link.reasons, False))
            best_first[item.pk] = (1, link.rank)
        else:
            found.append(Explained(item, None, "chosen by the configured engine", False))
            best_first[item.pk] = (2, position)
    ranked = sorted(found, key=lambda e: best_first[e.article.pk])
    for rank, explained in enumerate(ranked, start=1):
        explained.rank = rank
    return found


def by_rank(found: list[Explained]) -> list[Explained]:
    """Return ``found`` best first (``rank`` 1 first)."""
    return sorted(found, key=lambda e: e.rank)
