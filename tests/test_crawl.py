"""The crawl: every URL the site publishes works, in both editions, dynamic and baked.

A small bilingual site holds every kind of content (news, video, gallery, live item, a
title-only stub, English and Arabic slugs, items with and without pictures, a story, a
correction, a killed item). The crawler (``tests/crawl.py``) starts at both home pages, the
sitemap index, robots.txt, the feeds and the API, and follows every URL they name on the
site's own host. Every answer must be a 200, or one permanent redirect to a 200; a picture
must be served as an image; the killed item answers 410 and nothing links to it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk.models import Correction
from dateline.importers.models import Redirect, old_path_key
from dateline.media.ingest import ingest
from dateline.media.models import Gallery, GalleryItem, MediaAsset
from dateline.site.urlbuilder import urls
from tests.crawl import Crawler
from tests.factories import make_article, make_section, make_story, make_topic
from tests.media.helpers import image_bytes, mp4_bytes, upload

pytestmark = pytest.mark.django_db

SITE_URL = "http://testserver"
# Ids of the registry's content types (dateline/articles/registry.py).
NEWS, VIDEO, GALLERY, LIVE = 21, 22, 23, 27
OLD_ARABIC_PERMALINK = "/2016/01/%d8%ae%d8%a8%d8%b1-%d9%82%d8%af%d9%8a%d9%85/"
SEEDS = (
    "/en/",
    "/ar/",
    "/robots.txt",
    "/sitemap.xml",
    "/feeds/site.rss",
    "/feeds/site.atom",
    "/feeds/site.json",
    "/api/v1/articles",
    "/api/v1/sections",
    "/api/v1/topics",
    "/api/v1/stories",
    "/api/v1/media",
    OLD_ARABIC_PERMALINK,
)


def _photo(caption: str) -> MediaAsset:
    # Wider than the 607-pixel default rendition, so every srcset width is a real file.
    return ingest(
        upload("photo.jpg", image_bytes(size=(900, 600))), caption=caption, alt_text=caption
    )


def _video(caption: str) -> MediaAsset:
    poster = upload("poster.jpg", image_bytes(size=(640, 360)))
    return ingest(upload("clip.mp4", mp4_bytes()), caption=caption, alt_text=caption, poster=poster)


def _item(headline: str, slug: str, language: str, **fields) -> Article:
    article = make_article(headline, language=language, **fields)
    article.slug = slug
    article.save(update_fields=["slug"])
    return article


@pytest.fixture
def site(settings, media_root):
    """Build the bilingual site; return its items by name."""
    settings.DATELINE_SITE_URL = SITE_URL
    settings.DATELINE_MEDIA_FFMPEG = ""  # the test video needs no frame cut from it
    settings.DATELINE_FRONT_PAGE_SIZE = 2  # so that section and topic pages have a page 2
    cache.clear()
    world = make_section("world", "World")
    topic = make_topic("libya", "Libya")
    story = make_story("Libya talks")
    photo, other_photo, video = _photo("Talks in Tunis"), _photo("Crowds"), _video("Clip")
    shared = {"section": world, "topics": [topic], "story": story}
    items = {
        "news_en": _item(
            "Talks resume in Tunis",
            "talks-resume",
            "en",
            **shared,
            lead_media=photo,
            translation_key="talks",
        ),
        "news_ar": _item(
            "استئناف المحادثات في تونس",
            "استئناف-المحادثات",
            "ar",
            **shared,
            lead_media=photo,
            translation_key="talks",
        ),
        "plain_ar": _item("خبر بلا صورة", "خبر-بلا-صورة", "ar", section=world),
        "plain_en": _item("A story without a picture", "no-picture", "en", section=world),
        "video_en": _item(
            "Video: the port at dawn",
            "port-video",
            "en",
            section=world,
            article_type_id=VIDEO,
            label="VIDEO",
            lead_media=video,
        ),
        "video_ar": _item(
            "فيديو: الميناء فجرا",
            "فيديو-الميناء",
            "ar",
            article_type_id=VIDEO,
            lead_media=video,
            story=story,
        ),
        "gallery_ar": _item(
            "صور: المدينة القديمة",
            "صور-المدينة",
            "ar",
            article_type_id=GALLERY,
            label="PICS",
            lead_media=other_photo,
        ),
        "live_en": _item(
            "Live: election night",
            "election-live",
            "en",
            article_type_id=LIVE,
            label="LIVE",
            topics=[topic],
        ),
        "stub_en": _item("Archive title only", "archive-title", "en", body="", is_stub=True),
        "stub_ar": _item("عنوان من الأرشيف", "", "ar", body="", is_stub=True),
        "killed_ar": _item(
            "خبر مسحوب", "خبر-مسحوب", "ar", status=Article.Status.KILLED, section=world
        ),
    }
    gallery = Gallery.objects.create(article=items["gallery_ar"], title="المدينة القديمة")
    for position, asset in enumerate((other_photo, photo)):
        GalleryItem.objects.create(gallery=gallery, asset=asset, position=position)
    Correction.objects.create(
        article=items["news_ar"], text="صُحّح اسم المدينة.", at=timezone.now() - timedelta(minutes=5)
    )
    Correction.objects.create(article=items["news_en"], text="The city's name was corrected.")
    # An old WordPress permalink of the Arabic item, stored as imports store it.
    Redirect.objects.create(old_path=old_path_key(OLD_ARABIC_PERMALINK), article=items["news_ar"])
    return items


def _expected(site) -> dict[str, int]:
    killed = site["killed_ar"]
    return {urls.article(killed): 410}


def _crawl(site):
    crawler = Crawler(Client(), SITE_URL, expected=_expected(site))
    killed = urls.article(site["killed_ar"])
    short = urls.article(site["news_ar"]).rsplit("/", 2)[0] + "/"
    return crawler.crawl([*SEEDS, killed, short])


def _assert_whole(site, crawl) -> None:
    assert crawl.problems == []
    reached = set(crawl.paths(200))
    for name, item in site.items():
        if name != "killed_ar":
            assert urls.article(item) in reached, f"{name} was not reached by the crawl"
    killed = urls.article(site["killed_ar"])
    assert crawl.linked_from[killed] == {"(seed)"}, "a page links to the killed item"
    # Readers reach the story's timeline in both editions from its items, not only the API.
    story = site["news_ar"].story
    for item in ("news_en", "news_ar"):
        timeline = urls.story(story, site[item].language)
        assert urls.article(site[item]) in crawl.linked_from.get(timeline, set())
    assert any("?page=2" in path for path in reached)
    pictures = [p for p in reached if p.startswith("/media/")]
    assert any("_16x9." in p for p in pictures) and any("_1x1." in p for p in pictures)


def test_every_published_url_of_both_editions_answers(site):
    crawl = _crawl(site)
    _assert_whole(site, crawl)
    # The crawl went through the Arabic pages, not around them.
    arabic = urls.article(site["news_ar"])
    assert "%D8" in arabic and crawl.visits[arabic].status == 200


def test_an_arabic_old_permalink_redirects_once_in_any_spelling(site):
    client = Client()
    target = urls.article(site["news_ar"])
    for spelling in (OLD_ARABIC_PERMALINK, OLD_ARABIC_PERMALINK.upper(), "/2016/01/خبر-قديم/"):
        response = client.get(spelling)
        assert (response.status_code, response["Location"]) == (301, target), spelling
        assert client.get(response["Location"]).status_code == 200


@pytest.fixture
def baked_site(site, settings, tmp_path, monkeypatch):
    """Bake every page of ``site`` into a folder that the baked-file middleware serves."""
    from dateline.publishing.bakery import enqueue_all, run_workers
    from dateline.publishing.purge import RecordingPurgeBackend

    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKE_IN_BACKGROUND = False
    settings.DATELINE_BAKE_THREADS = 1  # threads would not see the test's uncommitted rows
    settings.DATELINE_PUBLISH_BACKEND = "dateline.publishing.targets.LocalFolderTarget"
    settings.DATELINE_PUBLISH_ROOT = str(tmp_path / "baked")
    settings.DATELINE_PURGE_BACKEND = "dateline.publishing.purge.RecordingPurgeBackend"
    RecordingPurgeBackend.reset()
    # The baker closes each response, which sends request_finished; on PostgreSQL that would
    # close the connection holding the test's transaction.
    original = BaseDatabaseWrapper.close_if_unusable_or_obsolete

    def keep_in_transaction(self):
        if not self.in_atomic_block:
            original(self)

    monkeypatch.setattr(BaseDatabaseWrapper, "close_if_unusable_or_obsolete", keep_in_transaction)
    enqueue_all()
    report = run_workers(1)
    assert report.failures == []
    yield tmp_path / "baked"
    RecordingPurgeBackend.reset()


def test_the_baked_site_answers_every_url_from_its_files(site, baked_site):
    from dateline.publishing.paths import lookup_names

    crawl = _crawl(site)
    _assert_whole(site, crawl)
    for name, item in site.items():
        if name == "killed_ar":
            continue
        path = urls.article(item)
        files = [n for n in lookup_names(path) if (baked_site / n).is_file()]
        assert files, f"{name}: no baked file for {path}"
