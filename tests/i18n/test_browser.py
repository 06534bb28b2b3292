"""In a real browser the Arabic edition lays out right to left, and the English left to right.

The check is made twice: on the DOM (computed direction, where boxes sit) and on a screenshot
(where the headline's ink is), so a stylesheet that ignores ``dir`` cannot pass.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dateline.search import indexing
from tests.factories import make_article

# serialized_rollback: the content-type registry rows come from a data migration.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 1200


@pytest.fixture
def page(chromium):
    return chromium.new_page(viewport={"width": WIDTH, "height": 800})


def ink_centre(png: bytes) -> float:
    """Return where the dark pixels of an image sit, from 0 (left edge) to 1 (right edge)."""
    with Image.open(io.BytesIO(png)) as image:
        grey = image.convert("L")
        columns = [
            x for x in range(grey.width) for y in range(grey.height) if grey.getpixel((x, y)) < 128
        ]
    assert columns, "the screenshot has no text in it"
    return sum(columns) / len(columns) / grey.width


@pytest.mark.parametrize(
    ("language", "headline", "direction"),
    [("ar", "عاجل", "rtl"), ("en", "Brief", "ltr")],
)
def test_edition_layout_direction(page, live_server, language, headline, direction):
    article = make_article(headline, language=language, body="<p>.</p>")
    indexing.refresh(article)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate("document.documentElement.dir") == direction
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    brand = page.locator(".brand").bounding_box()
    search_box = page.locator(".masthead .search-box").bounding_box()
    if direction == "rtl":
        assert brand["x"] > search_box["x"], "the masthead does not mirror"
    else:
        assert brand["x"] < search_box["x"]
    centre = ink_centre(page.locator("h1.headline").screenshot())
    if direction == "rtl":
        assert centre > 0.75, f"Arabic headline ink centred at {centre:.2f}, not on the right"
    else:
        assert centre < 0.25, f"English headline ink centred at {centre:.2f}, not on the left"
    page.goto(live_server.url + f"/{language}/search/?q={headline}")
    assert page.locator(".search-hit h3 mark").first.inner_text(timeout=5000) == headline
