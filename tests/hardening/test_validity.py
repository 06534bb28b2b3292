"""Every HTML page a reader can be served is valid by the W3C Nu HTML checker, in English and
Arabic, as the site renders it and as the baker stores it: fronts and their second pages,
section, topic and story pages, an article of every kind (news, video, gallery, live blog,
corrected, stub, hostile headline, with related items, under a breaking banner), search with
hits, without and with a refused query, the corrections list, a preview link, 404, 410, 500
and the API's documentation page.

All pages go to one Java run (tests/vnu.py): the checker takes seconds to start.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from dateline.articles.models import Article, ArticleType
from dateline.desk.models import Correction, Signature
from dateline.media.models import Gallery, GalleryItem, MediaAsset
from dateline.public.errors import server_error
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.related.models import RelatedPin
from dateline.search import indexing
from dateline.site.preview import preview_path
from tests.factories import make_article, make_media, make_section, make_story, make_topic
from tests.vnu import nu_errors

HOSTILE = 'Rocket </script><script>alert("x")</script> & <b>"quotes"</b> <!-- --> ]]>'

TEXT = {
    "en": {
        "news": "Ceasefire holds in Benghazi",
        "video": "The harbour at dawn",
        "gallery": "Pictures of the week",
        "live": "Election night as it happens",
        "corrected": "Corrected figures on the budget",
        "breaking": "Airport closed after blast",
        "stub": "Archive item known by its title",
        "search": "benghazi",
        "caption": "A street in Tripoli & its people",
    },
    "ar": {
        "news": "وقف إطلاق النار صامد في بنغازي",
        "video": "الميناء عند الفجر",
        "gallery": "صور الأسبوع",
        "live": "ليلة الانتخابات لحظة بلحظة",
        "corrected": "أرقام الميزانية مصححة",
        "breaking": "إغلاق المطار بعد انفجار",
        "stub": "مادة من الأرشيف بعنوانها فقط",
        "search": "بنغازي",
        "caption": "شارع في طرابلس",
    },
}


def _picture(ratio: str = "4x3", caption: str = "", alt: str = "") -> MediaAsset:
    """Return an image with renditions, so that pages write ``<picture>`` with srcsets."""
    asset = make_media(ratio=ratio)
    asset.width, asset.height, asset.version_ticks = 1600, 1200, asset.ticks
    asset.mime_type, asset.caption, asset.alt_text = "image/jpeg", caption, alt
    asset.credit = "Dateline / Staff"
    asset.save()
    return asset


def _video() -> MediaAsset:
    video = make_media(ext="mp4", ratio="16x9")
    video.poster = _picture("16x9")
    video.save()
    return video


def _edition(language: str, section, topic, story) -> dict[str, Article]:
    """Create one item of every kind in ``language``; return them by kind."""
    text, now = TEXT[language], timezone.now()
    kind = {code: ArticleType.objects.get(code=code) for code in ("video", "gallery", "live")}
    desk = Signature.get_or_create_from_text("S/SH 11")
    common = {"language": language, "section": section, "story": story, "topics": [topic]}
    items = {
        "news": make_article(
            text["news"],
            lead_media=_picture(caption=text["caption"], alt=text["caption"]),
            signature=desk,
            byline="Staff reporter",
            summary=text["news"],
            translation_key="ceasefire",
            body=f"<p>{text['news']}.</p><blockquote><p>Quoted.</p></blockquote>"
            '<ul><li>One</li></ul><p><a href="https://example.org/">A link</a></p>',
            **common,
        ),
        "video": make_article(
            text["video"], article_type=kind["video"], label="VIDEO", lead_media=_video(), **common
        ),
        "gallery": make_article(
            text["gallery"], article_type=kind["gallery"], label="PICS", **common
        ),
        "live": make_article(text["live"], article_type=kind["live"], label="LIVE", **common),
        "corrected": make_article(text["corrected"], **common),
        "breaking": make_article(
            text["breaking"], label="URGENT", breaking_until=now + timedelta(hours=2), **common
        ),
        "stub": make_article(text["stub"], is_stub=True, **common),
        "hostile": make_article(HOSTILE, summary=HOSTILE, body=f"<p>{HOSTILE}</p>", **common),
    }
    gallery = Gallery.objects.create(article=items["gallery"], title=text["gallery"])
    for position in range(3):
        GalleryItem.objects.create(
            gallery=gallery, asset=_picture("3x2", caption=text["caption"]), position=position
        )
    for correction_kind in Correction.Kind:
        Correction.objects.create(
            article=items["corrected"], kind=correction_kind, text=f"{correction_kind.label}."
        )
    for position, target in enumerate(("video", "gallery", "live")):
        RelatedPin.objects.create(article=items["news"], target=items[target], position=position)
    items["killed"] = make_article(status=Article.Status.KILLED, **common)
    items["draft"] = make_article(status=Article.Status.DRAFT, **common)
    return items


@pytest.fixture
def site(db, settings, media_root, tmp_path):
    """Both editions, each with every kind of item and two pages of fronts; search indexed."""
    settings.DATELINE_WEBSUB_HUB = ""
    settings.DATELINE_FRONT_PAGE_SIZE = 4
    section, topic = make_section("world", "World"), make_topic("libya", "Libya")
    section.name_ar, topic.name_ar = "العالم", "ليبيا"
    section.save()
    topic.save()
    story = make_story("Libya conflict")
    items = {language: _edition(language, section, topic, story) for language in TEXT}
    indexing.rebuild()
    return {"section": section, "topic": topic, "story": story, "items": items}


def _reader_pages(site, language: str) -> dict[str, str]:
    """Return {page name: path} for every HTML page a reader of ``language`` can reach."""
    items, query = site["items"][language], TEXT[language]["search"]
    pages = {
        "home": f"/{language}/",
        "home-page-2": f"/{language}/?page=2",
        "section": site["section"].get_absolute_url(language),
        "section-page-2": site["section"].get_absolute_url(language) + "?page=2",
        "topic": site["topic"].get_absolute_url(language),
        "story": site["story"].get_absolute_url(language),
        "search-hits": f"/{language}/search/?q={query}",
        "search-none": f"/{language}/search/?q=zzyzx",
        "search-empty": f"/{language}/search/",
        "search-refused": f"/{language}/search/?q={'x' * 10_240}",
        "corrections": f"/{language}/corrections/",
        "not-found": f"/{language}/no-such-page/",
        "killed": items["killed"].get_absolute_url(),
        "preview": preview_path(items["draft"].pk),
    }
    for kind in ("news", "video", "gallery", "live", "corrected", "breaking", "stub", "hostile"):
        pages[f"article-{kind}"] = items[kind].get_absolute_url()
    return pages


# What a page must show for the check to cover its feature (a fixture change must not
# silently drop the markup under test).
FEATURES = {
    "article-news": [b'class="related"', b"<picture>", b'class="signature"', b"<blockquote>"],
    "article-video": [b"<video ", b"poster="],
    "article-gallery": [b'class="gallery"', b"gallery__item"],
    "article-corrected": [b'class="corrections"'],
    "article-stub": [b'class="stub-note"'],
    "home": [b'class="breaking-banner"', b'class="breaking"'],
    "section-page-2": [b'rel="prev"'],
    "search-hits": [b'class="search-hit"', b"<mark>"],
    "corrections": [b"correction--clarification"],
}


# Pages that answer with an error page; every other answers 200.
STATUS = {"killed": 410, "not-found": 404, "search-refused": 400}


def _served(client, site) -> dict[str, bytes]:
    pages = {}
    for language in TEXT:
        for name, path in _reader_pages(site, language).items():
            response = client.get(path)
            assert response.status_code == STATUS.get(name, 200), (language, name)
            pages[f"{language}-{name}"] = response.content
    pages["server-error"] = server_error(RequestFactory().get("/en/")).content
    pages["database-away"] = render_to_string("public/503.html").encode()
    pages["api-docs"] = client.get("/api/v1/docs").content  # django-ninja's own page
    return pages


def _baked(settings, folder: Path) -> dict[str, bytes]:
    """Bake the whole site into ``folder``; return the stored copies of its HTML pages."""
    settings.DATELINE_BAKE = True
    settings.DATELINE_BAKE_IN_BACKGROUND = False
    settings.DATELINE_BAKE_THREADS = 1  # threads cannot see the test's uncommitted rows
    settings.DATELINE_PUBLISH_BACKEND = "dateline.publishing.targets.LocalFolderTarget"
    settings.DATELINE_PUBLISH_ROOT = str(folder)
    enqueue_all()
    assert run_workers(1).failures == []
    files = sorted(folder.rglob("*.html"))
    assert len(files) > 20, files
    return {
        "baked-" + re.sub(r"[^\w-]", "-", str(f.relative_to(folder))): f.read_bytes() for f in files
    }


def test_every_reader_page_is_valid_html(client, site, settings, vnu, tmp_path):
    pages = _served(client, site)
    for name, markers in FEATURES.items():
        for language in TEXT:
            missing = [m for m in markers if m not in pages[f"{language}-{name}"]]
            assert not missing, f"{language}-{name} lacks {missing}"
    pages.update(_baked(settings, tmp_path / "baked"))
    checked = tmp_path / "checked"
    checked.mkdir()
    errors = nu_errors(vnu, pages, checked)
    assert {name: found for name, found in errors.items() if found} == {}
