"""Entry point for related items: one function the site, API and baker all call."""

from __future__ import annotations

from dateline.articles.models import Article
from dateline.conf import load_backend, setting


def related_items(article: Article, limit: int | None = None) -> list[Article]:
    """Return the related items of ``article`` from the configured engine."""
    backend = load_backend("DATELINE_RELATED_BACKEND")
    return backend.related(article, limit or setting("DATELINE_RELATED_LIMIT"))
