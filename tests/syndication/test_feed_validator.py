"""Feeds at every level of the W3C Feed Validation Service, JSON Feeds against both schemas,
and feed discovery on every page that has feeds of its own."""

from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.factories import make_article, make_media
from tests.syndication.corpus import HOSTILE
from tests.syndication.validators import jsonfeed_errors, w3c_feed_errors

ATOM = "{http://www.w3.org/2005/Atom}"
HUB = "https://hub.example/websub"
TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


@pytest.fixture
def room(newsroom, settings, tmp_path):
    """The newsroom with a WebSub hub, a title-only item, and enclosures of every kind: a
    measured file and one that is not there to measure."""
    settings.DATELINE_WEBSUB_HUB = HUB
    settings.MEDIA_ROOT = tmp_path
    first = newsroom.public[0]
    only = make_article(
        "Title only",
        body="",
        section=first.section,
        story=first.story,
        topics=[*first.topics.all()],
    )
    measured = make_media(ratio="4x3")
    measured.byte_size = 48213
    measured.save()
    first.lead_media = measured
    first.save()
    newsroom.public.append(only)
    return newsroom


def scope_keys(room) -> list[str]:
    return ["site", "en", "ar", "section/world", "topic/libya", f"story/{room.public[0].story_id}"]


def test_rss_and_atom_feeds_pass_the_w3c_validator(client, room):
    for key in scope_keys(room):
        for fmt in ("rss", "atom"):
            url = f"/feeds/{key}.{fmt}"
            response = client.get(url)
            assert response.status_code == 200, url
            base = f"https://news.example{url}"
            assert w3c_feed_errors(response.content, base) == [], url


def test_summary_only_feeds_pass_the_w3c_validator(client, room, settings):
    settings.DATELINE_FEED_FULL_TEXT = False
    for fmt in ("rss", "atom"):
        url = f"/feeds/site.{fmt}"
        assert w3c_feed_errors(client.get(url).content, f"https://news.example{url}") == []


def test_json_feeds_pass_both_schemas_with_icon_favicon_hub_and_authors(client, room):
    for key in scope_keys(room):
        response = client.get(f"/feeds/{key}.json")
        doc = json.loads(response.content)
        assert jsonfeed_errors(doc) == [], key
        assert doc["hubs"] == [{"type": "WebSub", "url": HUB}]
        assert doc["authors"][0]["name"] == "Dateline"
        assert doc["authors"][0]["url"].startswith("https://news.example/")
        for name in ("icon", "favicon"):
            path = doc[name].removeprefix("https://news.example")
            served = client.get(path)
            # Read to the end: the test client then closes the file without ending the request
            # (closing it by hand sends request_finished, which drops PostgreSQL's connection).
            b"".join(served.streaming_content)
            assert served.status_code == 200, doc[name]
        assert all("content_html" in i or "content_text" in i for i in doc["items"])
        assert not any(i.get("content_html") == "" for i in doc["items"])


def test_a_title_only_item_is_summed_up_by_its_headline(client, room):
    doc = json.loads(client.get("/feeds/site.json").content)
    item = next(i for i in doc["items"] if i["title"] == "Title only")
    assert item["content_text"] == "Title only" and "content_html" not in item

    atom = etree.fromstring(client.get("/feeds/site.atom").content)
    entry = next(e for e in atom.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Title only")
    assert entry.findtext(f"{ATOM}summary") == "Title only"
    assert entry.find(f"{ATOM}content") is None
    talks = next(e for e in atom.iter(f"{ATOM}entry") if "Talks" in e.findtext(f"{ATOM}title"))
    assert talks.findtext(f"{ATOM}summary") == "Delegates meet again."
    assert talks.find(f"{ATOM}content").get("type") == "html"

    rss = etree.fromstring(client.get("/feeds/site.rss").content)
    item = next(i for i in rss.iter("item") if i.findtext("title") == "Title only")
    assert item.find("description") is None


def test_a_title_with_markup_characters_reads_as_text_everywhere(client, room):
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(client.get(f"/feeds/site.{fmt}").content)
        titles = [BeautifulSoup(e.title, "html.parser").get_text() for e in parsed.entries]
        assert HOSTILE in titles, fmt
    body = client.get("/feeds/site.rss").content
    assert b"<![CDATA[Rocket &#x3C;/script&#x3E;&#x3C;script&#x3E;" in body
    assert b"<script>" not in body


def test_enclosure_lengths_follow_each_format(client, room):
    rss = etree.fromstring(client.get("/feeds/site.rss").content)
    lengths = {
        i.findtext("title"): i.find("enclosure").get("length")
        for i in rss.iter("item")
        if i.find("enclosure") is not None
    }
    assert lengths["Talks resume in Geneva"] == "48213"
    # RSS needs a length; the RSS profile's "unknown" is 0 (the video file is not on disk).
    assert lengths["VIDEO: Video: the harbour at dawn"] == "0"


def test_the_validator_catches_what_the_feeds_used_to_say():
    blank_summary = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        b'xml:lang="en"><title>x</title><link href="https://news.example/" rel="alternate"/>'
        b'<link href="https://news.example/f.atom" rel="self"/><id>https://news.example/</id>'
        b"<updated>2024-01-01T00:00:00+00:00</updated><author><name>x</name></author>"
        b'<entry><title>Title only</title><link href="https://news.example/a" rel="alternate"/>'
        b"<updated>2024-01-01T00:00:00+00:00</updated><id>https://news.example/a</id>"
        b'<summary type="html"></summary></entry></feed>'
    )
    problems = w3c_feed_errors(blank_summary, "https://news.example/f.atom")
    assert any("summary should not be blank" in p for p in problems), problems
    no_length = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>x</title>'
        b"<link>https://news.example/</link><description>x</description><item><title>a</title>"
        b"<link>https://news.example/a</link><guid>https://news.example/a</guid>"
        b'<enclosure url="https://news.example/a.jpg" type="image/jpeg"/></item></channel></rss>'
    )
    problems = w3c_feed_errors(no_length, "https://news.example/f.rss")
    assert any("Missing enclosure attribute: length" in p for p in problems), problems
    html_title = no_length.replace(b"<title>a</title>", b"<title>a &lt;/b&gt;</title>")
    problems = w3c_feed_errors(html_title, "https://news.example/f.rss")
    assert any("title should not contain HTML" in p for p in problems), problems


@pytest.mark.parametrize("kind", ["section", "topic", "story"])
@pytest.mark.parametrize("edition", ["en", "ar"])
def test_pages_advertise_their_own_feeds_then_the_editions(client, room, kind, edition):
    ident = {"section": "world", "topic": "libya", "story": room.public[0].story_id}[kind]
    page = client.get(f"/{edition}/{kind}/{ident}/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    links = [
        (link["type"], link["href"])
        for link in soup.find_all("link", rel="alternate")
        if link.get("type") in TYPES.values()
    ]
    own = [(TYPES[fmt], f"/feeds/{kind}/{ident}.{fmt}") for fmt in TYPES]
    edition_feeds = [(TYPES[fmt], f"/feeds/{edition}.{fmt}") for fmt in TYPES]
    assert links == own + edition_feeds
    for _, href in links:
        assert client.get(href).status_code == 200, href
