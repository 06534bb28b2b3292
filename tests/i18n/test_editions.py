"""Language editions: direction and language on every page, and the language switcher."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import dateline
from tests.factories import make_article

CSS = Path(dateline.__file__).parent / "public" / "static" / "dateline" / "site.css"


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "lxml")


@pytest.mark.django_db
@pytest.mark.parametrize(("edition", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_front_and_search_pages_carry_language_and_direction(client, edition, direction):
    for path in (f"/{edition}/", f"/{edition}/search/?q=x"):
        page = _page(client, path)
        assert (page.html["lang"], page.html["dir"]) == (edition, direction)


@pytest.mark.django_db
def test_arabic_edition_is_in_arabic(client):
    page = _page(client, "/ar/")
    assert page.select_one(".skip-link").text == "انتقل إلى المحتوى"
    assert page.select_one(".search-box button").text == "بحث"


@pytest.mark.django_db
def test_switcher_links_an_article_to_its_translation(client):
    en = make_article("Talks resume", translation_key="talks-1")
    ar = make_article("استئناف المحادثات", language="ar", translation_key="talks-1")
    page = _page(client, en.get_absolute_url())
    links = {a["hreflang"]: a for a in page.select(".editions a")}
    assert links["ar"]["href"] == ar.get_absolute_url()
    assert links["ar"]["rel"] == ["alternate"] and links["ar"]["lang"] == "ar"
    assert links["en"]["aria-current"] == "page"
    page = _page(client, ar.get_absolute_url())
    assert page.html["dir"] == "rtl"
    assert {a["hreflang"]: a["href"] for a in page.select(".editions a")}["en"] == (
        en.get_absolute_url()
    )


@pytest.mark.django_db
def test_switcher_without_translation_goes_to_the_edition_front(client):
    en = make_article("Only in English")
    make_article("Unpublished translation", language="ar", translation_key="k", status="draft")
    page = _page(client, en.get_absolute_url())
    assert {a["hreflang"]: a["href"] for a in page.select(".editions a")}["ar"] == "/ar/"


def test_stylesheet_uses_logical_properties_only():
    physical = re.compile(
        r"(margin|padding|border)-(left|right)|text-align:\s*(left|right)|float:\s*(left|right)"
        r"|[;{\s](left|right)\s*:"
    )
    assert physical.findall(CSS.read_text()) == []
