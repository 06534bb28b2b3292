"""Embedded mode: baked files served by the app (also with the database down), headers."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError, connection

from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    """Make every query fail as if the database server had stopped."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused: the database is down")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def article(baked):
    item = make_article("Baked and served", section=make_section())
    enqueue_all()
    run_workers(1)
    return item


def test_a_baked_page_is_served_from_its_file(client, article, baked):
    path = article.get_absolute_url()
    (baked / path.lstrip("/") / "index.html").write_text("<h1>from the file</h1>")
    response = client.get(path)
    assert response.status_code == 200
    assert response.content == b"<h1>from the file</h1>"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=60, must-revalidate"
    assert response["Surrogate-Key"] == f"p:{path} a{article.pk}"
    assert response["Cache-Tag"] == f"p:{path},a{article.pk}"
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_baked_pages_are_served_while_the_database_is_down(client, article):
    with database_down():
        page = client.get(article.get_absolute_url())
        front = client.get("/en/")
        related = client.get(f"/api/v1/articles/{article.pk}/related")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "lxml")
    assert soup.select_one("h1.headline").get_text(strip=True) == "Baked and served"
    assert front.status_code == 200 and b"Baked and served" in front.content
    assert related.status_code == 200 and related["Content-Type"] == "application/json"
    assert related["Access-Control-Allow-Origin"] == "*"


def test_an_unbaked_page_fails_cleanly_while_the_database_is_down(client, article):
    client.raise_request_exception = False
    with database_down():
        response = client.get("/en/section/no-such-section/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"Back in a moment" in response.content


def test_a_query_string_goes_to_the_app(client, article, baked):
    (baked / "en/index.html").write_text("stale front")
    response = client.get("/en/?page=2")
    assert response.status_code == 200
    assert response.content != b"stale front"


def test_a_dynamic_page_names_every_item_it_shows(client, settings, baked):
    settings.DATELINE_BAKE = False
    shown = [make_article(f"Item {n}") for n in range(3)]
    response = client.get("/en/")
    keys = response["Surrogate-Key"].split()
    assert keys[0] == "p:/en/"
    assert {f"a{a.pk}" for a in shown} <= set(keys)
    assert response["Cache-Tag"] == ",".join(keys)
    assert response["Surrogate-Control"] == "max-age=86400"
    assert not list(baked.glob("**/*.html"))


def test_a_page_is_baked_on_first_read(client, baked):
    article = make_article("Read once, baked")
    path = article.get_absolute_url()
    assert not BakedPage.objects.filter(path=path).exists()
    first = client.get(path)
    assert first.status_code == 200
    stored = baked / path.lstrip("/") / "index.html"
    assert stored.read_bytes() == first.content
    assert set(
        BakedPage.objects.get(path=path).dependencies.values_list("article_id", flat=True)
    ) == {article.pk}


def test_admin_and_unknown_pages_are_not_baked(client, baked):
    client.get("/admin/login/")
    client.get("/en/no-such-page/")
    assert not BakedPage.objects.exists()
