"""Structured data and page metadata of every page type, in both editions: JSON-LD checked
against schema.org and Google's rules, OpenGraph, Twitter, canonical, hreflang, and every
picture they name fetched and measured."""

from __future__ import annotations

import io
import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from dateline.articles.models import ArticleType
from dateline.media.models import Gallery, GalleryItem
from dateline.syndication.jsonld import article_jsonld, authors, script_json
from tests.factories import make_article, make_media
from tests.media.helpers import image_bytes, mp4_bytes
from tests.syndication.corpus import HOSTILE, SECRET
from tests.syndication.structured_data import (
    ARTICLE_IMAGE_MIN_PIXELS,
    LOGO_FORMATS,
    LOGO_MIN,
    google_errors,
    nodes_of_type,
    vocabulary_errors,
)

SITE = "https://news.example"
LONG_BODY = "<p>" + " ".join(["The harbour reopened after the storm."] * 12) + "</p>"


def page(client, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def blocks(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def block(soup: BeautifulSoup, kind: str) -> dict:
    found = [b for b in blocks(soup) if b["@type"] == kind]
    assert len(found) == 1, [b["@type"] for b in blocks(soup)]
    return found[0]


def local(url: str) -> str:
    assert url.startswith(SITE), url
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _stored_picture(asset, size: tuple[int, int]) -> None:
    default_storage.save(asset.file.name, ContentFile(image_bytes(size=size)))
    asset.width, asset.height, asset.version_ticks = *size, asset.ticks
    asset.save(update_fields=["width", "height", "version_ticks"])


@pytest.fixture
def site(newsroom, media_root, settings):
    """The distribution newsroom with real files: pictures large enough for renditions, a
    video whose length is only in its file, a gallery and a text story leading with a video."""
    settings.DATELINE_PUBLISHER_SAME_AS = ["https://social.example/@dateline"]
    talks = newsroom.by_headline("Talks resume")
    _stored_picture(talks.lead_media, (1600, 1200))
    clip = newsroom.by_headline("Video: the harbour").lead_media
    _stored_picture(clip.poster, (1600, 900))
    default_storage.save(clip.file.name, ContentFile(mp4_bytes(seconds=75.5)))
    talks.section.name_ar = "العالم"
    talks.section.save()
    gallery_item = newsroom.by_headline("Pictures of the week")
    photo = make_media(ratio="3x2")
    _stored_picture(photo, (1500, 1000))
    gallery = Gallery.objects.create(article=gallery_item, title="The week in pictures")
    GalleryItem.objects.create(gallery=gallery, asset=photo, caption="Fishing boats at dawn")
    story_with_video = make_article(
        "Harbour reopens after the storm",
        article_type=ArticleType.objects.get(code="video"),
        lead_media=clip,
        body=LONG_BODY,
        section=talks.section,
        story=talks.story,
    )
    newsroom.public.append(story_with_video)
    return newsroom


def page_paths(room) -> list[str]:
    talks = room.by_headline("Talks resume")
    paths = []
    for edition in ("en", "ar"):
        paths += [
            f"/{edition}/",
            f"/{edition}/section/{talks.section.slug}/",
            f"/{edition}/topic/{talks.topics.first().slug}/",
            f"/{edition}/story/{talks.story_id}/",
        ]
    headlines = [
        "Talks resume",
        "محادثات",
        "Video: the harbour",
        "Harbour reopens",
        "Pictures of the week",
        "Live: election night",
        "Corrected figures",
    ]
    return paths + [room.by_headline(h).get_absolute_url() for h in headlines]


def test_every_page_type_passes_the_vocabulary_and_googles_rules(client, site):
    for path in page_paths(site):
        found = blocks(page(client, path))
        assert found, path
        for data in found:
            assert data["@context"] == "https://schema.org"
            assert vocabulary_errors(data) == [], (path, data["@type"])
            assert google_errors(data) == [], (path, data["@type"])


def test_article_breadcrumbs_sections_and_publisher(client, site):
    talks = site.by_headline("محادثات")
    soup = page(client, talks.get_absolute_url())
    article = block(soup, "NewsArticle")
    trail = block(soup, "BreadcrumbList")["itemListElement"]
    assert [step["item"] for step in trail] == [
        f"{SITE}/ar/",
        f"{SITE}/ar/section/world/",
        f"{SITE}{talks.get_absolute_url()}",
    ]
    assert trail[1]["name"] == "العالم" == article["articleSection"]
    assert {p["@id"] for p in article["isPartOf"]} == {
        f"{SITE}/ar/section/world/",
        f"{SITE}/ar/story/{talks.story_id}/",
    }
    publisher = article["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    # One newsroom on both editions, at an address that answers 200 (not "/", a redirect).
    assert publisher["name"] == "Dateline" and publisher["url"] == f"{SITE}/en/"
    assert publisher["@id"] == f"{SITE}/en/#publisher"
    assert publisher["sameAs"] == ["https://social.example/@dateline"]
    assert publisher["logo"]["url"] == f"{SITE}/static/dateline/logo.png"


def test_a_desk_code_is_never_an_author(site):
    talks = site.by_headline("Talks resume")
    assert article_jsonld(talks)["author"] == [{"@type": "Person", "name": "Jane Doe"}]
    for byline in ("W/MK", "S/SH 11", "AFP", "", "  "):
        talks.byline = byline
        assert authors(talks) == [], byline
        assert "author" not in article_jsonld(talks)
    talks.byline = "جميلة حداد"
    assert authors(talks) == [{"@type": "Person", "name": "جميلة حداد"}]


def test_video_item_is_a_video_object_with_its_length_from_the_file(client, site):
    item = site.by_headline("Video: the harbour")
    assert item.lead_media.duration is None
    video = block(page(client, item.get_absolute_url()), "VideoObject")
    assert video["duration"] == "PT1M16S"  # 75.5 s, read from the MP4's mvhd box
    assert video["contentUrl"] == SITE + item.lead_media.url
    assert video["embedUrl"] == SITE + item.get_absolute_url()
    assert video["thumbnailUrl"][0].endswith("_16x9.jpg")
    assert video["uploadDate"] and video["name"] and video["description"]


def test_text_story_leading_with_a_video_stays_a_news_article(client, site):
    item = site.by_headline("Harbour reopens")
    article = block(page(client, item.get_absolute_url()), "NewsArticle")
    assert article["video"]["@type"] == "VideoObject"
    assert article["associatedMedia"] == [article["video"]]
    assert article["video"]["duration"] == "PT1M16S"


def test_gallery_is_a_news_article_with_an_image_gallery(client, site):
    item = site.by_headline("Pictures of the week")
    article = block(page(client, item.get_absolute_url()), "NewsArticle")
    gallery = nodes_of_type(article["hasPart"], "ImageGallery")
    assert len(gallery) == 1 and gallery[0]["name"] == "The week in pictures"
    photos = gallery[0]["associatedMedia"]
    assert [p["caption"] for p in photos] == ["Fishing boats at dawn"]
    assert article["associatedMedia"] == photos


def test_fronts_have_collection_pages_item_lists_and_the_home_page_a_search_action(client, site):
    home = page(client, "/en/")
    website = block(home, "WebSite")
    target = website["potentialAction"]["target"]["urlTemplate"]
    assert target == f"{SITE}/en/search/?q={{search_term_string}}"
    listed = block(home, "CollectionPage")["mainEntity"]["itemListElement"]
    assert listed[0]["position"] == 1 and listed[0]["url"].startswith(f"{SITE}/en/news/")
    assert SECRET not in str(home)
    section = page(client, "/ar/section/world/")
    collection = block(section, "CollectionPage")
    assert collection["name"] == "العالم" and collection["inLanguage"] == "ar"
    trail = block(section, "BreadcrumbList")["itemListElement"]
    assert [s["item"] for s in trail] == [f"{SITE}/ar/", f"{SITE}/ar/section/world/"]


@pytest.mark.parametrize("path", ["/en/", "/ar/topic/libya/", "/en/section/world/?page=2"])
def test_fronts_have_canonical_description_opengraph_and_hreflang(client, site, settings, path):
    settings.DATELINE_FRONT_PAGE_SIZE = 2  # so that the section has a second page
    soup = page(client, path)
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == SITE + path
    assert soup.find("meta", attrs={"name": "description"})["content"]
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:url"] == canonical and og["og:type"] == "website"
    edition = path.split("/")[1]
    assert og["og:locale"] == {"en": "en_US", "ar": "ar_AR"}[edition]
    assert og["og:locale:alternate"] == {"en": "ar_AR", "ar": "en_US"}[edition]
    names = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
    assert names["twitter:card"] in ("summary", "summary_large_image")
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", hreflang=True)}
    other = {"en": "ar", "ar": "en"}[edition]
    assert alternates[edition] == canonical
    assert alternates[other] == canonical.replace(f"/{edition}/", f"/{other}/", 1)
    assert alternates["x-default"] == alternates["en"]


def test_translated_pair_link_each_other_with_x_default(client, site):
    english, arabic = site.by_headline("Talks resume"), site.by_headline("محادثات")
    expected = {
        "en": SITE + english.get_absolute_url(),
        "ar": SITE + arabic.get_absolute_url(),
        "x-default": SITE + english.get_absolute_url(),
    }
    for article, locale, alternate in ((english, "en_US", "ar_AR"), (arabic, "ar_AR", "en_US")):
        soup = page(client, article.get_absolute_url())
        links = soup.find_all("link", hreflang=True, rel="alternate")
        assert {link["hreflang"]: link["href"] for link in links} == expected
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert (og["og:locale"], og["og:locale:alternate"]) == (locale, alternate)
        robots = soup.find("meta", attrs={"name": "robots"})["content"]
        assert "max-image-preview:large" in robots


def _measure(client, url: str) -> tuple[int, int, str]:
    response = client.get(local(url))
    assert response.status_code == 200, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with Image.open(io.BytesIO(body)) as image:
        return image.width, image.height, image.format


def test_every_picture_named_answers_200_at_its_stated_size(client, site):
    measured: dict[str, tuple[int, int, str]] = {}

    def size(url: str) -> tuple[int, int, str]:
        if url not in measured:
            measured[url] = _measure(client, url)
        return measured[url]

    for path in page_paths(site):
        soup = page(client, path)
        og = {}
        for tag in soup.find_all("meta", property=True):
            og.setdefault(tag["property"], tag["content"])
        if "og:image" in og:
            width, height, _ = size(og["og:image"])
            assert (width, height) == (int(og["og:image:width"]), int(og["og:image:height"]))
        for data in blocks(soup):
            for url in data.get("image", []):
                width, height, _ = size(url)
                assert width * height >= ARTICLE_IMAGE_MIN_PIXELS, url
            for image in nodes_of_type(data, "ImageObject"):
                width, height, kind = size(image["url"])
                if "width" in image:
                    assert (width, height) == (image["width"], image["height"]), image
            for video in nodes_of_type(data, "VideoObject"):
                for url in video["thumbnailUrl"]:
                    size(url)
            for organization in nodes_of_type(data, "Organization"):
                width, height, kind = size(organization["logo"]["url"])
                assert width >= LOGO_MIN and height >= LOGO_MIN and kind in LOGO_FORMATS
    # The lead picture at 1600x1200 is named at 1200 or wider in every ratio, never enlarged.
    talks = block(page(client, site.by_headline("Talks resume").get_absolute_url()), "NewsArticle")
    assert [size(url)[:2] for url in talks["image"]] == [(1600, 900), (1600, 1200), (1200, 1200)]
    assert len(measured) >= 8


def test_hostile_text_cannot_close_the_script(client, newsroom):
    response = client.get(newsroom.by_headline("Rocket").get_absolute_url())
    html = response.content.decode()
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    inside = html[start:end]
    assert "<" not in inside[len('<script type="application/ld+json">') :]
    assert json.loads(inside.split(">", 1)[1])["headline"] == HOSTILE
    assert "\\u003c/script\\u003e" in inside


def test_script_json_escapes_every_breaker():
    text = str(script_json({"a": "</script><!-- & \u2028"}))
    assert not any(c in text for c in "<>&\u2028")
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_broken_samples_fail_the_checks(site):
    good = article_jsonld(site.by_headline("Talks resume"))
    assert vocabulary_errors(good) == [] and google_errors(good) == []
    assert vocabulary_errors({**good, "headlinez": "typo"})
    assert vocabulary_errors({**good, "uploadDate": "2020-01-01"})  # a MediaObject property
    assert vocabulary_errors({**good, "@type": "NewsArtikel"})
    assert vocabulary_errors({**good, "datePublished": "yesterday"})
    assert vocabulary_errors({**good, "datePublished": "2020-01-01T10:00:00"})  # no zone
    assert vocabulary_errors({**good, "publisher": {"@type": "ImageObject"}})
    assert vocabulary_errors({**good, "wordCount": "many"})
    video = {"@type": "VideoObject", "name": "x", "uploadDate": "2020-01-01", "duration": "75s"}
    assert vocabulary_errors(video)
    assert google_errors({k: v for k, v in good.items() if k != "headline"})
    assert google_errors(video)  # no thumbnailUrl
    crumbs = {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem"}]}
    assert google_errors(crumbs)


def test_corrections_are_correction_comments_and_move_date_modified(client, newsroom):
    from dateline.desk.models import Correction

    corrected = newsroom.by_headline("Corrected figures")
    correction = Correction.objects.create(article=corrected, text="The toll was 12, not 21.")
    data = block(page(client, corrected.get_absolute_url()), "NewsArticle")
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert data["correction"][0]["text"].endswith("The toll was 12, not 21.")
    assert data["dateModified"] == correction.at.isoformat()
    assert vocabulary_errors(data) == []
