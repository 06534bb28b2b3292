"""The media admin: upload, refusal shown on the form, focal point and crop saved."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from dateline.media.models import Crop, MediaAsset
from tests.media.helpers import image_bytes, upload

pytestmark = pytest.mark.django_db


def test_upload_in_the_admin(admin_client, media_root):
    response = admin_client.post(
        reverse("admin:media_mediaasset_add"),
        {"upload": upload("fire.jpg", image_bytes()), "alt_text": "Smoke", "caption": "Fire"},
    )
    assert response.status_code == 302, response.content[:2000]
    asset = MediaAsset.objects.get()
    assert (asset.alt_text, asset.caption, asset.width) == ("Smoke", "Fire", 800)
    page = BeautifulSoup(
        admin_client.get(reverse("admin:media_mediaasset_change", args=[asset.pk])).content,
        "html.parser",
    )
    editor = page.select_one(".focus-editor")
    assert (editor["data-width"], editor["data-height"]) == ("800", "600")
    assert editor["data-ratios"] == "4x3 16x9 1x1 3x2"
    assert page.select_one("input#id_focal")["value"] == "0.5000,0.5000"
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert any(src.endswith("media/focus-editor.js") for src in scripts)
    assert not [s for s in page.find_all("script") if s.string and s.string.strip()]


def test_refused_upload_is_shown_on_the_form(admin_client, media_root):
    response = admin_client.post(
        reverse("admin:media_mediaasset_add"), {"upload": upload("logo.svg", b"<svg/>")}
    )
    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select(".errorlist")
    assert any("SVG" in e.get_text() for e in errors)
    assert MediaAsset.objects.count() == 0


def test_focal_point_and_crop_are_saved(admin_client, media_root):
    admin_client.post(
        reverse("admin:media_mediaasset_add"), {"upload": upload("a.jpg", image_bytes())}
    )
    asset = MediaAsset.objects.get()
    version = asset.version_ticks
    response = admin_client.post(
        reverse("admin:media_mediaasset_change", args=[asset.pk]),
        {"alt_text": "Alt", "focal": "0.2500,0.7500", "crop_4x3": "400,300,400,300"},
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert (asset.focal_x, asset.focal_y) == (0.25, 0.75)
    assert asset.version_ticks > version
    crop = Crop.objects.get(asset=asset)
    assert (crop.ratio, crop.box) == ("4x3", (400, 300, 800, 600))


def test_crop_outside_the_image_is_an_error(admin_client, media_root):
    admin_client.post(
        reverse("admin:media_mediaasset_add"), {"upload": upload("a.jpg", image_bytes())}
    )
    asset = MediaAsset.objects.get()
    response = admin_client.post(
        reverse("admin:media_mediaasset_change", args=[asset.pk]),
        {"alt_text": "Alt", "focal": "0.5,0.5", "crop_1x1": "5000,5000,10,10"},
    )
    assert response.status_code == 200
    assert "outside" in response.content.decode()
    assert Crop.objects.count() == 0


def test_video_upload_with_poster_and_edit(admin_client, media_root, settings):
    from tests.media.helpers import mp4_bytes

    settings.DATELINE_MEDIA_FFMPEG = ""
    response = admin_client.post(
        reverse("admin:media_mediaasset_add"),
        {
            "upload": upload("clip.mp4", mp4_bytes(30)),
            "poster_upload": upload("still.jpg", image_bytes()),
            "alt_text": "Firemen",
        },
    )
    assert response.status_code == 302
    video = MediaAsset.objects.get(kind="video")
    assert video.poster.alt_text == "Firemen"
    change = reverse("admin:media_mediaasset_change", args=[video.pk])
    page = BeautifulSoup(admin_client.get(change).content, "html.parser")
    assert page.select_one(".focus-editor") is None
    assert "30.0 s" in page.get_text()
    response = admin_client.post(
        change, {"alt_text": "Firemen at work", "caption": "Fire", "poster": video.poster_id}
    )
    assert response.status_code == 302
    video.refresh_from_db()
    assert (video.alt_text, video.caption) == ("Firemen at work", "Fire")


def test_gallery_admin_orders_photos(admin_client, media_root):
    from dateline.media.ingest import ingest
    from dateline.media.models import Gallery
    from tests.factories import make_article

    article = make_article()
    photos = [ingest(upload(f"{n}.jpg", image_bytes())) for n in range(2)]
    data = {
        "article": article.pk,
        "title": "Fire",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-position": "1",
        "items-0-asset": photos[0].pk,
        "items-0-caption": "Second",
        "items-1-position": "0",
        "items-1-asset": photos[1].pk,
        "items-1-caption": "First",
    }
    response = admin_client.post(reverse("admin:media_gallery_add"), data)
    assert response.status_code == 302, response.content[:3000]
    gallery = Gallery.objects.get(article=article)
    assert [i.caption for i in gallery.items.all()] == ["First", "Second"]
