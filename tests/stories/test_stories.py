"""Stories: online placement, the timeline page, and editor merge/split/rename/move."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.articles import lifecycle
from dateline.articles.models import Article
from dateline.related import story_edits
from dateline.related.clustering import ClusterParams, choose_story
from dateline.related.features import text_features
from dateline.related.index import RelatedIndex
from dateline.stories.models import Placement, Story
from tests.factories import make_article, make_story
from tests.related.bilingual import ARTICLES

DAY = 86_400.0
HOUR = 3_600.0


def test_online_clustering_recovers_the_english_stories():
    index = RelatedIndex()
    english = [a for a in ARTICLES if a[1] == "en"]
    # Interleave the stories, as a newsroom publishes them: an item an hour (a story's score
    # falls with the days between its items, so a day apart each would test that instead).
    order = sorted(range(len(english)), key=lambda i: (i % 3, i))
    assigned, next_story = {}, 1
    for t, i in enumerate(order):
        gold, _, headline, text = english[i]
        features = text_features(headline, text, published=t * HOUR)
        index.add(i, features)
        story, _ = choose_story(index, features, pk=i, params=ClusterParams(threshold=0.2))
        if not story:
            story, next_story = next_story, next_story + 1
        assigned[i] = story
        index.set_story(i, story)
    by_gold = {}
    for i, story in assigned.items():
        by_gold.setdefault(english[i][0], set()).add(story)
    assert all(len(stories) == 1 for stories in by_gold.values()), by_gold
    assert len(set(assigned.values())) == 4


def test_the_time_window_keeps_old_stories_closed():
    index = RelatedIndex()
    index.add(1, text_features("Nepal earthquake kills hundreds", "Quake in Nepal.", story_id=5))
    late = text_features("Nepal earthquake kills hundreds", "Quake in Nepal.", published=90 * DAY)
    index.add(2, late)
    assert choose_story(index, late, pk=2, params=ClusterParams(threshold=0.1))[0] == 0


@pytest.mark.django_db
def test_timeline_page_lists_the_story_oldest_first(client):
    story = make_story("Sirte offensive")
    now = timezone.now()
    old = make_article("First push", story=story, published_at=now - timedelta(days=3))
    new = make_article("City freed", story=story, published_at=now - timedelta(days=1))
    make_article("Draft", story=story, status=Article.Status.DRAFT)
    soup = BeautifulSoup(client.get(story.get_absolute_url("en")).content, "html.parser")
    text = soup.get_text()
    assert "Sirte offensive" in text
    assert text.index(old.headline) < text.index(new.headline)
    assert "Draft" not in text


@pytest.mark.django_db
def test_merge_moves_articles_and_refuses_cycles():
    a, b, c = make_story("A"), make_story("B"), make_story("C")
    x = make_article("x", story=a)
    story_edits.merge(a, b)
    a.refresh_from_db()
    assert a.merged_into == b
    assert Article.objects.get(pk=x.pk).story == b
    assert Placement.objects.get(article=x).by_editor
    with pytest.raises(story_edits.StoryEditError, match="cycle"):
        story_edits.merge(b, a)
    with pytest.raises(story_edits.StoryEditError, match="itself"):
        story_edits.merge(c, c)
    # Merging into a merged story lands in the story it forwards to.
    assert story_edits.merge(c, a) == b
    assert Story.objects.get(pk=c.pk).merged_into == b


@pytest.mark.django_db
def test_split_rename_and_move():
    story = make_story("Libya")
    items = [make_article(f"item {n}", story=story) for n in range(3)]
    new = story_edits.split(story, [items[1].pk, items[2].pk], "Sirte battle")
    assert set(Article.objects.filter(story=new).values_list("pk", flat=True)) == {
        items[1].pk,
        items[2].pk,
    }
    with pytest.raises(story_edits.StoryEditError, match="not in story"):
        story_edits.split(story, [items[1].pk], "again")
    with pytest.raises(story_edits.StoryEditError, match="title"):
        story_edits.split(story, [items[0].pk], "  ")
    with pytest.raises(story_edits.StoryEditError):
        story_edits.rename(story, "")
    assert story_edits.rename(story, "Libya crisis").title == "Libya crisis"
    story_edits.move(items[0], new)
    assert Article.objects.get(pk=items[0].pk).story == new


@pytest.mark.django_db
def test_editor_placement_survives_an_update(engine, django_capture_on_commit_callbacks):
    start = timezone.now() - timedelta(days=5)
    made = []
    for n, (_, lang, headline, text) in enumerate(a for a in ARTICLES if a[0] == "quake"):
        article = make_article(
            headline,
            language=lang,
            body=f"<p>{text}</p>",
            status=Article.Status.DRAFT,
            published_at=None,
        )
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.publish(article, at=start + timedelta(hours=n))
        made.append(article)
    elsewhere = make_story("Elsewhere")
    with django_capture_on_commit_callbacks(execute=True):
        story_edits.move(made[0], elsewhere)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(Article.objects.get(pk=made[0].pk))  # an update
    assert Article.objects.get(pk=made[0].pk).story == elsewhere
