"""Template tags for the desk's parts of public pages: the breaking banner and corrections."""

from __future__ import annotations

from django import template
from django.utils import timezone, translation

from dateline.articles.models import Article

register = template.Library()


@register.inclusion_tag("desk/_breaking_banner.html")
def breaking_banner() -> dict:
    """Render the banner of the newest public breaking item of this edition, until its end."""
    item = (
        Article.objects.public()
        .filter(breaking_until__gt=timezone.now(), language=translation.get_language())
        .select_related("label")
        .order_by("sort")
        .first()
    )
    return {"breaking": item}


@register.inclusion_tag("desk/_corrections.html")
def article_corrections(article: Article) -> dict:
    """Render the corrections, clarifications and updates at the foot of ``article``."""
    return {"corrections": list(article.corrections.all()), "article": article}
