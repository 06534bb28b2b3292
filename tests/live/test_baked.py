"""The baked live page and its baked update resource follow a new entry, an edit, a deletion."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from dateline.live import posting
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from dateline.site.urlbuilder import urls
from tests.live.conftest import make_live_item, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def baked_item(baked, editor, django_capture_on_commit_callbacks):
    item = make_live_item()
    with django_capture_on_commit_callbacks(execute=True):
        post(item, editor, "<p>Rain began.</p>")
    enqueue_all()
    assert run_workers(1).failures == []
    return item


def _files(root, item):
    page = root / urls.article(item).lstrip("/") / "index.html"
    feed = root / urls.live_entries(item).lstrip("/")
    return page, feed


def test_the_update_resource_is_baked_with_the_page(baked, baked_item):
    page, feed = _files(baked, baked_item)
    assert page.exists() and feed.exists()
    doc = json.loads(feed.read_text())
    assert [e["html"] for e in doc["entries"]][0].count("Rain began.") == 1
    row = BakedPage.objects.get(path=urls.live_entries(baked_item))
    assert row.kind == "live-entries" and not row.dirty
    assert baked_item.pk in set(row.dependencies.values_list("article_id", flat=True))


def test_a_new_entry_reaches_the_baked_page_and_update_resource(
    baked, baked_item, editor, django_capture_on_commit_callbacks
):
    page, feed = _files(baked, baked_item)
    with django_capture_on_commit_callbacks(execute=True):
        entry = post(baked_item, editor, "<p>The bridge is shut.</p>", is_key_event=True)
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    assert html.select(".live__entries .live-entry")[0]["id"] == f"entry-{entry.pk}"
    assert [a["href"] for a in html.select(".live__keys a")] == [f"#entry-{entry.pk}"]
    doc = json.loads(feed.read_text())
    assert doc["cursor"] == entry.pk and doc["entries"][0]["key_event"] is True

    with django_capture_on_commit_callbacks(execute=True):
        posting.delete_entry(entry, editor)
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    assert not html.select(f"#entry-{entry.pk}")
    assert json.loads(feed.read_text())["deleted"] == [entry.pk]


def test_the_baked_update_resource_is_served_with_etag_and_304(baked, baked_item):
    # Embedded mode answers from the baked file before any view: no app work per poll.
    client = Client()
    first = client.get(urls.live_entries(baked_item))
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert json.loads(b"".join(first.streaming_content) if first.streaming else first.content)
    again = client.get(urls.live_entries(baked_item), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "must-revalidate" in again["Cache-Control"]


@pytest.mark.parametrize("step", ["kill", "unpublish"])
def test_a_withdrawn_entry_leaves_the_baked_files_before_the_step_returns(
    baked, baked_item, editor, settings, django_capture_on_commit_callbacks, step
):
    from tests.desk.conftest import make_user

    page, feed = _files(baked, baked_item)
    with django_capture_on_commit_callbacks(execute=True):
        entry = post(baked_item, editor, "<p>Named a minor.</p>")
    assert "Named a minor." in page.read_text(encoding="utf-8")
    # Baking waits for a worker, except for a step that takes an entry off.
    settings.DATELINE_BAKE_IN_BACKGROUND = True
    chief = make_user("desk chief", "chief")
    with django_capture_on_commit_callbacks(execute=True):
        if step == "kill":
            posting.kill_entry(entry, chief, reason="legal")
        else:
            posting.unpublish_entry(entry, chief)
    assert "Named a minor." not in page.read_text(encoding="utf-8")
    doc = json.loads(feed.read_text())
    assert entry.pk in doc["deleted"]
    assert all("Named a minor." not in e["html"] for e in doc["entries"])
