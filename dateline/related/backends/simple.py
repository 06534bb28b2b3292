"""The first related-items engine: the latest earlier items of the same story or topics."""

from __future__ import annotations

from django.db.models import Q

from dateline.articles.models import Article
from dateline.related.backends.base import BaseRelatedBackend
from dateline.related.ranking import other_languages


class SimpleRelatedBackend(BaseRelatedBackend):
    """Pick the most recent public items published before the article that share its story
    or one of its topics, in its language, and present them oldest first, as the reference
    does. With ``DATELINE_RELATED_OTHER_LANGUAGES``, up to that many items of its story in
    another language follow them."""

    def candidates(self, article: Article, limit: int, exclude: set[int]) -> list[Article]:
        shared = Q()
        if article.story_id:
            shared |= Q(story_id=article.story_id)
        topic_ids = list(article.topics.values_list("pk", flat=True))
        if topic_ids:
            shared |= Q(topics__in=topic_ids)
        if not shared:
            return []
        earlier = Article.objects.public().filter(shared).exclude(pk__in=exclude)
        if article.sort is not None:
            earlier = earlier.filter(sort__gt=article.sort)
        elif article.published_at is not None:
            earlier = earlier.filter(published_at__lt=article.published_at)
        foreign = []
        if article.story_id and (reserved := min(other_languages(), limit)):
            story = earlier.filter(story_id=article.story_id).exclude(language=article.language)
            foreign = _latest(story, reserved)
        own = _latest(earlier.filter(language=article.language), limit - len(foreign))
        return own + foreign


def _latest(items, limit: int) -> list[Article]:
    """Return the ``limit`` latest of ``items``, oldest first."""
    ids = list(items.order_by("sort").values_list("pk", flat=True).distinct()[:limit])
    rows = {a.pk: a for a in Article.objects.for_listing().filter(pk__in=ids)}
    return [rows[i] for i in reversed(ids)]


def oldest(article: Article) -> tuple:
    """Sort key of ``article`` in an oldest-first list."""
    # Sort keys fall as time rises: the largest key is the oldest item.
    return (-(article.sort or 0), article.published_at, article.pk)
