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


@pytest.fixture
def revised(blog, editor):
    """The blog with its key event corrected after readers saw it."""
    first, key, last = blog["entries"]
    posting.edit_entry(
        key,
        editor,
        posting.Draft(
            body="<p>The north bridge is shut.</p>", headline="Bridge shut", is_key_event=True
        ),
        correction=True,
    )
    return blog


def test_api_detail_lists_entries_newest_first_with_revisions(client, revised):
    item = revised["item"]
    first, key, last = revised["entries"]
    doc = client.get(f"/api/v1/articles/{item.pk}").json()
    live = doc["live"]
    assert live["is_live"] is True
    assert [e["id"] for e in live["entries"]] == [last.pk, key.pk, first.pk]
    shown = {e["id"]: e for e in live["entries"]}
    assert shown[key.pk]["key_event"] is True
    assert shown[key.pk]["revision"] == "corrected"
    assert shown[key.pk]["revised_at"] is not None
    assert shown[key.pk]["body_html"] == "<p>The north bridge is shut.</p>"
    assert shown[first.pk]["headline"] == "Rain begins"
    assert shown[first.pk]["revision"] is None
    assert "A false report" not in json.dumps(doc)


def test_api_detail_of_an_article_has_no_live_part(client):
    from tests.factories import make_article

    article = make_article("Plain news")
    assert client.get(f"/api/v1/articles/{article.pk}").json()["live"] is None


@pytest.mark.parametrize("version", ["2.2", "3.0", "3.1"])
def test_ninjs_lists_entries_as_associations_and_validates(client, revised, version):
    from tests.syndication.validators import ninjs_errors

    item = revised["item"]
    first, key, last = revised["entries"]
    doc = client.get(f"/api/v1/articles/{item.pk}.ninjs?version={version}").json()
    assert ninjs_errors(doc, version) == []
    entries = [a for a in doc["associations"] if a["name"].startswith("entry-")]
    assert [a["name"] for a in entries] == [f"entry-{e.pk}" for e in (last, key, first)]
    corrected = entries[1]
    note = "edNote" if version.startswith("3.") else "ednote"
    assert corrected[note] == "Corrected"
    assert corrected["genres"] == [{"name": "Key event", "literal": "key-event"}]
    assert corrected["bodies"][0]["value"] == "<p>The north bridge is shut.</p>"
    assert entries[2]["headlines"] == [{"role": "main", "value": "Rain begins"}]
    assert note not in entries[2]
    assert "A false report" not in json.dumps(doc)
    feed = client.get(f"/api/v1/articles.ninjs?version={version}").json()
    listed = next(i for i in feed["items"] if i["uri"] == doc["uri"])
    assert listed["associations"] == doc["associations"]


NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _news_sitemap(client) -> dict[str, tuple[str, str]]:
    """Return ``{location: (lastmod, news publication date)}`` of the news sitemap."""
    from lxml import etree

    from tests.syndication.validators import sitemap_errors

    body = client.get("/sitemaps/news.xml").content
    root = etree.fromstring(body)
    listed = {
        url.findtext(f"{SM}loc"): (
            url.findtext(f"{SM}lastmod"),
            url.findtext(f"{NEWS}news/{NEWS}publication_date"),
        )
        for url in root.iter(f"{SM}url")
    }
    assert not listed or sitemap_errors(body) == []
    return listed


def test_news_sitemap_keeps_a_live_item_fresh_while_it_is_live(client, editor):
    from datetime import datetime

    old = make_live_item(
        headline="Week-long siege: live", published_at=timezone.now() - timedelta(days=5)
    )
    post(old, editor, "<p>Old entry.</p>", posted_at=timezone.now() - timedelta(days=4))
    newest = post(
        old, editor, "<p>Fresh entry.</p>", posted_at=timezone.now() - timedelta(minutes=3)
    )
    recent = make_live_item(headline="Storm: live")
    latest = post(
        recent, editor, "<p>Wind drops.</p>", posted_at=timezone.now() - timedelta(minutes=1)
    )
    listed = _news_sitemap(client)
    for item, entry in ((old, newest), (recent, latest)):
        lastmod, published = listed[urls.absolute(urls.article(item))]
        assert datetime.fromisoformat(published) == entry.posted_at
        assert datetime.fromisoformat(lastmod) >= entry.posted_at
    posting.end_coverage(old, editor)
    assert urls.absolute(urls.article(old)) not in _news_sitemap(client)


def test_news_sitemap_leaves_out_a_hidden_live_item(client, editor):
    hidden = make_live_item(headline="Quiet live", published_at=timezone.now() - timedelta(days=5))
    post(hidden, editor, "<p>Fresh entry.</p>")
    lifecycle.unpublish(hidden)
    assert urls.absolute(urls.article(hidden)) not in _news_sitemap(client)


def test_api_detail_of_a_live_item_matches_the_openapi_document(client, revised):
    """The document tells the truth about ``live``: the answer validates against it."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/articles/{article_id}"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:api", resource)
    ref = "urn:api" + schema["$ref"]
    validator = Draft202012Validator(
        {"$ref": ref}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    answer = client.get(f"/api/v1/articles/{revised['item'].pk}").json()
    assert answer["live"]["entries"]
    assert [e.message for e in validator.iter_errors(answer)] == []
    answer["live"]["entries"][0]["revision"] = "rewritten"
    assert list(validator.iter_errors(answer))
