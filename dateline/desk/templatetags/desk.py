"""Template tags for the desk's parts of public pages: the breaking banner and corrections."""

from __future__ import annotations

from django import template
from django.utils import timezone, translation

from dateline.articles.models import Article
from dateline.cache import shown_until

register = template.Library()


@register.inclusion_tag("desk/_breaking_banner.html")
def breaking_banner() -> dict:
    """Render the banner of the newest public breaking item of this edition, until its end."""
    # Only the breaking_until index may answer: with a language or sort term in the query,
    # SQLite walks the edition's whole sort index when nothing is breaking.
    language = translation.get_language()
    candidates = Article.objects.filter(breaking_until__gt=timezone.now()).select_related("label")
    live = [a for a in candidates[:200] if a.language == language and a.is_public]
    breaking = min(live, key=lambda a: a.sort, default=None)
    # A kept copy of the page must not show the banner past its end.
    shown_until(breaking.breaking_until if breaking else None)
    return {"breaking": breaking}


@register.inclusion_tag("desk/_corrections.html")
def article_corrections(article: Article) -> dict:
    """Render the corrections, clarifications and updates at the foot of ``article``."""
    return {"corrections": list(article.corrections.all()), "article": article}
