"""A live item's entries in its feeds, the API, ninjs and the news sitemap."""

from __future__ import annotations

import html
import json
from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.articles import lifecycle
from dateline.live import posting
from dateline.site.urlbuilder import urls
from tests.live.conftest import make_live_item, post
from tests.syndication.validators import atom_errors, feedparser_errors, jsonfeed_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(live_item, editor):
    first = post(live_item, editor, "<p>Rain began at noon.</p>", headline="Rain begins")
    key = post(
        live_item, editor, "<p>The bridge is shut.</p>", headline="Bridge shut", is_key_event=True
    )
    gone = post(live_item, editor, "<p>A false report.</p>", headline="Withdrawn report")
    posting.delete_entry(gone, editor, reason="wrong")
    last = post(live_item, editor, "<p>Ferries halted &amp; ports shut.</p>", byline="Eddie E")
    return {"item": live_item, "entries": [first, key, last]}


def _titles_and_links(fmt: str, body: bytes) -> tuple[list[str], list[str]]:
    if fmt == "json":
        doc = json.loads(body)
        assert jsonfeed_errors(doc) == []
        return [i["title"] for i in doc["items"]], [i["url"] for i in doc["items"]]
    assert feedparser_errors(body) == []
    if fmt == "atom":
        assert atom_errors(body) == []
    parsed = feedparser.parse(body)
    # RSS titles are HTML (the RSS profile's ``&#x26;``), feedparser leaves them so.
    return [html.unescape(e.title) for e in parsed.entries], [e.link for e in parsed.entries]


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_live_feed_lists_visible_entries_newest_first_and_validates(client, blog, fmt):
    item = blog["item"]
    response = client.get(f"/feeds/live/{item.pk}.{fmt}")
    assert response.status_code == 200
    assert "A false report" not in response.content.decode()
    titles, links = _titles_and_links(fmt, response.content)
    first, key, last = blog["entries"]
    assert titles == ["Ferries halted & ports shut.", "Bridge shut", "Rain begins"]
    page = urls.absolute(urls.article(item))
    assert links == [f"{page}#entry-{e.pk}" for e in (last, key, first)]


def test_the_live_page_advertises_its_feeds(client, blog):
    item = blog["item"]
    page = BeautifulSoup(client.get(urls.article(item)).content, "lxml")
    hrefs = {link["type"]: link["href"] for link in page.head.select('link[rel="alternate"]')}
    assert hrefs["application/rss+xml"] == f"/feeds/live/{item.pk}.rss"
    assert hrefs["application/atom+xml"] == f"/feeds/live/{item.pk}.atom"
    assert hrefs["application/feed+json"] == f"/feeds/live/{item.pk}.json"


def test_an_article_page_advertises_no_live_feed(client):
    from tests.factories import make_article

    article = make_article("Plain news")
    page = BeautifulSoup(client.get(urls.article(article)).content, "lxml")
    assert not page.select('link[href^="/feeds/live/"]')


@pytest.mark.parametrize("ident", ["999999", "abc", "0"])
def test_unknown_live_feed_is_404(client, blog, ident):
    assert client.get(f"/feeds/live/{ident}.rss").status_code == 404


def test_feed_of_an_article_that_is_no_live_item_is_404(client):
    from tests.factories import make_article

    article = make_article("Plain news")
    assert client.get(f"/feeds/live/{article.pk}.atom").status_code == 404


def test_feed_of_an_unpublished_or_embargoed_live_item_is_404(client, editor):
    hidden = make_live_item(headline="Hidden live")
    post(hidden, editor, "<p>Secret entry text.</p>")
    assert client.get(f"/feeds/live/{hidden.pk}.json").status_code == 200
    lifecycle.unpublish(hidden)
    assert client.get(f"/feeds/live/{hidden.pk}.json").status_code == 404
    later = make_live_item(
        headline="Embargoed live", embargo_until=timezone.now() + timedelta(hours=2)
    )
    assert client.get(f"/feeds/live/{later.pk}.json").status_code == 404
