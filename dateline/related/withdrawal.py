"""A story named after an item that leaves the public outputs takes another name.

The clustering titles a new story with the headline of the item that opened it. When that
item is unpublished, killed or put back under embargo, the title would keep showing its
headline on the story's pages and feeds. The story is retitled with the headline of its
oldest public item; with none left, the title is cleared and the next item placed in the
story names it (``placement.place_article``). A title an editor wrote is kept.

This is the ``stories`` step of ``dateline.events``, which runs before the baking step, so
the story pages rebuilt for the same event already show the new title.
"""

from __future__ import annotations

from dateline import events
from dateline.articles.models import Article
from dateline.stories.models import Story


def retitle_story(event: events.Event) -> None:
    """Give the story of an item that left the public outputs another title if it is named
    after the item."""
    if not event.hides:
        return
    article = event.article
    story = Story.objects.filter(pk=article.story_id).first() if article.story_id else None
    if story is None or story.title != article.headline[:300]:
        return
    heir = (
        Article.objects.public()
        .filter(story=story)
        .exclude(pk=article.pk)
        .order_by("published_at", "pk")
        .first()
    )
    story.title = heir.headline[:300] if heir is not None else ""
    story.save(update_fields=["title", "updated_at"])


def connect() -> None:
    """Register the ``stories`` step (from ``StoriesConfig.ready``)."""
    events.register("stories", retitle_story)
