"""Feeds: every scope in RSS, Atom and JSON Feed, checked by the independent validators."""

from __future__ import annotations

import html
import json

import pytest
from lxml import etree

from dateline.syndication.scopes import Scope
from dateline.syndication.writers import build_feed
from tests.syndication.corpus import HOSTILE, SECRET
from tests.syndication.validators import atom_errors, feedparser_errors, jsonfeed_errors

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_urls(room) -> list[str]:
    story = room.public[0].story_id
    keys = ["site", "en", "ar", "section/world", "topic/libya", f"story/{story}"]
    return [f"/feeds/{key}.{fmt}" for key in keys for fmt in ("rss", "atom", "json")]


def check(url: str, body: bytes) -> list[str]:
    if url.endswith(".json"):
        return jsonfeed_errors(json.loads(body))
    errors = feedparser_errors(body)
    if url.endswith(".atom"):
        errors += atom_errors(body)
    return errors


def test_every_feed_validates_and_hides_unpublished_items(client, newsroom):
    for url in feed_urls(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        assert check(url, response.content) == [], url
        assert SECRET not in response.content.decode(), url


def test_site_feed_lists_every_public_item_with_enclosure_and_author(client, newsroom):
    doc = json.loads(client.get("/feeds/site.json").content)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert {i["title"] for i in doc["items"]} == {a.display_title for a in newsroom.public}
    talks = next(i for i in doc["items"] if i["title"] == "Talks resume in Geneva")
    assert talks["authors"] == [{"name": "Jane Doe"}]
    assert talks["attachments"][0]["mime_type"] == "image/jpeg"
    assert talks["content_html"] == "<p>Body of article 4.</p>" or talks["content_html"]


def test_updated_follows_corrections(client, newsroom):
    corrected = newsroom.by_headline("Corrected figures")
    tree = etree.fromstring(client.get("/feeds/site.atom").content)
    entry = next(
        e for e in tree.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Corrected figures"
    )
    assert entry.findtext(f"{ATOM}updated") == corrected.modified_at.isoformat()
    assert entry.findtext(f"{ATOM}published") == corrected.published_at.isoformat()


def test_summary_only_setting(client, newsroom, settings):
    settings.DATELINE_FEED_FULL_TEXT = False
    doc = json.loads(client.get("/feeds/site.json").content)
    talks = next(i for i in doc["items"] if i["title"] == "Talks resume in Geneva")
    assert talks["content_html"] == "Delegates meet again."


def test_edition_feed_holds_one_language(client, newsroom):
    doc = json.loads(client.get("/feeds/ar.json").content)
    assert [i["language"] for i in doc["items"]] == ["ar"]


def test_hostile_text_is_escaped_in_xml(client, newsroom):
    body = client.get("/feeds/site.rss").content
    tree = etree.fromstring(body)
    # A title with markup characters is HTML-escaped text (RSS profile), read back as the text.
    titles = [html.unescape(t.text or "") for t in tree.iter("title")]
    assert HOSTILE in titles
    assert b"<script>" not in body


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/site.xml",
        "/feeds/section/nowhere.rss",
        "/feeds/story/99999999999.rss",
        "/feeds/story/abc.rss",
        "/feeds/zz.rss",
    ],
)
def test_unknown_feeds_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_writer_is_a_pure_function_of_articles(newsroom):
    feed = build_feed("json", Scope("site"), newsroom.public[:2])
    doc = json.loads(feed.writeString("utf-8"))
    assert jsonfeed_errors(doc) == []
    assert len(doc["items"]) == 2


def test_broken_samples_fail_the_validators():
    atom_without_updated = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>urn:x</id></feed>'
    )
    assert atom_errors(atom_without_updated)
    assert feedparser_errors(b"<rss version='2.0'><channel><title>x</title><item>")
    item_without_content = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "x",
        "items": [{"id": "1"}],
    }
    assert jsonfeed_errors(item_without_content)


def test_enclosures_give_the_length_recorded_when_the_file_was_stored(
    client, db, settings, tmp_path
):
    from dateline.media.measure import FIELDS, record_file
    from tests.factories import make_article, make_media

    settings.MEDIA_ROOT = tmp_path
    measured = make_media(ratio="4x3")
    measured.byte_size = 48213
    measured.save()
    on_disk = make_media(ratio="1x1")
    stored = tmp_path / on_disk.file.name.lstrip("/")
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(b"\xff\xd8" + b"x" * 1234)
    assert record_file(on_disk)  # as an import or the demo does when it stores the file
    on_disk.save(update_fields=FIELDS)
    # Read from the row, never the disk again: a feed build touches no file.
    stored.write_bytes(b"changed behind the row's back")
    missing = make_media(ratio="16x9")
    for headline, media in (("Measured", measured), ("On disk", on_disk), ("Missing", missing)):
        make_article(headline, lead_media=media)

    rss = etree.fromstring(client.get("/feeds/site.rss").content)
    enclosures = {i.findtext("title"): i.find("enclosure").attrib for i in rss.iter("item")}
    assert enclosures["Measured"]["length"] == "48213"
    assert enclosures["On disk"]["length"] == "1236"
    # RSS requires a length: the RSS profile's "unknown" is 0.
    assert enclosures["Missing"]["length"] == "0"
    assert enclosures["Missing"]["url"].endswith(missing.file.name)
    assert all(e["type"] == "image/jpeg" for e in enclosures.values())

    atom = etree.fromstring(client.get("/feeds/site.atom").content)
    links = {
        e.findtext(f"{ATOM}title"): e.find(f"{ATOM}link[@rel='enclosure']").attrib
        for e in atom.iter(f"{ATOM}entry")
    }
    assert links["Measured"]["length"] == "48213" and "length" not in links["Missing"]
    assert atom_errors(client.get("/feeds/site.atom").content) == []

    doc = json.loads(client.get("/feeds/site.json").content)
    attachments = {i["title"]: i["attachments"][0] for i in doc["items"]}
    assert attachments["On disk"]["size_in_bytes"] == 1236
    assert "size_in_bytes" not in attachments["Missing"]
    assert jsonfeed_errors(doc) == []
    assert feedparser_errors(client.get("/feeds/site.rss").content) == []
