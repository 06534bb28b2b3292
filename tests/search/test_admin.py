"""The admin's article search finds published articles through the search backend."""

from __future__ import annotations

from django.contrib import admin
from django.test import RequestFactory

from dateline.articles.models import Article
from dateline.search import indexing
from dateline.search.admin import BackendSearchMixin
from tests.factories import make_article


class ArticleSearchAdmin(BackendSearchMixin, admin.ModelAdmin):
    search_fields = ["headline"]


def _search(term: str) -> set[int]:
    model_admin = ArticleSearchAdmin(Article, admin.site)
    found, _ = model_admin.get_search_results(
        RequestFactory().get("/"), Article.objects.all(), term
    )
    return set(found.values_list("pk", flat=True))


def test_admin_search_uses_the_backend_and_keeps_drafts(db_engine):
    published = make_article("الرئيس يصل إلى القاهرة", language="ar")
    draft = make_article("Cairo draft", status=Article.Status.DRAFT)
    indexing.rebuild()
    assert _search("القاهره") == {published.pk}  # a spelling variant: only the backend finds it
    assert _search("Cairo draft") == {draft.pk}
    assert _search("") == set(Article.objects.values_list("pk", flat=True))
    assert _search("x" * 10_000) == set()
