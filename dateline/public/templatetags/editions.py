"""The language switcher: each edition's link goes to this article's translation if any."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.site.urlbuilder import urls
from dateline.syndication.meta import translations

register = template.Library()


@register.inclusion_tag("public/_editions.html", takes_context=True)
def edition_switcher(context) -> dict:
    """Link every edition: to the page's article in that language, else to its front."""
    article = context.get("article")
    current = context.get("edition")
    others = {}
    if isinstance(article, Article):
        others = {other.language: other for other in translations(article)}
        others.setdefault(article.language, article)
    links = []
    for code in setting("DATELINE_LANGUAGES"):
        target = others.get(code)
        links.append(
            {
                "code": code,
                "name": _local_name(code),
                "url": urls.article(target) if target else urls.home(code),
                "current": code == current,
                "translation": target is not None and target is not article,
            }
        )
    # The switcher's script stores the edition clicked in this cookie, which "/" then follows.
    return {"links": links, "cookie_name": settings.LANGUAGE_COOKIE_NAME}


def _local_name(code: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
