import pytest

from tests.syndication.corpus import build_newsroom


@pytest.fixture
def newsroom(db, settings):
    settings.DATELINE_SITE_URL = "https://news.example"
    settings.DATELINE_WEBSUB_HUB = ""
    return build_newsroom()
