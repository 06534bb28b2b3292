"""Save an article's admin change form the way a browser does: every field as shown, with
some values typed over."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from dateline.articles.models import Article


def save_article_form(client: Client, article: Article, changes: dict[str, list[str]]) -> None:
    """Post ``article``'s admin change form as shown, with ``changes`` typed in; assert saved."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = BeautifulSoup(client.get(url).content, "html.parser").find("form", id="article_form")
    data: dict[str, list[str]] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name, kind = field.get("name"), field.get("type", "")
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "select":
            values = [o.get("value", "") for o in field.find_all("option", selected=True)]
        elif field.name == "textarea":
            values = [field.text.removeprefix("\n")]
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").find(
        class_="errorlist"
    )
