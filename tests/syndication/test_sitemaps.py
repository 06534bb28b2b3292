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
