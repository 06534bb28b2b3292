"""Corrections as data: what the article foot, the corrections page and the feeds show."""

from __future__ import annotations

from django.db.models import QuerySet

from dateline.articles.models import Article
from dateline.desk.models import Correction


def public_corrections() -> QuerySet[Correction]:
    """Return the corrections of articles a reader may see now, newest first."""
    return (
        Correction.objects.filter(article__in=Article.objects.public())
        .select_related("article")
        .order_by("-at", "-id")
    )


def structured(article: Article) -> list[dict]:
    """Return the corrections of ``article`` as data for schema.org and feeds, oldest first.

    Each item: ``{"type", "text", "datePublished"}`` where ``type`` is correction,
    clarification or update; the article's ``modified_at`` is its ``dateModified``.
    """
    return [
        {"type": c.kind, "text": c.text, "datePublished": c.at.isoformat()}
        for c in article.corrections.all()
    ]
