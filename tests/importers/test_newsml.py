"""NewsML-G2: IPTC's guideline examples."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import Article
from tests.importers.conftest import SPECS

pytestmark = pytest.mark.django_db
EXAMPLES = SPECS / "newsml-g2" / "examples"


@pytest.fixture
def examples(tmp_path):
    if not EXAMPLES.is_dir():
        pytest.skip(f"the NewsML-G2 examples are not at {EXAMPLES}")
    return shutil.copytree(EXAMPLES, tmp_path / "newsml")


def test_the_examples_import(run_import, examples):
    result = run_import(examples)
    assert result.report["format"] == "newsml"
    assert result.counts["created"] == 3
    assert result.counts["failed"] == 0
    (skip,) = result.reasons("skips")
    assert "LISTING_6" in skip and "packageItem: only newsItems are imported" in skip

    text = Article.objects.get(legacy_key="newsml:urn:newsml:acmenews.com:20161121:US-FINANCE-FED")
    assert text.headline == 'Fed to halt QE to avert "bubble"'
    assert text.byline == "Meredith Jameson"
    assert text.language == "en"
    assert text.article_type_id == 21
    assert "central-bank" in set(text.topics.values_list("slug", flat=True))
    paragraphs = BeautifulSoup(text.body, "html.parser").find_all("p")
    assert paragraphs and paragraphs[0].get_text().startswith("(New York, NY - October 21)")

    photo = Article.objects.get(legacy_key="newsml:tag:gettyimages.com,2010:GYI0062134533")
    assert photo.article_type_id == 23
    assert photo.headline == "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred"
    assert photo.summary.startswith("A general view of part of downtown")
    assert photo.byline == "Spencer Platt"

    embargoed = Article.objects.exclude(embargo_until=None).get()
    assert embargoed.embargo_until.isoformat() == "2018-10-23T12:00:00+00:00"

    assert run_import(examples).counts["unchanged"] == 3


def test_broken_newsml_is_named(run_import, tmp_path):
    (tmp_path / "bad.xml").write_text(
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g1"><contentMeta>'
    )
    result = run_import(tmp_path, "--format", "newsml")
    (reason,) = result.reasons()
    assert "bad.xml, line 1" in reason and "truncated" in reason
