"""Pages carrying the distribution head (JSON-LD, OpenGraph, hreflang, feed links) are valid
HTML by the W3C Nu HTML checker (tests/vnu.py)."""

from __future__ import annotations

from tests.vnu import nu_errors


def test_article_pages_are_valid_html(client, newsroom, vnu, tmp_path):
    pages = {}
    for i, article in enumerate(newsroom.public):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        pages[f"article-{i}"] = response.content
    pages["home"] = client.get("/en/").content
    errors = nu_errors(vnu, pages, tmp_path)
    assert {name: found for name, found in errors.items() if found} == {}


def test_broken_sample_fails_the_checker(vnu, tmp_path):
    broken = b"<!DOCTYPE html><html lang=en><title>x</title><p><div></p><meta property=x>"
    assert nu_errors(vnu, {"broken": broken}, tmp_path)["broken"]
