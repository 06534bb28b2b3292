"""The site's icon: linked from every reader page and served, /favicon.ico included."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_icon_a_page_links_is_served(client, language):
    article = make_article("Icon carrier", language=language)
    for url in (f"/{language}/", article.get_absolute_url(), f"/{language}/no-such-page/"):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        icons = page.find_all("link", rel="icon")
        assert {icon["type"] for icon in icons} == {"image/svg+xml", "image/png"}, url
        for icon in icons:
            response = client.get(icon["href"])
            assert response.status_code == 200, icon["href"]
            assert response["Content-Type"] == icon["type"]
            body = _body(response)
            if icon["type"] == "image/png":
                assert Image.open(io.BytesIO(body)).size == (32, 32)
            else:
                assert BeautifulSoup(body, "html.parser").find("svg")


def test_favicon_ico_is_an_icon_file(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(_body(response)))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]
