"""The search page of each edition: form, results, facets, pagination; never a 500."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from dateline.search import indexing
from tests.factories import make_article, make_section


@pytest.fixture
def indexed(db_engine):
    world = make_section("world", "World")
    make_article("Flood warnings in Dhaka", section=world, body="<p>Rivers rose <b>fast</b>.</p>")
    make_article("الفيضانات تغمر القرى", language="ar", section=world)
    indexing.rebuild()


def test_english_page_lists_hits_with_marks_and_facets(client, indexed):
    response = client.get("/en/search/", {"q": "floods"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "lxml")
    hits = page.select(".search-hit")
    assert len(hits) == 1
    assert hits[0].select_one("h3 mark").text == "Flood"
    assert page.select_one(".facet a")["href"] == "?q=floods&section=world"
    assert page.select_one("#search-q")["value"] == "floods"


def test_arabic_page_searches_the_arabic_edition(client, indexed):
    page = BeautifulSoup(client.get("/ar/search/", {"q": "الفيضانات"}).content, "lxml")
    assert page.html["dir"] == "rtl"
    assert [h["lang"] for h in page.select(".search-hit")] == ["ar"]
    assert client.get("/ar/search/", {"q": "floods"}).context["results"].total == 0


def test_empty_query_shows_the_form(client, indexed):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "lxml").select_one("form[role=search]")


@pytest.mark.parametrize("q", ["x" * 10_240, "a\x00b"])
def test_bad_query_is_a_400_page_with_the_reason(client, indexed, q):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 400
    assert BeautifulSoup(response.content, "lxml").select_one("[role=alert]").text


@pytest.mark.parametrize("q", ['"', "NEAR(a", "*", "-", "((", "\u202e", "😀", "AND OR"])
def test_odd_queries_render(client, indexed, q):
    assert client.get("/en/search/", {"q": q}).status_code == 200


@pytest.mark.parametrize("ending", ["", "…"])
def test_a_snippet_shows_the_lead_sentence_once(client, db_engine, ending):
    lead = "Rescuers reached the flooded villages north of Sylhet on Tuesday."
    make_article(
        "Rescue in Sylhet",
        summary=lead[:40].rsplit(" ", 1)[0] + ending if ending else lead,
        body=f"<p>{lead}</p><p>Boats carried food &amp; water to the stranded families.</p>",
    )
    make_article(
        "Sylhet schools close",
        summary="Schools stay shut for a week.",
        body="<p>The education office ordered the closures.</p>",
    )
    indexing.rebuild()
    page = BeautifulSoup(client.get("/en/search/", {"q": "sylhet"}).content, "lxml")
    snippets = {
        h.select_one("h3 a").get_text(): h.select_one(".search-hit__snippet").get_text()
        for h in page.select(".search-hit")
    }
    rescue = snippets["Rescue in Sylhet"]
    assert rescue.count("Rescuers reached the flooded villages") == 1, rescue
    assert "Boats carried food & water" in rescue
    # A summary that is not the body's opening still leads the snippet.
    assert snippets["Sylhet schools close"].startswith("Schools stay shut for a week.")
