"""Nothing private becomes public: password-protected and private posts are hidden, reported."""

from __future__ import annotations

import pytest
from django.test import Client

from dateline.articles.models import Article
from tests.importers.conftest import post

pytestmark = pytest.mark.django_db

SECRET = "zqwxrsecret"


def _public_outputs() -> dict[str, str]:
    """Return what readers get from every kind of public output, by URL."""
    client = Client()
    paths = [
        "/en/",
        "/en/section/world/",
        "/en/topic/libya/",
        "/en/search/?q=subscribers",  # a word of the hidden bodies
        "/api/v1/articles?since=2000-01-01T00:00:00Z&until=2999-12-31T00:00:00Z&limit=100",
        "/feeds/site.rss",
        "/feeds/site.atom",
        "/feeds/en.json",
        "/feeds/section/world.rss",
        "/sitemap.xml",
        "/sitemaps/news.xml",
    ]
    outputs = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
        body = b"".join(response) if response.streaming else response.content
        outputs[path] = body.decode()
    return outputs


def test_password_and_private_posts_are_hidden_and_reported(run_import, wxr_file):
    secret = f"Only for subscribers: {SECRET} words."
    source = wxr_file(
        [
            post(1, content="An open report."),
            post(2, title=f"Locked {SECRET}", content=secret, password="letmein"),
            post(3, title=f"Private {SECRET}", content=secret, status="private"),
            post(4, title=f"Locked draft {SECRET}", content=secret, status="draft", password="x"),
        ]
    )
    result = run_import(source, followups=True)
    assert result.error is None, result.output
    assert result.counts["created"] == 4
    assert "follow-up: dateline search-rebuild" in result.output
    assert Article.objects.get(pk=2).status == Article.Status.IN_REVIEW
    assert Article.objects.get(pk=3).status == Article.Status.IN_REVIEW
    assert Article.objects.get(pk=4).status == Article.Status.DRAFT
    hidden = result.reasons("hidden")
    assert len(hidden) == 2 and result.report["noted"]["hidden"] == 2
    assert "[post 2] password-protected in WordPress: imported in review, not public" in hidden[0]
    assert "[post 3] private in WordPress: imported in review, not public" in hidden[1]
    assert "hidden: " in result.output

    outputs = _public_outputs()
    assert "An open report" in outputs["/feeds/site.rss"]  # the outputs do list articles
    for path, text in outputs.items():
        assert SECRET not in text, f"{path} shows a hidden post"
        assert "/news/2/" not in text and "/news/3/" not in text, f"{path} links a hidden post"
    for pk in (2, 3):
        assert Client().get(Article.objects.get(pk=pk).get_absolute_url()).status_code == 404
