"""The reader page's live block and the update resource (JSON, ETag, cursor)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.articles import lifecycle
from dateline.live import posting
from dateline.site.urlbuilder import urls
from tests.factories import make_article
from tests.live.conftest import make_live_item, post

pytestmark = pytest.mark.django_db


def _page(client, article) -> BeautifulSoup:
    response = client.get(urls.article(article))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml")


def _entries(client, article, **headers):
    return client.get(urls.live_entries(article), **headers)


@pytest.fixture
def blog(live_item, editor):
    first = post(live_item, editor, "<p>Rain began at noon.</p>", headline="Rain begins")
    key = post(live_item, editor, "<p>The bridge is shut.</p>", headline="Bridge shut")
    key.is_key_event = True
    key.save(update_fields=["is_key_event"])
    last = post(live_item, editor, "<p>Ferries halted.</p>", byline="Eddie Editor")
    posting.set_summary(live_item, editor, "<ul><li>Bridge shut</li><li>Ferries halted</li></ul>")
    return {"item": live_item, "entries": [first, key, last]}


def test_the_page_lists_entries_newest_first_with_summary_and_key_events(client, blog):
    page = _page(client, blog["item"])
    first, key, last = blog["entries"]
    ids = [e["id"] for e in page.select(".live__entries .live-entry")]
    assert ids == [f"entry-{last.pk}", f"entry-{key.pk}", f"entry-{first.pk}"]
    assert [li.get_text() for li in page.select(".live__summary li")] == [
        "Bridge shut",
        "Ferries halted",
    ]
    assert page.select_one(".live__summary").get("hidden") is None
    menu = page.select(".live__keys a")
    assert [(a["href"], a.get_text()) for a in menu] == [(f"#entry-{key.pk}", "Bridge shut")]
    assert page.select_one(".live__badge").get_text() == "Live"
    newest = page.select_one(f"#entry-{last.pk}")
    assert newest.select_one(".live-entry__byline").get_text() == "Eddie Editor"
    assert newest.select_one(".body").decode_contents() == "<p>Ferries halted.</p>"
    section = page.select_one("[data-live-feed]")
    assert section["data-live-feed"] == f"/en/live/{blog['item'].pk}/entries.json"
    assert section["data-cursor"] == str(last.pk)
    assert page.select_one(".live__new").has_attr("hidden")
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "/static/live/live.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)  # the site's files only
    # No inline script but the JSON-LD: the CSP allows only our own files.
    assert all(s.get("type") == "application/ld+json" for s in page.select("script:not([src])"))


def test_the_arabic_page_speaks_arabic(client, editor):
    item = make_live_item("ar", headline="عاصفة على الساحل: تغطية مباشرة")
    post(item, editor, "<p>بدأ المطر.</p>")
    page = _page(client, item)
    assert page.select_one(".live__badge").get_text() == "مباشر"
    assert page.select_one(".live__new")["data-one"] == "تحديث جديد واحد"
    feed = page.select_one("[data-live-feed]")["data-live-feed"]
    assert feed == f"/ar/live/{item.pk}/entries.json"


def test_an_ended_item_says_so_and_does_not_poll(client, blog, editor):
    posting.end_coverage(blog["item"], editor)
    page = _page(client, blog["item"])
    assert page.select_one(".live__badge--ended").get_text() == "Coverage ended"
    assert page.select_one("[data-live-feed]").has_attr("data-ended")


def test_a_corrected_entry_says_so(client, blog, editor):
    entry = blog["entries"][0]
    posting.edit_entry(entry, editor, posting.Draft(body="<p>Rain at 1 pm.</p>"), correction=True)
    shown = _page(client, blog["item"]).select_one(f"#entry-{entry.pk}")
    assert (
        shown.select_one(".live-entry__revision").get_text(" ", strip=True).startswith("Corrected")
    )
    assert shown["data-version"] == "2"


def test_the_update_resource_carries_the_newest_entries_as_the_page_shows_them(client, blog):
    response = _entries(client, blog["item"])
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    doc = json.loads(response.content)
    first, key, last = blog["entries"]
    assert doc["item"] == blog["item"].pk and doc["live"] is True
    assert doc["cursor"] == last.pk
    assert [e["id"] for e in doc["entries"]] == [last.pk, key.pk, first.pk]
    assert [e["key_event"] for e in doc["entries"]] == [False, True, False]
    html = BeautifulSoup(doc["entries"][1]["html"], "lxml").select_one("article")
    assert html["id"] == f"entry-{key.pk}" and "live-entry--key" in html["class"]
    assert doc["summary"] == "<ul><li>Bridge shut</li><li>Ferries halted</li></ul>"
    assert doc["deleted"] == []


def test_the_update_resource_answers_304_until_an_entry_is_posted(client, blog, editor):
    first = _entries(client, blog["item"])
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    again = _entries(client, blog["item"], HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert _entries(client, blog["item"], HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    new = post(blog["item"], editor, "<p>Power cut in the east.</p>")
    changed = _entries(client, blog["item"], HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert json.loads(changed.content)["cursor"] == new.pk


def test_the_cursor_returns_only_later_entries_and_survives_hostile_values(client, blog):
    first, key, last = blog["entries"]
    url = urls.live_entries(blog["item"])
    after = json.loads(client.get(url, {"after": first.pk}).content)
    assert [e["id"] for e in after["entries"]] == [last.pk, key.pk]
    assert json.loads(client.get(url, {"after": last.pk}).content)["entries"] == []
    for hostile in ("-1", "abc", "0", "9" * 40, "1e3", "\u0663"):
        response = client.get(url, {"after": hostile})
        assert response.status_code == 200, hostile
        assert isinstance(json.loads(response.content)["entries"], list)


def test_edits_and_deletions_reach_the_update_resource(client, blog, editor):
    first, key, last = blog["entries"]
    posting.edit_entry(first, editor, posting.Draft(body="<p>Rain began at 1 pm.</p>"))
    posting.delete_entry(key, editor)
    doc = json.loads(client.get(urls.live_entries(blog["item"]), {"after": last.pk}).content)
    assert [(e["id"], e["version"], e["revision"]) for e in doc["entries"]] == [
        (first.pk, 2, "updated")
    ]
    assert doc["deleted"] == [key.pk]


def test_the_update_resource_is_only_for_public_live_items(client, editor):
    news = make_article()
    assert client.get(f"/en/live/{news.pk}/entries.json").status_code == 404
    item = make_live_item()
    lifecycle.unpublish(item)
    assert _entries(client, item).status_code == 404
    embargoed = make_live_item(embargo_until=timezone.now() + timedelta(hours=1))
    assert _entries(client, embargoed).status_code == 404


def test_json_ld_is_a_live_blog_posting_with_its_updates(client, blog, editor):
    posting.end_coverage(blog["item"], editor)
    page = _page(client, blog["item"])
    blocks = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    posting_ld = next(b for b in blocks if b.get("@type") == "LiveBlogPosting")
    first, key, last = blog["entries"]
    canonical = posting_ld["url"]
    assert posting_ld["coverageStartTime"] and posting_ld["coverageEndTime"]
    updates = posting_ld["liveBlogUpdate"]
    assert [u["@type"] for u in updates] == ["BlogPosting"] * 3
    assert [u["url"] for u in updates] == [f"{canonical}#entry-{e.pk}" for e in (last, key, first)]
    assert updates[1]["headline"] == "Bridge shut"
    assert updates[1]["articleBody"] == "The bridge is shut."
    assert updates[0]["headline"] == "Ferries halted."
    assert updates[0]["author"] == {"@type": "Person", "name": "Eddie Editor"}
    assert all(u["datePublished"] for u in updates)
