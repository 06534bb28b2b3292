"""Author pages: profile, published items in the edition's language, keyset pagination."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from dateline.people.models import Authorship
from tests.factories import make_article
from tests.foundation.test_public_pages import assert_no_leak
from tests.people.conftest import EMBARGOED, HIDDEN


def _soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    assert_no_leak(response.content.decode(), url)
    return BeautifulSoup(response.content, "html.parser")


def _titles(soup: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in soup.select(".grid .item__title a")]


def test_english_author_page_shows_profile_and_english_items_only(client, bylined):
    soup = _soup(client, "/en/author/jane-doe/")
    assert soup.select_one("h1.author__name").get_text() == "Jane Doe"
    assert soup.select_one(".author__title").get_text() == "Cairo correspondent"
    assert soup.select_one(".author__bio").get_text() == "Jane covers Egypt and Libya."
    assert soup.select_one(".author__photo img") is not None
    links = [a["href"] for a in soup.select(".author__links a")]
    assert links == ["https://janedoe.example/", "https://social.example/@jane"]
    assert _titles(soup) == ["Talks resume in Geneva"]
    feeds = {link["type"]: link["href"] for link in soup.select("head link[rel=alternate]")}
    assert feeds["application/rss+xml"] == "/feeds/author/jane-doe.rss"
    assert feeds["application/feed+json"] == "/feeds/author/jane-doe.json"


def test_arabic_author_page_uses_arabic_spelling_and_items(client, bylined):
    soup = _soup(client, "/ar/author/jane-doe/")
    assert soup.html["dir"] == "rtl"
    assert soup.select_one("h1.author__name").get_text() == "جين دو"
    assert soup.select_one(".author__title").get_text() == "مراسلة القاهرة"
    assert _titles(soup) == ["استئناف المحادثات في جنيف"]


def test_profile_page_jsonld_is_a_person_with_url_and_same_as(client, bylined):
    soup = _soup(client, "/en/author/jane-doe/")
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert person["url"] == "https://news.example/en/author/jane-doe/"
    assert person["sameAs"] == ["https://janedoe.example/", "https://social.example/@jane"]


def test_hidden_items_are_never_listed(client, bylined):
    body = client.get("/en/author/jane-doe/").content.decode()
    assert HIDDEN not in body and EMBARGOED not in body


def test_unknown_author_is_404(client, bylined):
    assert client.get("/en/author/nobody/").status_code == 404


def test_keyset_pages_walk_every_item_once_newest_first(client, bylined, settings):
    settings.DATELINE_FRONT_PAGE_SIZE = 2
    for n in range(4):
        item = make_article(f"Extra {n}")
        Authorship.objects.create(article=item, person=bylined.jane)
    expected = ["Extra 3", "Extra 2", "Extra 1", "Extra 0", "Talks resume in Geneva"]
    seen, url, pages = [], "/en/author/jane-doe/", 0
    while url:
        soup = _soup(client, url)
        seen += _titles(soup)
        older = soup.select_one(".pager a[rel=next]")
        url = "/en/author/jane-doe/" + older["href"] if older else None
        pages += 1
    assert seen == expected
    assert pages == 3
    # From the last page, "Newer" goes back to the page before it.
    last = _soup(client, "/en/author/jane-doe/" + f"?after={_sort_of(bylined, 'Extra 1')}")
    assert _titles(last) == ["Extra 0", "Talks resume in Geneva"]
    newer = last.select_one(".pager a[rel=prev]")["href"]
    assert _titles(_soup(client, "/en/author/jane-doe/" + newer)) == ["Extra 2", "Extra 1"]


def _sort_of(bylined, headline: str) -> int:
    from dateline.articles.models import Article

    return Article.objects.get(headline=headline).sort


@pytest.mark.parametrize(
    "query", ["?after=0", "?after=-1", "?after=abc", "?after=99999999999999999999999", "?before=9"]
)
def test_hostile_keys_give_the_first_page(client, bylined, query):
    soup = _soup(client, "/en/author/jane-doe/" + query)
    assert _titles(soup) == ["Talks resume in Geneva"]
