"""The desk's check before publishing: every picture shown needs alt text."""

from __future__ import annotations

import pytest

from dateline.media.ingest import ingest
from dateline.media.models import Gallery, GalleryItem
from dateline.media.preflight import alt_text_problems
from tests.factories import make_article
from tests.media.helpers import image_bytes, mp4_bytes, upload

pytestmark = pytest.mark.django_db


def test_article_without_pictures_is_ready():
    assert alt_text_problems(make_article()) == []


def test_lead_and_gallery_photos_without_alt_text_are_named(media_root):
    lead = ingest(upload("a.jpg", image_bytes()))
    good = ingest(upload("b.jpg", image_bytes()), alt_text="Described")
    bare = ingest(upload("c.jpg", image_bytes()), alt_text="   ")
    article = make_article(lead_media=lead)
    gallery = Gallery.objects.create(article=article)
    GalleryItem.objects.create(gallery=gallery, asset=good, position=0)
    GalleryItem.objects.create(gallery=gallery, asset=bare, position=1)
    problems = alt_text_problems(article)
    assert len(problems) == 2
    assert problems[0].startswith("lead media " + lead.path)
    assert problems[1].startswith("gallery photo 2 " + bare.path)
    lead.alt_text = "Now described"
    lead.save()
    article.refresh_from_db()
    assert len(alt_text_problems(article)) == 1


def test_a_video_needs_alt_text_on_its_poster(media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""
    video = ingest(upload("v.mp4", mp4_bytes()), poster=upload("p.jpg", image_bytes()))
    problems = alt_text_problems(make_article(lead_media=video))
    assert problems == [
        f"lead media {video.poster.path} has no alt text; describe the picture for blind readers"
    ]
