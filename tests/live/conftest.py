"""Fixtures for the live blog tests: a published live item in each edition, the desk roles."""

from __future__ import annotations

import pytest

from dateline.live import posting
from dateline.live.models import LIVE_TYPE_ID, Entry
from tests.desk.conftest import fast_passwords, make_user, people  # noqa: F401
from tests.factories import make_article
from tests.publishing.conftest import baked  # noqa: F401


def make_live_item(language: str = "en", **fields):
    """Return a published live item (content type 27)."""
    headline = fields.pop("headline", "Storm hits the coast: live")
    return make_article(headline, language=language, article_type_id=LIVE_TYPE_ID, **fields)


def post(article, user=None, body: str = "<p>Update.</p>", **fields) -> Entry:
    """Post an entry as ``user`` (None: the worker, who may do anything)."""
    return posting.post_entry(article, user, posting.Draft(body=body, **fields))


@pytest.fixture
def live_item(db):
    return make_live_item()


@pytest.fixture
def editor(db):
    return make_user("editor", "eddie")


@pytest.fixture
def contributor(db):
    return make_user("contributor", "carol")
