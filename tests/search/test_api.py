"""GET /api/v1/search: JSON results with facets; bad input is a 400 naming the parameter."""

from __future__ import annotations

import pytest

from dateline.search import indexing
from tests.factories import make_article, make_section


@pytest.fixture
def indexed(db_engine):
    world = make_section("world", "World")
    en = make_article("Ceasefire talks resume in Cairo", section=world)
    ar = make_article("استئناف محادثات وقف إطلاق النار", language="ar")
    indexing.rebuild()
    return en, ar


def test_results_facets_and_snippets(client, indexed):
    en, _ = indexed
    data = client.get("/api/v1/search", {"q": "ceasefire"}).json()
    assert data["total"] == 1 and data["total_is_lower_bound"] is False
    hit = data["results"][0]
    assert hit["id"] == en.pk
    assert hit["title_html"] == "<mark>Ceasefire</mark> talks resume in Cairo"
    assert hit["url"].endswith(f"/en/news/{en.pk}/{en.slug}/")
    assert data["facets"]["section"] == [{"key": "world", "name": "World", "count": 1}]


def test_edition_filter(client, indexed):
    _, ar = indexed
    data = client.get("/api/v1/search", {"q": "محادثات", "edition": "ar"}).json()
    assert [r["id"] for r in data["results"]] == [ar.pk]
    assert client.get("/api/v1/search", {"q": "محادثات", "edition": "en"}).json()["total"] == 0


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "-only"}, "q"),
        ({"q": "x" * 10_240}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "talks", "section": "nowhere"}, "section"),
        ({"q": "talks", "edition": "xx"}, "edition"),
        ({"q": "talks", "since": "2024-13-45"}, "since"),
        ({"q": "talks", "since": "2024-02-01", "until": "2024-01-01"}, "start date"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem(client, indexed, params, names):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert names in response.json()["detail"]


@pytest.mark.parametrize(
    "q", ['"', "NEAR(", "a AND (b", "*", "-", "\x01\x1f", "' OR 1=1 --", "ceasefire*"]
)
def test_fts_syntax_is_plain_text(client, indexed, q):
    response = client.get("/api/v1/search", {"q": q})
    assert response.status_code in (200, 400)
    assert "detail" in response.json() or "results" in response.json()


def test_far_pages_and_junk_pages_answer(client, indexed):
    for page in ("0", "-1", "abc", "9999"):
        assert client.get("/api/v1/search", {"q": "ceasefire", "page": page}).status_code == 200
