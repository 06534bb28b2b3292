"""The product's URLs plus ``/baseline/<id>/``: the plain-Django baseline of bench/render.py."""

import sqlite3
from datetime import UTC, datetime

from django.conf import settings
from django.db import models
from django.shortcuts import render
from django.urls import path

from dateline.articles.models import Article
from dateline.urls import urlpatterns as product_urlpatterns


def _row(pk: int) -> dict:
    connection = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    connection.row_factory = sqlite3.Row
    try:
        row = connection.execute("SELECT * FROM articles_article WHERE id = ?", (pk,)).fetchone()
        return dict(row)
    finally:
        connection.close()


def baseline(request, pk: int):
    """Render the article template from one SQLite row read with sqlite3: no related items,
    no label, media, signature or topics lookups, no caching."""
    fields = {f.attname: f for f in Article._meta.concrete_fields}
    row = {k: v for k, v in _row(pk).items() if k in fields}
    for name, value in row.items():
        if value is not None and isinstance(fields[name], models.DateTimeField):
            row[name] = datetime.fromisoformat(value).replace(tzinfo=UTC)
    names = [name for name in fields if name in row]  # from_db wants model field order
    article = Article.from_db("default", names, [row[name] for name in names])
    article.label_id = article.lead_media_id = article.signature_id = None
    return render(request, "public/article.html", {"article": article, "related": [], "topics": []})


urlpatterns = [path("baseline/<int:pk>/", baseline), *product_urlpatterns]
