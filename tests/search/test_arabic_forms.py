"""Arabic words with particles glued on find the articles that write them otherwise (issue 21)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from dateline.search import indexing
from tests.factories import make_article


@pytest.fixture
def articles(engine):
    made = {
        "government": make_article(
            "الحكومة تعلن خطة جديدة للإسكان",
            language="ar",
            body="<p>قال متحدث إن الخطة تشمل بناء آلاف المنازل.</p>",
        ),
        "and-iraq": make_article(
            "مباحثات حول الحدود والعراق",
            language="ar",
            body="<p>التقى الوفدان وبالمقابل أعلنت اللجنة موعد الجولة المقبلة.</p>",
        ),
        "syrian": make_article(
            "وزارة الخارجية السورية تستدعي السفير",
            language="ar",
            body="<p>أصدرت الوزارة بيانا مساء الأحد.</p>",
        ),
    }
    indexing.rebuild()
    return made


def found(client, query: str) -> list[str]:
    """Return the headlines the Arabic search page lists for ``query``."""
    response = client.get("/ar/search/", {"q": query})
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "lxml")
    return [hit.select_one("h3 a").get_text(" ", strip=True) for hit in page.select(".search-hit")]


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("والحكومة", "government"),  # and + the government; the article says الحكومة
        ("فالحكومة", "government"),
        ("وللحكومة", "government"),
        ("الحكومة", "government"),
        ("العراق", "and-iraq"),  # the article says والعراق
        ("فالعراق", "and-iraq"),
        ("بالعراق", "and-iraq"),
        ("والسورية", "syrian"),  # the article says السورية
        ("السورية", "syrian"),
    ],
)
def test_a_form_finds_the_article_written_with_another(client, articles, query, key):
    assert found(client, query) == [articles[key].headline]
