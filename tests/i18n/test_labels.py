"""Headline labels read in the edition's language; their codes stay the data."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from dateline.articles.registry import LABEL_TEXT, LABELS
from tests.factories import make_article


def label_texts(response) -> list[str]:
    assert response.status_code == 200
    return [
        node.get_text() for node in BeautifulSoup(response.content, "html.parser").select(".label")
    ]


@pytest.mark.parametrize(("language", "shown"), [("en", "URGENT"), ("ar", "عاجل")])
def test_fronts_and_article_pages_show_the_label_in_the_editions_language(
    client, db, language, shown
):
    article = make_article("Airstrikes near the capital", language=language, label="URGENT")
    assert shown in label_texts(client.get(f"/{language}/"))
    assert label_texts(client.get(article.get_absolute_url())) == [shown]


def test_the_api_keeps_the_code(client, db):
    article = make_article("هجوم على ميناء النفط", language="ar", label="PICS")
    document = json.loads(client.get(f"/api/v1/articles/{article.pk}").content)
    assert document["label"] == "PICS"


def test_every_registered_label_has_reader_text():
    assert set(LABEL_TEXT) == {code for code, _name, _breaking in LABELS}
