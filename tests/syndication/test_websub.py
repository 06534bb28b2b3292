"""WebSub: feeds declare the hub; publish, update and kill ping a hub on 127.0.0.1."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
from lxml import etree

from dateline.articles import lifecycle
from tests.factories import make_article, make_section
from tests.syndication.receiver import receiver

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def hub(settings):
    settings.TASKS = IMMEDIATE
    settings.DATELINE_SITE_URL = "https://news.example"
    with receiver() as server:
        settings.DATELINE_WEBSUB_HUB = server.url
        yield server


def test_feeds_declare_the_hub(client, db, hub):
    rss = etree.fromstring(client.get("/feeds/site.rss").content)
    links = rss.findall(".//{http://www.w3.org/2005/Atom}link")
    assert {(lk.get("rel"), lk.get("href")) for lk in links} >= {
        ("hub", hub.url),
        ("self", "https://news.example/feeds/site.rss"),
    }
    atom = etree.fromstring(client.get("/feeds/en.atom").content)
    assert atom.find("{http://www.w3.org/2005/Atom}link[@rel='hub']").get("href") == hub.url
    doc = json.loads(client.get("/feeds/site.json").content)
    assert doc["hubs"] == [{"type": "WebSub", "url": hub.url}]


def pinged_topics(hub) -> list[set[str]]:
    return [set(parse_qs(r.body.decode())["hub.url"]) for r in hub.received]


def test_publish_update_and_kill_ping_the_hub(db, hub, django_capture_on_commit_callbacks):
    world = make_section()
    article = make_article("Draft", status="draft", section=world)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)  # an update of a published item
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.kill(article)
    assert len(hub.received) == 3
    for request in hub.received:
        assert parse_qs(request.body.decode())["hub.mode"] == ["publish"]
    for topics in pinged_topics(hub):
        assert "https://news.example/feeds/site.atom" in topics
        assert "https://news.example/feeds/en.rss" in topics
        assert "https://news.example/feeds/section/world.json" in topics


def test_no_hub_no_ping(db, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    settings.DATELINE_WEBSUB_HUB = ""
    with receiver() as server, django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(make_article("Quiet", status="draft"))
    assert server.received == []


def test_unreachable_hub_does_not_break_publishing(
    db, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with receiver() as server:
        dead = server.url
    settings.DATELINE_WEBSUB_HUB = dead  # the server is gone: connection refused
    article = make_article("Still published", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)
    article.refresh_from_db()
    assert article.status == "published"
