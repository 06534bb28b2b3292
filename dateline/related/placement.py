"""Place a newly published or updated article in a story, online, as it arrives."""

from __future__ import annotations

import dataclasses

from django.db import transaction

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.related.clustering import ClusterParams, choose_story
from dateline.related.features import DocFeatures
from dateline.related.index import RelatedIndex
from dateline.stories.models import Placement, Story


def cluster_params() -> ClusterParams:
    """Return the clustering parameters from settings."""
    return ClusterParams(
        threshold=setting("DATELINE_STORY_THRESHOLD"),
        short_threshold=setting("DATELINE_STORY_SHORT_THRESHOLD"),
        time_scale_days=setting("DATELINE_STORY_TIME_SCALE_DAYS"),
        window_days=setting("DATELINE_STORY_WINDOW_DAYS"),
    )


def resolve(story: Story) -> Story:
    """Follow ``merged_into`` to the story that is still open (cycle-safe)."""
    seen = {story.pk}
    while story.merged_into_id and story.merged_into_id not in seen:
        seen.add(story.merged_into_id)
        story = story.merged_into
    return story


@transaction.atomic
def place_article(
    article: Article, features: DocFeatures, vector, index: RelatedIndex
) -> DocFeatures:
    """Put ``article`` in the best-matching recent story or a new one; return its features
    with the story set. An editor's placement, or a story set by hand, is kept."""
    placement = Placement.objects.filter(article=article).select_related("story").first()
    if placement and placement.by_editor:
        story, score = resolve(placement.story), placement.score
    elif article.story_id and placement is None:
        # Set outside the clustering (an importer, an editor in the article form): respect it.
        story, score = resolve(article.story), 1.0
        Placement.objects.create(article=article, story=story, score=score, by_editor=True)
    else:
        story_id, score = choose_story(
            index, features, pk=article.pk, dense=vector, params=cluster_params()
        )
        story = Story.objects.filter(pk=story_id).first() if story_id else None
        story = resolve(story) if story else Story.objects.create(title=article.headline[:300])
        Placement.objects.update_or_create(
            article=article, defaults={"story": story, "score": round(score, 4)}
        )
    if not story.title:
        # Its title was cleared when the item it was named after left (stories.withdrawal).
        story.title = article.headline[:300]
        story.save(update_fields=["title", "updated_at"])
    if article.story_id != story.pk:
        Article.objects.filter(pk=article.pk).update(story=story)
        article.story = story
    index.set_story(article.pk, story.pk)
    return dataclasses.replace(features, story_id=story.pk)


def place_many(items: list[tuple[Article, DocFeatures, object]], index: RelatedIndex) -> None:
    """Place a chunk of articles, in publication order, as ``place_article`` places one, with
    the chunk's reads and writes batched (a rebuild places a million). The caller holds the
    transaction. Each article enters the index just before it looks for its story, and the
    index learns that story before the next one looks: later articles of the chunk must not
    be visible yet, as they were not when the first arrived."""
    params = cluster_params()
    pks = [article.pk for article, _, _ in items]
    placements = {
        p.article_id: p
        for p in Placement.objects.filter(article_id__in=pks).select_related("story")
    }
    stories: dict[int, Story] = {}
    upserts: list[Placement] = []
    moved: dict[int, list[int]] = {}
    for article, features, vector in items:
        index.add(article.pk, features, dense=vector)
        placement = placements.get(article.pk)
        if placement and placement.by_editor:
            story = resolve(placement.story)
        elif article.story_id and placement is None:
            story = resolve(article.story)
            upserts.append(Placement(article=article, story=story, score=1.0, by_editor=True))
        else:
            story_id, score = choose_story(
                index, features, pk=article.pk, dense=vector, params=params
            )
            story = stories.get(story_id) if story_id else None
            if story_id and story is None:
                story = Story.objects.filter(pk=story_id).first()
            story = resolve(story) if story else Story.objects.create(title=article.headline[:300])
            upserts.append(Placement(article=article, story=story, score=round(score, 4)))
        stories[story.pk] = story
        if not story.title:
            story.title = article.headline[:300]
            story.save(update_fields=["title", "updated_at"])
        if article.story_id != story.pk:
            moved.setdefault(story.pk, []).append(article.pk)
            article.story = story
        index.set_story(article.pk, story.pk)
    Placement.objects.bulk_create(
        upserts,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["story", "score", "by_editor", "placed_at"],
    )
    for story_id, article_ids in moved.items():
        Article.objects.filter(pk__in=article_ids).update(story=story_id)
