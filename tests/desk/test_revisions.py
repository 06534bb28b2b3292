"""Working copies of live articles, revision diffs and restore."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.test import Client

from dateline.articles.models import Article
from dateline.desk import revisions, workflow
from tests.desk.conftest import make_user
from tests.factories import make_article


def test_live_article_is_reworked_in_a_working_copy(people):
    article = make_article("Live headline")
    article.headline = "Reworked headline"
    revisions.save_content(article, people["editor"], article.version)

    live = Article.objects.get(pk=article.pk)
    assert live.headline == "Live headline"
    page = Client().get(live.get_absolute_url())
    assert BeautifulSoup(page.content, "html.parser").h1.get_text() == "Live headline"

    workflow.publish_working_copy(live, people["editor"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "Reworked headline"
    assert stored.status == Article.Status.PUBLISHED
    assert stored.modified_at is not None
    assert revisions.working_copy(stored) is None
    assert stored.transitions.get().action == "update"


def test_contributor_cannot_publish_a_working_copy(people):
    article = make_article()
    article.headline = "Sneaky"
    revisions.save_content(article, people["contributor"], article.version)
    with pytest.raises(PermissionDenied):
        workflow.publish_working_copy(article, people["contributor"])
    assert Article.objects.get(pk=article.pk).headline != "Sneaky"


def test_diff_is_readable_and_restore_brings_text_back(people):
    article = make_article("First", status=Article.Status.DRAFT, body="<p>One.</p><p>Two.</p>")
    first = revisions.save_content(article, people["editor"], article.version)
    article.headline, article.body = "Second", "<p>One.</p><p>Three.</p>"
    second = revisions.save_content(article, people["editor"], article.version)

    changes = {c.field: c.lines for c in revisions.diff(first.data, second.data)}
    assert set(changes) == {"headline", "body"}
    assert "-<p>Two.</p>" in changes["body"] and "+<p>Three.</p>" in changes["body"]

    revisions.restore(article, first, people["editor"])
    assert Article.objects.get(pk=article.pk).headline == "First"


def test_admin_revisions_page_compares_and_restores(people, db):
    client = Client()
    client.force_login(people["editor"])
    article = make_article("Old", status=Article.Status.DRAFT)
    first = revisions.save_content(article, people["editor"], article.version)
    article.headline = "New"
    revisions.save_content(article, people["editor"], article.version)
    url = f"/admin/articles/article/{article.pk}/revisions/"
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert "-Old" in soup.find("pre", class_="diff").get_text()
    assert client.post(url, {"restore": first.pk}).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Old"
    reader = Client()
    reader.force_login(make_user(None, "outsider"))
    assert reader.get(url).status_code == 403


def _change_form(client: Client, article: Article) -> tuple[str, dict]:
    from tests.desk.test_conflict import _form_data

    url = f"/admin/articles/article/{article.pk}/change/"
    return url, _form_data(client, url)


def test_adding_a_correction_in_the_admin_makes_no_working_copy(people):
    article = make_article("Bridge reopens", body="<p>The bridge reopened.</p>\n<p>Traffic.</p>")
    client = Client()
    client.force_login(people["editor"])
    url, data = _change_form(client, article)
    data |= {
        "_workflow": "correct",
        "_correction_kind": "correction",
        "_correction_text": "It reopened on Monday, not Sunday.",
    }
    page = BeautifulSoup(client.post(url, data, follow=True).content, "html.parser")

    assert "correct: done" in page.select_one(".messagelist").get_text().lower()
    assert page.select_one("#working-copy-note") is None
    assert page.select_one("#workflow-publish_changes") is None
    stored = Article.objects.get(pk=article.pk)
    assert revisions.working_copy(stored) is None
    assert stored.corrections.get().text == "It reopened on Monday, not Sunday."
    # Saving the unchanged form again writes no revision either.
    count = stored.revisions.count()
    _url, data = _change_form(client, stored)
    assert client.post(url, data).status_code == 302
    assert stored.revisions.count() == count


def test_a_real_edit_still_makes_a_working_copy_and_reverting_it_ends_it(people):
    article = make_article("Bridge reopens")
    client = Client()
    client.force_login(people["editor"])
    url, data = _change_form(client, article)
    assert client.post(url, data | {"headline": "Bridge reopens to traffic"}).status_code == 302
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#working-copy-note") is not None
    assert page.select_one("#workflow-publish_changes") is not None

    _url, data = _change_form(client, article)
    assert client.post(url, data | {"headline": "Bridge reopens"}).status_code == 302
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#working-copy-note") is None
    assert page.select_one("#workflow-publish_changes") is None
    assert Article.objects.get(pk=article.pk).headline == "Bridge reopens"
