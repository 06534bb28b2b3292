"""``dateline search-rebuild`` indexes every published article and reports the rate."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from dateline.articles.models import Article
from dateline.search.service import search
from tests.factories import make_article


def test_rebuild_indexes_published_articles_only(db_engine):
    make_article("Solar storm", status=Article.Status.DRAFT)
    published = make_article("Solar eclipse")
    out = StringIO()
    call_command("search_rebuild", "--quiet-progress", stdout=out)
    assert out.getvalue().startswith("Indexed 1 articles in ")
    assert [h.article.pk for h in search("solar").hits] == [published.pk]
