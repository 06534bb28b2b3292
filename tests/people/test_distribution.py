"""Authors in feeds, the sitemap, JSON-LD, ninjs and oEmbed, checked by the spec validators."""

from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.people.conftest import EMBARGOED, HIDDEN
from tests.syndication.structured_data import vocabulary_errors
from tests.syndication.validators import (
    atom_errors,
    feedparser_errors,
    jsonfeed_errors,
    ninjs_errors,
    sitemap_errors,
)

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_author_feed_lists_their_public_items_with_names_and_validates(client, bylined, fmt):
    response = client.get(f"/feeds/author/jane-doe.{fmt}")
    assert response.status_code == 200
    body = response.content
    assert HIDDEN not in body.decode() and EMBARGOED not in body.decode()
    if fmt == "json":
        doc = json.loads(body)
        assert jsonfeed_errors(doc) == []
        titles = [i["title"] for i in doc["items"]]
        authors = {i["title"]: i["authors"][0]["name"] for i in doc["items"]}
    else:
        assert feedparser_errors(body) == []
        if fmt == "atom":
            assert atom_errors(body) == []
        parsed = feedparser.parse(body)
        titles = [e.title for e in parsed.entries]
        authors = {e.title: e.get("author", "") for e in parsed.entries}
    # Both editions: a feed follows a person whatever the language.
    assert sorted(titles) == sorted(["Talks resume in Geneva", "استئناف المحادثات في جنيف"])
    assert "Jane Doe, Omar Khaled and Sam Lee" in authors["Talks resume in Geneva"]
    assert "عمر خالد وجين دو" in authors["استئناف المحادثات في جنيف"]


def test_unknown_author_feed_is_404(client, bylined):
    assert client.get("/feeds/author/nobody.rss").status_code == 404


def test_sitemap_lists_author_pages_in_editions_with_their_items(client, bylined):
    body = client.get("/sitemaps/authors.xml").content
    assert sitemap_errors(body) == []
    locations = [e.text for e in etree.fromstring(body).iter(f"{SM}loc")]
    assert sorted(locations) == sorted(
        f"https://news.example/{lang}/author/{slug}/"
        for lang in ("en", "ar")
        for slug in ("jane-doe", "omar-khaled", "sam-lee")
    )
    index = client.get("/sitemap.xml").content.decode()
    assert "https://news.example/sitemaps/authors.xml" in index


def test_sitemap_leaves_out_people_with_only_hidden_items(client, bylined):
    from dateline.people.models import Authorship, Person

    ghost = Person.objects.create(name="Ghost Writer", slug="ghost")
    Authorship.objects.create(article=bylined.hidden[1], person=ghost)
    assert b"ghost" not in client.get("/sitemaps/authors.xml").content
    assert client.get("/api/v1/authors/ghost").status_code == 404


def _jsonld(client, article) -> list[dict]:
    soup = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    found = []
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        found += data if isinstance(data, list) else data.get("@graph", [data])
    return found


def _article_node(nodes: list[dict]) -> dict:
    return next(n for n in nodes if n.get("@type") in ("NewsArticle", "Article"))


def test_jsonld_authors_are_persons_with_page_and_same_as_and_agencies_source(client, bylined):
    nodes = _jsonld(client, bylined.english)
    assert vocabulary_errors(nodes) == []
    article = _article_node(nodes)
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Jane Doe",
            "url": "https://news.example/en/author/jane-doe/",
            "jobTitle": "Cairo correspondent",
            "sameAs": ["https://janedoe.example/", "https://social.example/@jane"],
            "image": article["author"][0]["image"],
        },
        {
            "@type": "Person",
            "name": "Omar Khaled",
            "url": "https://news.example/en/author/omar-khaled/",
        },
        {"@type": "Person", "name": "Sam Lee", "url": "https://news.example/en/author/sam-lee/"},
    ]
    assert [o["name"] for o in article["sourceOrganization"]] == ["AFP", "Reuters"]


def test_arabic_jsonld_names_people_in_arabic_with_arabic_pages(client, bylined):
    article = _article_node(_jsonld(client, bylined.arabic))
    assert [(p["name"], p["url"]) for p in article["author"]] == [
        ("عمر خالد", "https://news.example/ar/author/omar-khaled/"),
        ("جين دو", "https://news.example/ar/author/jane-doe/"),
        ("Sam Lee", "https://news.example/ar/author/sam-lee/"),
    ]
    assert article["sourceOrganization"] == {"@type": "NewsMediaOrganization", "name": "أ ف ب"}


@pytest.mark.parametrize("version", ["2.2", "3.1"])
def test_ninjs_by_and_people_with_roles(client, bylined, version):
    url = f"/api/v1/articles/{bylined.english.pk}.ninjs?version={version}"
    item = client.get(url).json()
    assert ninjs_errors(item, version) == []
    assert item["by"] == "Jane Doe, Omar Khaled and Sam Lee"
    assert [(p["name"], p["rel"]) for p in item["people"]] == [
        ("Jane Doe", "reporter"),
        ("Omar Khaled", "reporter"),
        ("Sam Lee", "reporter"),
        ("Omar Khaled", "photographer"),
    ]
    assert item["people"][0]["uri"] == "https://news.example/en/author/jane-doe/"


def test_oembed_names_the_authors_and_links_the_first(client, bylined):
    url = "https://news.example" + bylined.arabic.get_absolute_url()
    answer = client.get("/api/v1/oembed", {"url": url}).json()
    assert answer["author_name"] == "عمر خالد وجين دو"
    assert answer["author_url"] == "https://news.example/ar/author/omar-khaled/"
