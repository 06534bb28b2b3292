"""Editor operations on stories: merge, split, rename and move. Each is one transaction,
refuses bad requests with a clear ``StoryEditError``, marks the placements as the editor's
and announces each public article it changes (``events.track``), so its related list, its
story's pages and its own pages follow; the lists of hidden articles are refreshed."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dateline import events
from dateline.articles.models import Article
from dateline.related.models import IndexChange
from dateline.related.placement import resolve
from dateline.stories.models import Placement, Story


class StoryEditError(ValueError):
    """An editor's story operation that cannot be done as asked."""


def _announce(article_ids: list[int]) -> list[int]:
    """Announce an update of each public article of ``article_ids``; return the others."""
    public = list(Article.objects.public().filter(pk__in=article_ids))
    for article in public:
        events.track(article, "updated")
    shown = {article.pk for article in public}
    return [pk for pk in article_ids if pk not in shown]


def _place(article_ids: list[int], story: Story) -> None:
    Article.objects.filter(pk__in=article_ids).update(story=story)
    for article_id in article_ids:
        Placement.objects.update_or_create(
            article_id=article_id, defaults={"story": story, "by_editor": True}
        )
    # Index copies read the new story from the database when they replay these.
    IndexChange.objects.bulk_create(IndexChange(article_id=i) for i in article_ids)
    hidden = _announce(article_ids)

    def queue() -> None:
        from dateline.related.tasks import refresh_lists

        refresh_lists.enqueue(hidden)

    if hidden:
        transaction.on_commit(queue)


@transaction.atomic
def merge(source: Story, target: Story) -> Story:
    """Move every article of ``source`` into ``target`` and forward ``source`` to it.

    Refuse merging a story into itself or into a story that already forwards to it
    (which would make a cycle of forwards).
    """
    if source.pk == target.pk:
        raise StoryEditError(f"story {source.pk} cannot be merged into itself")
    final = resolve(target)
    if final.pk == source.pk or target.merged_into_id == source.pk:
        raise StoryEditError(
            f"merging story {source.pk} into {target.pk} would make a cycle: "
            f"{target.pk} already forwards to {source.pk}"
        )
    if final.merged_into_id:
        raise StoryEditError(f"story {target.pk} is part of a forwarding cycle; fix it first")
    ids = list(Article.objects.filter(story=source).values_list("pk", flat=True))
    _place(ids, final)
    Story.objects.filter(merged_into=source).update(merged_into=final)
    source.merged_into = final
    source.save(update_fields=["merged_into", "updated_at"])
    final.save(update_fields=["updated_at"])
    return final


@transaction.atomic
def split(story: Story, article_ids: Iterable[int], title: str) -> Story:
    """Move the named articles of ``story`` into a new story called ``title``."""
    title = (title or "").strip()
    if not title:
        raise StoryEditError("a split needs a title for the new story")
    wanted = set(article_ids)
    ids = list(Article.objects.filter(story=story, pk__in=wanted).values_list("pk", flat=True))
    missing = wanted - set(ids)
    if missing:
        raise StoryEditError(f"articles {sorted(missing)} are not in story {story.pk}")
    if not ids:
        raise StoryEditError("a split needs at least one article")
    created = Story.objects.create(title=title[:300])
    _place(ids, created)
    return created


@transaction.atomic
def rename(story: Story, title: str) -> Story:
    """Give ``story`` a new title (not blank, at most 300 characters)."""
    title = (title or "").strip()
    if not title or len(title) > 300:
        raise StoryEditError("a story title must have 1 to 300 characters")
    story.title = title
    story.save(update_fields=["title", "updated_at"])
    # The title shows on the story's pages and on every page of its public articles.
    _announce(list(Article.objects.filter(story=story).values_list("pk", flat=True)))
    return story


@transaction.atomic
def move(article: Article, story: Story) -> Story:
    """Move ``article`` into ``story`` (or the story it was merged into)."""
    target = resolve(story)
    if target.merged_into_id:
        raise StoryEditError(f"story {story.pk} is part of a forwarding cycle; fix it first")
    _place([article.pk], target)
    return target
