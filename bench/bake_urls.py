"""bench/bake.py's URLs: the product's, bench/render_urls.py's baseline, and ``/plain/<id>/``:
one SQLite row written out as a minimal page, with no template and no other query."""

import sqlite3

from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape

from bench.render_urls import urlpatterns as render_urlpatterns


def plain(request, pk: int) -> HttpResponse:
    connection = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    try:
        row = connection.execute(
            "SELECT headline, body FROM articles_article WHERE id = ?", (pk,)
        ).fetchone()
    finally:
        connection.close()
    return HttpResponse(f"<!DOCTYPE html><h1>{escape(row[0])}</h1>{row[1]}")


urlpatterns = [path("plain/<int:pk>/", plain), *render_urlpatterns]
