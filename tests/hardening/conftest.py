"""A small newsroom with one item of every kind, and the URL of every public page type."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_media, make_section, make_story, make_topic


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The real hasher takes a third of a second per user on purpose; tests need no such cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def newsroom(db, media_root):
    """Return public items tied to a section, topic and story in English and Arabic."""
    section, topic, story = make_section(), make_topic(), make_story()
    photo = make_media()
    english = make_article(
        "Ceasefire holds in Benghazi",
        section=section,
        story=story,
        topics=[topic],
        lead_media=photo,
        byline="Staff reporter",
        summary="Talks go on.",
    )
    arabic = make_article(
        "وقف إطلاق النار صامد في بنغازي",
        language="ar",
        section=section,
        story=story,
        topics=[topic],
    )
    return {
        "section": section,
        "topic": topic,
        "story": story,
        "photo": photo,
        "en": english,
        "ar": arabic,
    }


def public_pages(newsroom, language: str) -> dict[str, str]:
    """Return {page type: URL} for every public HTML page type of one edition."""
    article = newsroom[language]
    return {
        "home": f"/{language}/",
        "section": newsroom["section"].get_absolute_url(language),
        "topic": newsroom["topic"].get_absolute_url(language),
        "story": newsroom["story"].get_absolute_url(language),
        "article": article.get_absolute_url(),
        "search": f"/{language}/search/?q=benghazi",
        "corrections": f"/{language}/corrections/",
        "not found": f"/{language}/no-such-page/",
    }
