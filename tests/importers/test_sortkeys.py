"""Imported items get sort keys from their own time, whatever order and batches they came in."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import Article
from dateline.importers.sortkeys import BAND_BASE, time_key
from dateline.taxonomy.models import Section
from tests.factories import make_article, make_story
from tests.importers.conftest import post

pytestmark = pytest.mark.django_db

START = datetime(2012, 3, 1, tzinfo=UTC)


def _posts(ids: range, rng: random.Random) -> list[dict]:
    posts = []
    for post_id in ids:
        moment = START + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 4))
        stamp = moment.strftime("%Y-%m-%d %H:%M:%S")
        posts.append(post(post_id, date=stamp, date_gmt=stamp))
    rng.shuffle(posts)
    return posts


def _times(html: bytes, selector: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [time["datetime"] for time in soup.select(f"{selector} time")]


def _timeline(client, url: str) -> list[str]:
    """Return the times of a paginated timeline, every page in order."""
    times: list[str] = []
    while url:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        times += [time["datetime"] for time in soup.select(".timeline .timeline__entry time")]
        older = soup.select_one(".pager a[rel=next]")
        url = older and url.split("?")[0] + older["href"]
    return times


def test_a_shuffled_import_in_many_batches_lists_in_true_time_order(run_import, wxr_file, client):
    rng = random.Random(15)
    first = _posts(range(1, 61), rng)
    # Two posts in one second, and a second run whose posts fall between the first run's.
    first[0]["date"] = first[0]["date_gmt"] = first[1]["date"]
    assert run_import(wxr_file(first, "a.xml"), "--batch-size", "7").counts["created"] == 60
    second = _posts(range(61, 101), rng)
    assert run_import(wxr_file(second, "b.xml"), "--batch-size", "9").counts["created"] == 40

    by_key = list(Article.objects.order_by("sort").values_list("published_at", flat=True))
    assert by_key == sorted(by_key, reverse=True)
    assert Article.objects.filter(sort__isnull=True).count() == 0

    # The site's own newest item still comes first: the archive's keys lie above the counter.
    # With no arranged layout, the section front is its list of items, newest first.
    live = make_article("Published today", section=Section.objects.get(slug="world"))
    front = _times(client.get("/en/section/world/").content, ".row--listing article.item")
    assert len(front) > 10
    assert front[0] == live.published_at.replace(microsecond=0).isoformat()
    assert front == sorted(front, reverse=True)

    story = make_story("Everything")
    Article.objects.filter(legacy_key__startswith="wxr:").update(story=story)
    timeline = _timeline(client, f"/en/story/{story.pk}/")
    assert len(timeline) == 100
    assert timeline == sorted(timeline)


def test_time_keys_fall_as_time_rises_and_stay_above_the_counter():
    older = time_key(datetime(1890, 1, 1, tzinfo=UTC), "wxr:1")
    newer = time_key(datetime(2016, 1, 1, tzinfo=UTC), "wxr:2")
    latest = time_key(datetime(9999, 1, 1, tzinfo=UTC), "wxr:3")
    assert older > newer > latest > 4_000_000_000
    assert older < BAND_BASE * 2 < 2**53  # exact in JSON numbers too
