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
