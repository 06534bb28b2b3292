"""Conditional and compressed answers: 304 on a current validator, gzip where it is safe,
``Vary`` only where the answer really varies; dynamic and baked (embedded mode) alike."""

from __future__ import annotations

import gzip
import os

import pytest
from django.utils.http import http_date

from dateline.articles.lifecycle import unpublish
from dateline.publishing.bakery import enqueue_all, run_workers
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

READER_PATHS = ("article", "/en/", "/feeds/en.rss", "/feeds/en.json", "/sitemap.xml")


@pytest.fixture
def article():
    return make_article("Conditional answers", section=make_section())


def _path(name: str, article) -> str:
    return article.get_absolute_url() if name == "article" else name


def _validators_give_304(client, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200, path
    assert first["ETag"], path
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304, path
    assert again.content == b""
    since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304, path
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200, path
    other = client.get(path, HTTP_IF_NONE_MATCH='"not-this-one"')
    assert other.status_code == 200 and other.content == first.content, path


@pytest.mark.parametrize("name", READER_PATHS)
def test_dynamic_reader_answers_are_conditional(client, article, name):
    _validators_give_304(client, _path(name, article))


@pytest.mark.parametrize("name", READER_PATHS)
def test_baked_reader_answers_are_conditional(client, article, baked, name):
    enqueue_all()
    run_workers(1)
    path = _path(name, article)
    first = client.get(path)
    assert first.status_code == 200
    assert "Last-Modified" in first, path
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(0)).status_code == 200


@pytest.mark.parametrize("name", ("article", "/en/", "/feeds/en.rss", "/feeds/en.json"))
@pytest.mark.parametrize("bake", (False, True))
def test_reader_answers_are_gzipped_for_clients_that_ask(
    client, article, settings, tmp_path, name, bake
):
    if bake:
        settings.DATELINE_BAKE = True
        settings.DATELINE_BAKE_IN_BACKGROUND = False
        settings.DATELINE_BAKE_THREADS = 1
        settings.DATELINE_PUBLISH_BACKEND = "dateline.publishing.targets.LocalFolderTarget"
        settings.DATELINE_PUBLISH_ROOT = str(tmp_path / "baked")
        enqueue_all()
        run_workers(1)
    path = _path(name, article)
    plain = client.get(path)
    packed = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    # A compressed answer's validator still turns the next request into a 304.
    again = client.get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"])
    assert again.status_code == 304


def test_a_page_with_a_csrf_token_is_never_compressed(client):
    # BREACH: a secret in a compressed answer leaks through its length.
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_a_hidden_item_is_never_answered_304_from_a_stale_validator(client, article):
    path = article.get_absolute_url()
    page = client.get(path)
    front = client.get("/en/")
    feed = client.get("/feeds/en.rss")
    assert b"Conditional answers" in front.content
    unpublish(article)
    assert client.get(path, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 404
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=page["Last-Modified"]).status_code == 404
    for url, before in (("/en/", front), ("/feeds/en.rss", feed)):
        now = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert now.status_code == 200, url
        assert b"Conditional answers" not in now.content
        assert now["ETag"] != before["ETag"]
        # Hidden within the same second as the copy was fetched: still no 304.
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
        assert since.status_code == 200, url
        assert b"Conditional answers" not in since.content


def test_a_rebaked_file_gets_a_new_validator_within_the_same_second(client, article, baked):
    enqueue_all()
    run_workers(1)
    target = baked / "en" / "index.html"
    first = client.get("/en/")
    stat = target.stat()
    body = target.read_bytes()
    # Same size, same second: only the nanoseconds tell the two files apart.
    target.write_bytes(body.replace(b"Conditional answers", b"Conditional ANSWERS"))
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))
    again = client.get("/en/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert b"Conditional ANSWERS" in again.content


@pytest.mark.parametrize(
    "path", ("/feeds/en.rss", "/feeds/site.json", "/sitemap.xml", "/static/dateline/favicon.ico")
)
def test_language_neutral_urls_do_not_vary_on_accept_language(client, article, path):
    arabic = client.get(path, HTTP_ACCEPT_LANGUAGE="ar")
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert arabic.status_code == english.status_code == 200, path
    assert "Accept-Language" not in arabic.get("Vary", "")
    assert b"".join(arabic) == b"".join(english)
    arabic.close()
    english.close()


def test_the_bare_domain_still_varies_on_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert "Accept-Language" in response["Vary"]


def test_a_long_arabic_address_is_stamped_without_a_cache_key_warning(client):
    from dateline.articles.models import Article

    item = make_article("عنوان", language="ar", section=make_section())
    Article.objects.filter(pk=item.pk).update(slug="استئناف-محادثات-السلام-بشأن-طرابلس-في-جنيف" * 2)
    item.refresh_from_db()
    first = client.get(item.get_absolute_url())
    assert first.status_code == 200
    assert len(item.get_absolute_url().encode()) > 250 or "%" in first.wsgi_request.path
    since = client.get(item.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
