"""Preview links: every state an editor can preview, for every role, and the links that refuse.

The items are made the way the desk makes them (a draft has no publication time), not with the
factory's always-dated rows: a preview that assumed ``published_at`` answered 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dateline.articles.models import Article, ArticleType
from dateline.articles.sortkeys import allocate_sort_key
from dateline.desk import revisions, workflow
from dateline.site.preview import make_token, preview_path

ROLES = ("anonymous", "reader", "contributor", "editor", "desk chief", "admin")


def _new(headline: str, status: str = Article.Status.DRAFT, **fields) -> Article:
    """Return an item as the desk creates it: no publication time, no sort key."""
    return Article.objects.create(
        headline=headline, slug=headline.lower().replace(" ", "-"), status=status, **fields
    )


def _draft() -> Article:
    return _new("Draft on the port strike")


def _in_review() -> Article:
    return _new("Budget talks in review", Article.Status.IN_REVIEW)


def _scheduled(people) -> Article:
    article = _new("Scheduled election results", Article.Status.IN_REVIEW)
    at = timezone.now() + timedelta(hours=2)
    return workflow.perform(article, "schedule", people["editor"], at=at)


def _embargoed_draft() -> Article:
    return _new("Embargoed report draft", embargo_until=timezone.now() + timedelta(hours=3))


def _embargoed_live(people) -> Article:
    article = _new("Embargoed report released", embargo_until=timezone.now() + timedelta(hours=3))
    return workflow.perform(article, "publish", people["editor"])


def _unpublished(people) -> Article:
    article = _new("Withdrawn item")
    workflow.perform(article, "publish", people["editor"])
    return workflow.perform(article, "unpublish", people["editor"], reason="legal check")


def _working_copy(people) -> Article:
    article = _new("Live version", sort=allocate_sort_key())
    workflow.perform(article, "publish", people["editor"])
    article.headline = "Working copy version"
    revisions.save_content(article, people["editor"], article.version)
    return article


STATES: dict[str, tuple[Callable, str]] = {
    "draft": (lambda people: _draft(), "Draft on the port strike"),
    "in review": (lambda people: _in_review(), "Budget talks in review"),
    "scheduled": (_scheduled, "Scheduled election results"),
    "embargoed draft": (lambda people: _embargoed_draft(), "Embargoed report draft"),
    "embargoed live": (_embargoed_live, "Embargoed report released"),
    "unpublished": (_unpublished, "Withdrawn item"),
    "live with working copy": (_working_copy, "Working copy version"),
}


def _client(people: dict[str, User], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


def _jsonld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]


@pytest.mark.parametrize("state", STATES)
def test_every_state_previews_for_every_role(people, state):
    build, headline = STATES[state]
    article = build(people)
    path = preview_path(article.pk)
    for role in ROLES:
        response = _client(people, role).get(path)
        assert response.status_code == 200, (state, role)
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.h1.get_text() == headline, (state, role)
        assert response["Cache-Control"] == "private, no-store"
        assert "noindex" in response["X-Robots-Tag"]
        # Never a time element without a time: a draft shows none at all.
        for time in soup.find_all("time"):
            assert time.get("datetime"), (state, role, str(time))
        published = soup.find("meta", property="article:published_time")
        stored = Article.objects.get(pk=article.pk)
        if stored.published_at is None:
            assert published is None
            assert all("datePublished" not in d for d in _jsonld(soup))
        else:
            assert published["content"] == stored.published_at.isoformat()
    # Readers still get nothing at the public address.
    assert Client().get(article.get_absolute_url()).status_code == 404 or state.startswith("live")


@pytest.mark.parametrize("code", ["video", "gallery", "live"])
def test_drafts_of_every_content_type_preview(people, code):
    article = _new(f"A {code} draft", article_type=ArticleType.objects.get(code=code))
    response = Client().get(preview_path(article.pk))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == f"A {code} draft"
    for data in _jsonld(soup):
        assert None not in data.values()


def test_killed_expired_and_tampered_links_refuse_every_role(people, settings):
    killed = _new("Killed item")
    workflow.perform(killed, "publish", people["editor"])
    workflow.perform(killed, "kill", people["desk chief"], reason="Legal")
    draft = _draft()
    tampered = make_token(draft.pk)[:-2] + "xx"
    foreign = make_token(draft.pk).replace(":", ".", 1)
    for role in ROLES:
        client = _client(people, role)
        assert client.get(preview_path(killed.pk)).status_code == 404, role
        assert client.get(f"/preview/{tampered}/").status_code == 404, role
        assert client.get(f"/preview/{foreign}/").status_code == 404, role
    settings.DATELINE_PREVIEW_MAX_AGE = -1
    for role in ROLES:
        assert _client(people, role).get(preview_path(draft.pk)).status_code == 404, role
