"""Every page type renders, and no response ever carries anything debug-like."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings

from dateline.articles.models import Article
from tests.conftest import INVALID_MARKER
from tests.factories import make_article, make_media, make_section, make_story, make_topic

# What a debug leak looks like: PHP var_dump, Python tracebacks and reprs, Django's debug
# page, unrendered template syntax and our own missing-variable marker.
LEAK_PATTERNS = [
    re.compile(r'string\(\d+\) "'),
    re.compile(r"var_dump|print_r\(|Traceback \(most recent call last\)"),
    re.compile(r"<(?:[a-z_.]+) object at 0x[0-9a-f]+>"),
    re.compile(r"\{\{|\{%|%\}|\}\}"),
    re.compile(r"DEBUG\s*=\s*True|technical_500|You're seeing this error because"),
    re.compile(re.escape(INVALID_MARKER)),
    re.compile(r"\bNone\b"),
]


def assert_no_leak(body: str, url: str) -> None:
    text = BeautifulSoup(body, "html.parser").get_text(" ") if "<html" in body else body
    for pattern in LEAK_PATTERNS:
        where = pattern.search(text) or (pattern.pattern.startswith(r"\{") and pattern.search(body))
        assert not where, f"{url} leaks {where.group(0)!r}"


@pytest.fixture
def newsroom(db):
    section, topic, story = make_section(), make_topic(), make_story()
    video = make_media(ext="mp4")
    items = [
        make_article(f"Story item {i}", section=section, story=story, topics=[topic])
        for i in range(5)
    ]
    urgent = make_article("Airstrikes kill 40", label="URGENT", section=section, topics=[topic])
    clip = make_article("Watch the strike", label="VIDEO", lead_media=video, story=story)
    arabic = make_article("غارات جوية على بنغازي", language="ar", section=section, topics=[topic])
    return {
        "section": section,
        "topic": topic,
        "story": story,
        "items": items,
        "urgent": urgent,
        "clip": clip,
        "arabic": arabic,
    }


def page_urls(newsroom) -> list[str]:
    return [
        "/en/",
        "/ar/",
        newsroom["section"].get_absolute_url("en"),
        newsroom["topic"].get_absolute_url("en"),
        newsroom["story"].get_absolute_url("en"),
        newsroom["items"][-1].get_absolute_url(),
        newsroom["clip"].get_absolute_url(),
        newsroom["arabic"].get_absolute_url(),
        f"/api/v1/articles/{newsroom['items'][-1].pk}/related",
        "/en/no-such-page/",
        "/en/news/999999/x/",
    ]


def test_every_page_type_renders_without_leaks(client, newsroom):
    for url in page_urls(newsroom):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_no_leak(response.content.decode("utf-8"), url)


def test_the_leak_check_catches_a_var_dump():
    with pytest.raises(AssertionError, match="leaks"):
        assert_no_leak('<html><body><p>string(1739) "[{...}]"</p></body></html>', "/x")
    with pytest.raises(AssertionError, match="leaks"):
        assert_no_leak(f"<html><body>{INVALID_MARKER}(x)</body></html>", "/x")


def test_home_front_leads_with_urgent_items(client, newsroom):
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    breaking = soup.select(".breaking .item__title a")
    assert [a.get_text() for a in breaking] == ["Airstrikes kill 40"]
    assert soup.html["lang"] == "en" and soup.html["dir"] == "ltr"


def test_arabic_edition_is_right_to_left(client, newsroom):
    soup = BeautifulSoup(client.get("/ar/").content, "html.parser")
    assert soup.html["dir"] == "rtl"
    assert "غارات جوية على بنغازي" in soup.get_text()


def test_story_page_is_a_timeline_oldest_first(client, newsroom):
    soup = BeautifulSoup(
        client.get(newsroom["story"].get_absolute_url("en")).content, "html.parser"
    )
    titles = [a.get_text() for a in soup.select(".timeline .item__title a")]
    assert titles[0] == "Story item 0"
    assert titles[-1] == "Watch the strike"


def test_list_pagination_survives_hostile_page_numbers(client, newsroom):
    url = newsroom["section"].get_absolute_url("en")
    for value in ("0", "-1", "9999", "abc", "1e9", "%00"):
        assert client.get(url, {"page": value}).status_code == 200


def test_non_canonical_article_urls_redirect_permanently(client, newsroom):
    article = newsroom["items"][0]
    response = client.get(f"/en/news/{article.pk}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.UNPUBLISHED, Article.Status.SCHEDULED]
)
def test_unpublished_articles_are_not_found(client, db, status):
    article = make_article(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_killed_articles_are_gone(client, db):
    article = make_article(status=Article.Status.KILLED)
    assert client.get(article.get_absolute_url()).status_code == 410


@override_settings(DEBUG=False)
def test_server_errors_show_no_detail(client, db, monkeypatch):
    from dateline.public import views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views, "related_items", broken)
    client.raise_request_exception = False
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 500
    assert b"secret internal detail" not in response.content
    assert b"Traceback" not in response.content


@override_settings(DEBUG=False)
@pytest.mark.parametrize(("path", "kind"), [("/en/", "text/html"), ("/api/v1/articles", "json")])
def test_a_database_outage_answers_503_with_retry_after(client, db, path, kind):
    from tests.publishing.test_middleware import database_down

    client.raise_request_exception = False
    with database_down():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert kind in response["Content-Type"]
    assert b"connection refused" not in response.content
    assert b"Traceback" not in response.content


def test_urgent_items_leave_the_lead_after_their_end_time(client, newsroom):
    from datetime import timedelta

    from django.utils import timezone

    newsroom["urgent"].breaking_until = timezone.now() - timedelta(minutes=1)
    newsroom["urgent"].save()
    soup = BeautifulSoup(client.get("/en/").content, "html.parser")
    assert not soup.select(".breaking .item__title a")


def test_a_merged_story_redirects_to_the_story_it_joined(client, newsroom):
    from dateline.stories.models import Story

    old = Story.objects.create(title="Old thread", merged_into=newsroom["story"])
    response = client.get(old.get_absolute_url("en"))
    assert response.status_code == 301
    assert response["Location"] == newsroom["story"].get_absolute_url("en")
