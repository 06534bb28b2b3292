"""The product's URLs plus ``/baseline/<id>/``: the plain-Django baseline of bench/render.py."""

import sqlite3
from types import SimpleNamespace

from django.conf import settings
from django.shortcuts import render
from django.urls import path

from dateline.urls import urlpatterns as product_urlpatterns

_COLUMNS = "id, headline, body, language, published_at, slug"


def _row(pk: int) -> tuple:
    connection = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    try:
        return connection.execute(
            f"SELECT {_COLUMNS} FROM articles_article WHERE id = ?", (pk,)
        ).fetchone()
    finally:
        connection.close()


def baseline(request, pk: int):
    """Render the article template from one SQLite row: no ORM, no related items."""
    from django.utils.dateparse import parse_datetime

    pk, headline, body, language, published_at, slug = _row(pk)
    article = SimpleNamespace(
        pk=pk,
        headline=headline,
        safe_body=body,
        language=language,
        published_at=parse_datetime(published_at),
        display_title=headline,
        text_direction="ltr",
        label=None,
        lead_media=None,
        signature=None,
        is_stub=False,
        get_absolute_url=f"/en/news/{pk}/{slug}/",
    )
    return render(request, "public/article.html", {"article": article, "related": [], "topics": []})


urlpatterns = [path("baseline/<int:pk>/", baseline), *product_urlpatterns]
