"""Change detection: a publish, correction, unpublish or kill rebuilds exactly its pages."""

from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup

from dateline.articles import lifecycle
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.changes import affected_pages
from dateline.publishing.models import BakedPage
from dateline.publishing.purge import RecordingPurgeBackend
from tests.factories import make_article, make_section, make_story, make_topic
from tests.publishing.worker import drain_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(baked):
    """A small baked site: two sections, one topic, one story, five English articles."""
    world, sport = make_section("world", "World"), make_section("sport", "Sport")
    libya = make_topic()
    story = make_story()
    articles = [make_article(section=world, topics=[libya], story=story) for _ in range(4)]
    articles.append(make_article(section=sport))
    enqueue_all()
    report = run_workers(1)
    assert report.failures == []
    return {"root": baked, "articles": articles, "world": world, "sport": sport, "topic": libya}


def _html(root, name) -> BeautifulSoup:
    return BeautifulSoup((root / name).read_text(encoding="utf-8"), "lxml")


def _headlines(root, name) -> list[str]:
    return [a.get_text(strip=True) for a in _html(root, name).select(".item__title a")]


def _built_at() -> dict[str, object]:
    return dict(BakedPage.objects.values_list("path", "built_at"))


def test_full_bake_writes_every_page_kind(site):
    root = site["root"]
    first = site["articles"][0]
    page = _html(root, f"en/news/{first.pk}/{first.slug}/index.html")
    assert page.select_one("h1.headline").get_text(strip=True) == first.headline
    assert first.headline in _headlines(root, "en/index.html")
    assert first.headline in _headlines(root, "en/section/world/index.html")
    assert first.headline in _headlines(root, "en/topic/libya/index.html")
    assert (root / "en/story/1/index.html").exists() or list(root.glob("en/story/*/index.html"))
    related = json.loads(
        (root / f"api/v1/articles/{site['articles'][3].pk}/related.json").read_text()
    )
    assert [item["id"] for item in related] == [str(a.pk) for a in site["articles"][:3]]


def test_dependency_record_names_the_items_a_page_shows(site):
    articles = site["articles"]
    world_front = BakedPage.objects.get(path="/en/section/world/")
    shown = set(world_front.dependencies.values_list("article_id", flat=True))
    assert shown == {a.pk for a in articles[:4]}
    sport_front = BakedPage.objects.get(path="/en/section/sport/")
    assert set(sport_front.dependencies.values_list("article_id", flat=True)) == {articles[4].pk}


def test_publish_rebuilds_exactly_the_pages_that_list_the_new_item(
    site, django_capture_on_commit_callbacks
):
    before = _built_at()
    draft = make_article(
        "A new dispatch", status="draft", section=site["sport"], topics=[site["topic"]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(draft)
    after = _built_at()
    changed = {path for path, at in after.items() if at != before.get(path)}
    feeds = {
        f"/feeds/{scope}.{fmt}"
        for scope in ("site", "en", "section/sport", "topic/libya")
        for fmt in ("rss", "atom", "json")
    }
    assert (
        changed
        == {
            f"/en/news/{draft.pk}/{draft.slug}/",
            f"/api/v1/articles/{draft.pk}/related",
            f"/api/v1/articles/{draft.pk}",
            "/en/",
            "/en/section/sport/",
            "/en/topic/libya/",
            "/sitemaps/news.xml",
        }
        | feeds
    )
    root = site["root"]
    assert "A new dispatch" in _headlines(root, "en/index.html")
    assert "A new dispatch" in _headlines(root, "en/section/sport/index.html")
    assert "A new dispatch" not in _headlines(root, "en/section/world/index.html")
    site_feed = feedparser.parse((root / "feeds/site.rss").read_bytes())
    assert not site_feed.bozo
    assert site_feed.entries[0].title == "A new dispatch"
    assert "A new dispatch" in (root / "sitemaps/news.xml").read_text()


def test_correction_rebuilds_every_page_listing_the_item_and_nothing_else(
    site, django_capture_on_commit_callbacks
):
    articles = site["articles"]
    corrected = articles[4]  # the only sport item: on home, sport front, its own pages
    listing = set(
        BakedPage.objects.filter(dependencies__article_id=corrected.pk).values_list(
            "path", flat=True
        )
    )
    before = _built_at()
    corrected.headline = "Corrected headline"
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(corrected)
    after = _built_at()
    changed = {path for path, at in after.items() if at != before.get(path)}
    assert changed == listing
    assert "Corrected headline" in _headlines(site["root"], "en/section/sport/index.html")
    assert "Corrected headline" in _headlines(site["root"], "en/index.html")
    drain_worker()
    purged = {key for call in RecordingPurgeBackend.calls for key in call}
    assert f"a{corrected.pk}" in purged
    # Pages whose bytes changed are purged; the related list (which does not show its own
    # article) came out the same and is left alone.
    showing = {"/en/", "/en/section/sport/", f"/en/news/{corrected.pk}/{corrected.slug}/"}
    assert {f"p:{path}" for path in showing} <= purged
    assert f"p:/api/v1/articles/{corrected.pk}/related" not in purged


def test_kill_removes_the_page_and_rebuilds_every_page_that_listed_it(
    site, django_capture_on_commit_callbacks
):
    root = site["root"]
    killed = site["articles"][1]
    own = root / f"en/news/{killed.pk}/{killed.slug}/index.html"
    assert own.exists()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.kill(killed)
    assert not own.exists()
    assert not (root / f"api/v1/articles/{killed.pk}/related.json").exists()
    assert killed.headline not in _headlines(root, "en/index.html")
    assert killed.headline not in _headlines(root, "en/section/world/index.html")
    later = site["articles"][3]
    related = json.loads((root / f"api/v1/articles/{later.pk}/related.json").read_text())
    assert str(killed.pk) not in [item["id"] for item in related]
    # A page may still load the killed row (a sitemap that filters in Python), which only
    # costs a rebuild; none shows it.
    still = BakedPage.objects.filter(dependencies__article_id=killed.pk).exclude(file="")
    assert all(killed.headline not in (root / p.file).read_text() for p in still)


def test_unpublish_removes_the_page(site, django_capture_on_commit_callbacks):
    root = site["root"]
    gone = site["articles"][4]
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.unpublish(gone)
    assert not (root / f"en/news/{gone.pk}/{gone.slug}/index.html").exists()
    assert gone.headline not in _headlines(root, "en/section/sport/index.html")
    assert BakedPage.objects.get(path=f"/en/news/{gone.pk}/{gone.slug}/").file == ""


def test_affected_pages_of_an_unknown_article_is_empty(site):
    assert affected_pages(987654321) == {}


def test_nothing_is_rebuilt_when_baking_is_off(site, settings, django_capture_on_commit_callbacks):
    settings.DATELINE_BAKE = False
    before = _built_at()
    article = site["articles"][0]
    article.headline = "Changed while baking is off"
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)
    assert _built_at() == before


def test_rebuild_runs_as_a_django_task_in_background_mode(
    site, settings, django_capture_on_commit_callbacks
):
    settings.DATELINE_BAKE_IN_BACKGROUND = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    article = site["articles"][4]
    article.headline = "Rebuilt by the task"
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)
    assert "Rebuilt by the task" in _headlines(site["root"], "en/section/sport/index.html")


def test_the_long_tail_of_a_change_is_left_to_the_worker(
    site, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from dateline.publishing.tasks import rebuild_pages

    settings.DATELINE_BAKE_TAIL_IN_BACKGROUND = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    article = site["articles"][0]
    article.headline = "Urgent pages first"
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)
    root = site["root"]
    # The urgent pages are rebuilt in the editor's own step...
    assert "Urgent pages first" in _headlines(root, "en/index.html")
    assert (
        _html(root, f"en/news/{article.pk}/{article.slug}/index.html")
        .select_one("h1.headline")
        .get_text(strip=True)
        == "Urgent pages first"
    )
    # The feed itself, not the gzip copy written beside it.
    edition_feed = next(p for p in root.glob("feeds/en.rss*") if p.suffix != ".gz")
    assert "Urgent pages first" in edition_feed.read_text(encoding="utf-8")
    # ...the long tail waits, marked in the ledger, for the worker's task.
    topic_page = "/en/topic/libya/"
    assert "Urgent pages first" not in _headlines(root, "en/topic/libya/index.html")
    assert BakedPage.objects.get(path=topic_page).dirty
    [queued] = [r for r in default_task_backend.results if r.task.name == rebuild_pages.name]
    queued.task.call(*queued.args, **queued.kwargs)
    assert "Urgent pages first" in _headlines(root, "en/topic/libya/index.html")
    assert not BakedPage.objects.filter(dirty=True).exists()
