"""Pictures on reader pages: 4x3 renditions with srcset in lists, the related block and the
article page; the gallery; and no query per picture."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.media.ingest import ingest
from dateline.media.models import Gallery, GalleryItem
from dateline.media.paths import PATH_PATTERN
from dateline.related.models import RelatedPin
from tests.factories import make_article, make_media, make_section
from tests.media.helpers import image_bytes, upload

pytestmark = pytest.mark.django_db

RENDITION = re.compile(r"^/media(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+_\d+_[0-9a-f]+_4x3\.(jpg|webp))$")


def photo(name="p.jpg", **words):
    return ingest(upload(name, image_bytes(size=(1200, 900))), **words)


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def assert_4x3_picture(img):
    match = RENDITION.match(img["src"])
    assert match and PATH_PATTERN.match(match[1]), img["src"]
    assert (img["width"], img["height"]) == ("607", "455")
    widths = [entry.split()[1] for entry in img["srcset"].split(", ")]
    assert widths == ["320w", "607w", "800w", "1200w"]
    for entry in img["srcset"].split(", "):
        assert RENDITION.match(entry.split()[0])
    source = img.find_parent("picture").find("source")
    assert source["type"] == "image/webp"
    assert all(e.split()[0].endswith(".webp") for e in source["srcset"].split(", "))
    assert img["sizes"] == source["sizes"]


def test_article_page_and_related_block_use_4x3_renditions(client, media_root):
    lead = photo(alt_text="Firemen at the terminal", caption="Fire", credit="Agency")
    other = make_article(lead_media=photo(alt_text="Smoke"))
    article = make_article(lead_media=lead)
    RelatedPin.objects.create(article=article, target=other, position=0)
    page = soup_of(client.get(article.get_absolute_url()))
    lead_img = page.select_one("figure.lead-media picture img")
    assert_4x3_picture(lead_img)
    assert lead_img["alt"] == "Firemen at the terminal"
    assert lead_img["loading"] == "eager"
    related_img = page.select_one("section.related .item__pic picture img")
    assert_4x3_picture(related_img)
    assert related_img["alt"] == ""
    assert str(other.lead_media.version_ticks) in related_img["src"]


def test_imported_media_without_a_size_falls_back_to_its_file(client, media_root):
    asset = make_media()
    article = make_article(lead_media=asset)
    page = soup_of(client.get(article.get_absolute_url()))
    assert page.select_one("figure.lead-media img")["src"] == asset.url


def test_gallery_is_an_ordered_list_of_captioned_figures(client, media_root):
    article = make_article()
    gallery = Gallery.objects.create(article=article, title="Fire at Ras Lanuf")
    photos = [photo(f"g{i}.jpg", alt_text=f"Photo {i}", caption=f"Own {i}") for i in range(3)]
    for position, asset in zip((2, 0, 1), photos, strict=True):
        GalleryItem.objects.create(
            gallery=gallery, asset=asset, position=position, caption="" if position else "First"
        )
    page = soup_of(client.get(article.get_absolute_url()))
    section = page.select_one("section.gallery")
    assert section["aria-labelledby"] == "gallery-h"
    assert page.select_one("#gallery-h").get_text() == "Fire at Ras Lanuf"
    figures = section.select("ol.gallery__list > li > figure")
    assert [f.img["alt"] for f in figures] == ["Photo 1", "Photo 2", "Photo 0"]
    captions = [" ".join(f.figcaption.get_text().split()) for f in figures]
    assert captions == ["Photo 1 of 3 First", "Photo 2 of 3 Own 2", "Photo 3 of 3 Own 0"]
    assert all("_3x2." in f.img["src"] for f in figures)


def _front_queries(client, count: int, settings) -> int:
    section = make_section(f"world-{count}", "World")
    for _ in range(count):
        make_article(section=section, lead_media=photo())
    settings.DATELINE_FRONT_PAGE_SIZE = 40
    with CaptureQueriesContext(connection) as queries:
        page = soup_of(client.get(f"/en/section/{section.slug}/"))
    pictures = page.select(".item__pic picture img")
    assert len(pictures) == count
    for img in pictures:
        assert_4x3_picture(img)
    return len(queries)


def test_a_front_with_40_pictures_makes_no_query_per_picture(client, media_root, settings):
    few = _front_queries(client, 2, settings)
    many = _front_queries(client, 40, settings)
    assert 0 < many == few
