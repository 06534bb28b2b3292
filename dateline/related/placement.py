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
