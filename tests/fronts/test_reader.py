"""The article page as a news site shows it: section, update and reading time, share links
that load nothing from elsewhere, a print stylesheet; story and topic pages are compact,
paginated timelines."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from tests.factories import make_article, make_media, make_section, make_story, make_topic
from tests.fronts.helpers import soup

pytestmark = pytest.mark.django_db


def test_the_article_page_names_section_update_reading_time_and_shares_without_scripts():
    world = make_section()
    published = timezone.now() - timedelta(hours=3)
    item = make_article(
        "Talks resume",
        section=world,
        published_at=published,
        modified_at=published + timedelta(hours=1),
        body="<p>" + "word " * 450 + "</p>",
    )
    page = soup(item.get_absolute_url())
    assert page.select_one(".kicker a")["href"] == "/en/section/world/"
    times = page.select(".dateline time")
    assert len(times) == 2 and "Updated" in page.select_one(".dateline").get_text()
    assert page.select_one(".reading-time").get_text() == "3 min read"
    links = page.select(".share a")
    assert [a.get_text() for a in links] == ["X", "Facebook", "WhatsApp", "Telegram", "E-mail"]
    shared = parse_qs(urlsplit(links[0]["href"]).query)
    assert shared["url"] == ["http://127.0.0.1:8000" + item.get_absolute_url()]
    for script in page.select("script"):  # site files, or JSON-LD data: nothing from elsewhere
        assert script.get("src", "").startswith("/static/") or (
            script["type"] == "application/ld+json"
        )
    assert page.select_one("link[rel=stylesheet][media=print]")["href"].endswith("print.css")


def test_a_story_page_is_a_compact_paginated_timeline(settings):
    settings.DATELINE_FRONT_PAGE_SIZE = 5
    story = make_story()
    items = [make_article(f"Step {n}", story=story, lead_media=make_media()) for n in range(7)]
    first = soup(f"/en/story/{story.pk}/")
    entries = first.select(".timeline__entry")
    assert [e.select_one(".item__title a").get_text() for e in entries] == [
        f"Step {n}" for n in range(5)
    ]
    # A small picture for key items only (the first of the page here), never full width.
    assert len(first.select(".timeline__pic img")) == 1
    assert first.select_one(".pager a[rel=next]")["href"] == "?page=2"
    second = soup(f"/en/story/{story.pk}/?page=2")
    assert [a.get_text() for a in second.select(".timeline .item__title a")] == [
        items[5].headline,
        items[6].headline,
    ]


def test_a_topic_page_is_a_timeline_too():
    topic = make_topic()
    make_article("About Libya", topics=[topic])
    page = soup("/en/topic/libya/")
    assert [a.get_text() for a in page.select(".timeline .item__title a")] == ["About Libya"]
