"""An editor, in a real browser, uploads a photo, sets its focal point and a 4x3 crop; the
article page and the related block then show that crop at the reference path scheme."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth.models import User
from PIL import Image

from dateline.media.models import Crop, MediaAsset
from dateline.media.paths import PATH_PATTERN
from dateline.related.models import RelatedPin
from tests.factories import make_article
from tests.media.helpers import image_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCHEME = re.compile(r"/media(/\d{4}/\d{2}/\d{2}/[a-z0-9-]+_\d+_[0-9a-f]+_4x3\.(?:jpg|webp))$")


@pytest.fixture
def browser_page(chromium, settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return chromium.new_page(viewport={"width": 1200, "height": 900})


def centre_colour(data: bytes) -> tuple[int, ...]:
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((rgb.width // 2, rgb.height // 2))


def is_blue(colour) -> bool:
    return colour[2] > 200 and colour[0] < 60 and colour[1] < 60


def test_editor_crops_a_photo_and_readers_see_the_crop(
    browser_page, live_server, media_root, tmp_path
):
    page = browser_page
    User.objects.create_superuser("desk", "desk@example.com", "desk-Pass-2026")
    photo = tmp_path / "four-colours.jpg"
    photo.write_bytes(image_bytes(size=(1600, 1200)))

    page.goto(live_server.url + "/admin/login/?next=/admin/media/mediaasset/add/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "desk-Pass-2026")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/media/mediaasset/add/"))
    page.set_input_files("#id_upload", str(photo))
    page.fill("#id_alt_text", "Four coloured squares")
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(r"/admin/media/mediaasset/\d+/change/"))

    image = page.locator(".focus-editor__image")
    image.wait_for()
    page.wait_for_function("document.querySelector('.focus-editor__image').naturalWidth > 0")
    image.scroll_into_view_if_needed()
    box = image.bounding_box()
    # Focal point on the green quarter (top right).
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25)
    assert page.input_value("#id_focal") == "0.7500,0.2500"
    # A 4x3 crop over the blue quarter (bottom left), dragged corner to corner.
    page.click(".focus-editor__toolbar button[data-mode='4x3']")
    page.mouse.move(box["x"] + 1, box["y"] + box["height"] / 2 + 1)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 4, box["y"] + box["height"] * 0.75, steps=5)
    page.mouse.move(box["x"] + box["width"] / 2 - 1, box["y"] + box["height"] - 1, steps=5)
    page.mouse.up()
    left, top, width, height = (int(v) for v in page.input_value("#id_crop_4x3").split(","))
    assert left < 20 and abs(top - 600) < 20 and abs(width - 800) < 20
    page.click("input[name=_continue]")
    # The change page fetches its renditions from the live server; in-memory SQLite locks
    # tables across threads, so the test's own queries wait until those requests are done.
    page.wait_for_load_state("networkidle")
    assert page.locator(".errorlist").count() == 0

    asset = MediaAsset.objects.get()
    assert (asset.focal_x, asset.focal_y) == (0.75, 0.25)
    assert Crop.objects.get(asset=asset).ratio == "4x3"
    other = make_article(headline="Earlier fire", lead_media=asset)
    article = make_article(headline="Fire at the terminal", lead_media=asset)
    RelatedPin.objects.create(article=article, target=other, position=0)

    page.goto(live_server.url + article.get_absolute_url())
    for selector in ("figure.lead-media picture img", "section.related .item__pic picture img"):
        img = page.locator(selector)
        page.wait_for_function(
            "s => { const i = document.querySelector(s); return i && i.naturalWidth > 0; }",
            arg=selector,
        )
        src = img.evaluate("i => new URL(i.currentSrc).pathname")
        match = SCHEME.search(src)
        assert match and PATH_PATTERN.match(match[1]), src
        assert f"_{asset.version_ticks}_" in src
        ratio = img.evaluate("i => i.naturalWidth / i.naturalHeight")
        assert ratio == pytest.approx(4 / 3, abs=0.01)
        served = page.request.get(live_server.url + src)
        assert served.ok
        assert is_blue(centre_colour(served.body())), src
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
