"""The linked byline under the headline, in English and Arabic article pages."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.factories import make_article
from tests.foundation.test_public_pages import assert_no_leak


def _byline(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert_no_leak(response.content.decode(), article.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    header = soup.select_one("article.story header")
    # Under the headline, inside the article's header.
    assert header.select_one("h1.headline").find_next_sibling(class_="byline") is not None
    return header.select_one(".byline")


def test_english_byline_links_each_reporter_joined_with_commas_and_and(client, bylined):
    byline = _byline(client, bylined.english)
    reporters = byline.select_one(".byline__line--reporter")
    assert " ".join(reporters.get_text().split()) == "By Jane Doe, Omar Khaled and Sam Lee"
    assert [(a.get_text(), a["href"]) for a in reporters.select("a[rel=author]")] == [
        ("Jane Doe", "/en/author/jane-doe/"),
        ("Omar Khaled", "/en/author/omar-khaled/"),
        ("Sam Lee", "/en/author/sam-lee/"),
    ]
    photos = byline.select_one(".byline__line--photographer")
    assert photos.get_text(" ", strip=True) == "Photos: Omar Khaled"
    assert byline.select_one(".byline__agency").get_text() == "AFP, Reuters"


def test_arabic_byline_uses_arabic_names_joined_with_waw_and_arabic_pages(client, bylined):
    byline = _byline(client, bylined.arabic)
    reporters = byline.select_one(".byline__line--reporter")
    assert reporters.get_text().strip() == "بقلم عمر خالد وجين دو"
    assert [a["href"] for a in reporters.select("a")] == [
        "/ar/author/omar-khaled/",
        "/ar/author/jane-doe/",
    ]
    # Sam has no Arabic spelling: the Latin one, with a space after و.
    additional = byline.select_one(".byline__line--additional")
    assert additional.get_text().strip() == "ساهم في التغطية: Sam Lee"
    assert byline.select_one(".byline__agency").get_text() == "أ ف ب"


def test_an_item_without_people_shows_its_typed_byline_or_nothing(client, db):
    typed = make_article("Typed", byline="Staff and agencies")
    assert _byline(client, typed).get_text(strip=True) == "Staff and agencies"
    bare = make_article("Bare")
    soup = BeautifulSoup(client.get(bare.get_absolute_url()).content, "html.parser")
    assert soup.select(".byline") == []
