import pytest
from django.core.cache import cache

from tests.syndication.corpus import build_newsroom


@pytest.fixture
def newsroom(db, settings):
    settings.DATELINE_SITE_URL = "https://news.example"
    settings.DATELINE_WEBSUB_HUB = ""
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    return build_newsroom()
