"""Two editors save the same article: the second is told and shown the conflict; nothing is lost."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from dateline.articles.models import Article
from dateline.desk import revisions
from dateline.desk.models import Revision
from tests.desk.conftest import make_user
from tests.factories import make_article


def _form_data(client: Client, url: str) -> dict:
    """Return the admin change form's fields as a browser would submit them."""
    return _form_data_from(BeautifulSoup(client.get(url).content, "html.parser"))


def _form_data_from(soup) -> dict:
    data = {}
    for field in soup.find("form", id="article_form").find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "checkbox", "radio"):
            continue
        if field.name == "textarea":
            data[name] = field.text.strip()
        elif field.name == "select":
            chosen = [o.get("value", "") for o in field.find_all("option", selected=True)]
            if field.has_attr("multiple"):
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def editors(db):
    one, two = Client(), Client()
    one.force_login(make_user("editor", "ann"))
    two.force_login(make_user("editor", "bob"))
    return one, two


def test_second_save_is_refused_and_shown(editors):
    one, two = editors
    article = make_article("Original headline", status=Article.Status.DRAFT)
    url = f"/admin/articles/article/{article.pk}/change/"
    form_one, form_two = _form_data(one, url), _form_data(two, url)
    assert form_one["base_version"] == form_two["base_version"] == "1"

    form_one["headline"] = "Ann's headline"
    assert one.post(url, form_one).status_code == 302
    form_two["headline"] = "Bob's headline"
    response = two.post(url, form_two)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    note = soup.find(id="edit-conflict")
    assert note is not None
    assert "Ann's headline" in note.get_text() and "Bob's headline" in note.get_text()
    assert "was saved by ann (version 2) after you opened version 1" in soup.get_text()
    # Bob's text is still in his form; the stored article is Ann's.
    assert soup.find("input", {"name": "headline"})["value"] == "Bob's headline"
    assert Article.objects.get(pk=article.pk).headline == "Ann's headline"

    # Saving again after seeing the conflict is a deliberate overwrite, and is recorded.
    form_again = _form_data_from(soup)
    assert two.post(url, form_again).status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Bob's headline"
    authors = [r.author.username for r in Revision.objects.filter(article=article)]
    assert authors == ["bob", "ann"]


def test_service_refuses_a_stale_version(db):
    article = make_article(status=Article.Status.DRAFT)
    revisions.save_content(article, None, 1)
    article.headline = "stale"
    with pytest.raises(revisions.EditConflict, match="after you opened version 1"):
        revisions.save_content(article, None, 1)
    assert Article.objects.get(pk=article.pk).headline != "stale"
