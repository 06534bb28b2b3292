"""The article admin at newsroom scale: capped counts and keyset paging."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dateline.articles import paginator
from tests.factories import make_article


def _admin(db) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    return client


def test_list_never_counts_the_whole_table(db, monkeypatch):
    monkeypatch.setattr(paginator, "COUNT_CAP", 5)
    for _ in range(8):
        make_article()
    client = _admin(db)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/articles/article/")
    assert response.status_code == 200
    counts = [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper() and 'FROM "articles_article"' in q["sql"]
    ]
    # The overdue check counts scheduled rows only, through the (status, scheduled_at) index.
    unbounded = [sql for sql in counts if "LIMIT" not in sql.upper() and "scheduled" not in sql]
    assert counts and not unbounded


def test_keyset_link_walks_past_any_depth(db, settings):
    items = [make_article(f"Item {i}") for i in range(60)]
    client = _admin(db)
    soup = BeautifulSoup(client.get("/admin/articles/article/").content, "html.parser")
    first_page = {a.get_text() for a in soup.select("#result_list tbody th a")}
    link = soup.find(id="keyset-next")
    assert link is not None
    soup = BeautifulSoup(
        client.get("/admin/articles/article/" + link["href"]).content, "html.parser"
    )
    second_page = {a.get_text() for a in soup.select("#result_list tbody th a")}
    assert len(first_page) == 50 and len(second_page) == 10
    assert not first_page & second_page
    assert {str(a.pk) for a in items} == first_page | second_page


def test_search_by_id_and_headline(db):
    target = make_article("Needle in the haystack")
    make_article("Hay")
    client = _admin(db)
    for query in (str(target.pk), "needle"):
        soup = BeautifulSoup(
            client.get("/admin/articles/article/", {"q": query}).content, "html.parser"
        )
        assert [a.get_text() for a in soup.select("#result_list tbody th a")] == [str(target.pk)]


def test_substring_search_reads_only_the_newest_window_and_drafts(db, settings):
    from dateline.articles.models import Article

    settings.DATELINE_ADMIN_SEARCH_WINDOW = 2
    old = make_article("Harbour news, oldest")
    make_article("Harbour news, newer")
    newest = make_article("Harbour news, newest")
    draft = make_article("Harbour news, draft", status=Article.Status.DRAFT)
    Article.objects.filter(pk=draft.pk).update(sort=None)
    client = _admin(db)
    soup = BeautifulSoup(
        client.get("/admin/articles/article/", {"q": "harbour"}).content, "html.parser"
    )
    shown = {a.get_text() for a in soup.select("#result_list tbody th a")}
    assert str(newest.pk) in shown and str(draft.pk) in shown
    assert str(old.pk) not in shown
