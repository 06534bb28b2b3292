"""Sitemaps: index, paginated sections, Google News, image and video, against the XSDs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from dateline.syndication.sitemaps import SITEMAPS, ArticleSitemap
from tests.syndication.corpus import SECRET
from tests.syndication.validators import sitemap_errors

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "video": "http://www.google.com/schemas/sitemap-video/1.1",
}


def fetch(client, url: str) -> etree._Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert sitemap_errors(response.content) == [], url
    assert SECRET not in response.content.decode()
    return etree.fromstring(response.content)


def test_index_and_every_section_validate(client, newsroom):
    index = fetch(client, "/sitemap.xml")
    locations = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert len(locations) == len(SITEMAPS)
    for location in locations:
        fetch(client, location.removeprefix("https://news.example"))
    assert index.xpath("//s:lastmod", namespaces=NS)


def test_article_sitemap_lists_public_items_with_lastmod(client, newsroom):
    tree = fetch(client, "/sitemaps/articles.xml")
    locations = set(tree.xpath("//s:loc/text()", namespaces=NS))
    assert locations == {f"https://news.example{a.get_absolute_url()}" for a in newsroom.public}
    assert len(tree.xpath("//s:lastmod", namespaces=NS)) == len(newsroom.public)


def test_big_sections_are_paginated(client, newsroom, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    index = fetch(client, "/sitemap.xml")
    pages = [u for u in index.xpath("//s:loc/text()", namespaces=NS) if "articles" in u]
    assert len(pages) == 3  # 8 public items, 3 per file
    seen = []
    for page in pages:
        tree = fetch(client, page.removeprefix("https://news.example"))
        seen += tree.xpath("//s:loc/text()", namespaces=NS)
    assert len(seen) == len(set(seen)) == len(newsroom.public)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9999999999", "99999999999999999999999", "1.5"])
def test_hostile_pages_are_404(client, newsroom, page):
    assert client.get(f"/sitemaps/articles.xml?p={page}").status_code == 404


def test_unknown_section_is_404(client, newsroom):  # not even routed
    assert client.get("/sitemaps/nothing.xml").status_code == 404


def test_news_sitemap_holds_two_days_with_publication(client, newsroom):
    tree = fetch(client, "/sitemaps/news.xml")
    titles = tree.xpath("//news:title/text()", namespaces=NS)
    assert "Old archive item" not in titles and "Corrected figures" not in titles
    assert "Talks resume in Geneva" in titles
    assert set(tree.xpath("//news:name/text()", namespaces=NS)) == {"Dateline"}
    assert set(tree.xpath("//news:language/text()", namespaces=NS)) == {"en", "ar"}


def test_news_sitemap_is_capped_at_1000(client, newsroom):
    from dateline.articles.models import Article

    now = timezone.now()
    Article.objects.bulk_create(
        [
            Article(
                headline=f"Bulk {i}",
                status="published",
                published_at=now - timedelta(minutes=i),
                sort=10_000 + i,
                article_type_id=21,
            )
            for i in range(1005)
        ]
    )
    tree = fetch(client, "/sitemaps/news.xml")
    assert len(tree.xpath("//s:url", namespaces=NS)) == 1000


def test_image_and_video_sitemaps(client, newsroom):
    images = fetch(client, "/sitemaps/images.xml")
    assert images.xpath("//image:caption/text()", namespaces=NS)[0] == "A street in Tripoli"
    videos = fetch(client, "/sitemaps/videos.xml")
    assert videos.xpath("//video:content_loc/text()", namespaces=NS)[0].endswith(".mp4")
    assert videos.xpath("//video:thumbnail_loc/text()", namespaces=NS)[0].endswith(".jpg")


def test_robots_names_the_sitemaps(client, newsroom):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: https://news.example/sitemap.xml" in lines
    assert "Sitemap: https://news.example/sitemaps/news.xml" in lines
    assert "Disallow: /admin/" in lines


def test_broken_samples_fail_the_xsds(client, newsroom):
    good = client.get("/sitemaps/news.xml").content
    assert sitemap_errors(good) == []
    without_title = etree.fromstring(good)
    for title in without_title.xpath("//news:title", namespaces=NS):
        title.getparent().remove(title)
    assert sitemap_errors(etree.tostring(without_title))
    assert sitemap_errors(good.replace(b"<news:language>en<", b"<news:language>English<"))
    assert sitemap_errors(b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>")


def test_fronts_sitemap_gives_each_front_its_last_change(client, newsroom):
    fronts = fetch(client, "/sitemaps/fronts.xml")
    lastmods = {
        url.findtext("s:loc", namespaces=NS).removeprefix("https://news.example"): url.findtext(
            "s:lastmod", namespaces=NS
        )
        for url in fronts.xpath("//s:url", namespaces=NS)
    }
    english = [a for a in newsroom.public if a.language == "en"]
    newest_en = max(max(a.published_at, a.modified_at or a.published_at) for a in english)
    assert lastmods["/en/"] == newest_en.isoformat()
    arabic = next(a for a in newsroom.public if a.language == "ar")
    assert lastmods["/ar/"] == arabic.published_at.isoformat()
    assert lastmods["/ar/section/world/"] == arabic.published_at.isoformat()
    assert lastmods["/en/topic/libya/"] == newest_en.isoformat()
    index = fetch(client, "/sitemap.xml")
    entry = index.xpath(
        "//s:sitemap[s:loc='https://news.example/sitemaps/fronts.xml']", namespaces=NS
    )
    assert entry[0].findtext("s:lastmod", namespaces=NS) == newest_en.isoformat()


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/articles.xml"])
def test_sitemaps_answer_conditional_gets_with_304(client, newsroom, url):
    first = client.get(url)
    assert first.status_code == 200
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_an_item_leaving_the_news_sitemap_is_a_new_document(client, newsroom):
    """Unpublishing changes no lastmod, yet the sitemap changed: no 304 for the old copy."""
    first = client.get("/sitemaps/news.xml")
    talks = newsroom.by_headline("Talks resume")
    talks.status = talks.Status.UNPUBLISHED
    talks.save()
    etag = client.get("/sitemaps/news.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert etag.status_code == 200 and talks.slug not in etag.content.decode()
    # Within the same second too, the old copy's date does not pass for the new document.
    since = client.get("/sitemaps/news.xml", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 200
    # Put back, the bytes are those of the first copy, yet newer than the copy in between.
    talks.status = talks.Status.PUBLISHED
    talks.save()
    back = client.get("/sitemaps/news.xml", HTTP_IF_MODIFIED_SINCE=etag["Last-Modified"])
    assert back.status_code == 200 and back["ETag"] == first["ETag"]


def test_robots_lists_every_sitemap_on_the_site_url(client, newsroom, settings):
    settings.DATELINE_SITE_URL = "https://www.news.example"
    lines = client.get("/robots.txt", HTTP_HOST="127.0.0.1").content.decode().splitlines()
    named = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap: ")]
    index = fetch(client, "/sitemap.xml")
    pages = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    assert named == ["https://www.news.example/sitemap.xml", *pages]
    assert all(page.startswith("https://www.news.example/sitemaps/") for page in pages)
