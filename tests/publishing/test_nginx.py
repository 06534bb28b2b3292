"""Resilience: nginx on 127.0.0.1 serves every baked page with the app and database stopped.

Uses Debian's nginx (installed by .ci/run) and the shipped ``deploy/nginx.conf``, with only
its folders, ports and user changed for the test.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bench.loadkit.nginx import CONF, deployed_config, free_port, local_values, nginx_binary
from bench.loadkit.nginx import start as start_nginx
from dateline.articles.models import Article
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from tests.factories import make_article, make_media, make_section, make_story, make_topic
from tests.publishing.test_middleware import database_down

pytestmark = pytest.mark.django_db


def _nginx_binary() -> str:
    found = nginx_binary()
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed; .ci/run installs Debian's nginx package")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return found


@contextlib.contextmanager
def running_nginx(baked: Path, tmp_path: Path, media: Path, app_port: int):
    """Start nginx with deploy/nginx.conf on a free port; yield its URL, then stop it."""
    _nginx_binary()
    baked.mkdir(exist_ok=True)
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    if not (data / "media").exists():
        (data / "media").symlink_to(media)
    try:
        process, port = start_nginx(tmp_path, app_port, baked, data)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def nginx(baked, tmp_path):
    """Start nginx with the app's port empty, as if the app were down."""
    with running_nginx(baked, tmp_path, tmp_path / "media", free_port()) as url:
        yield url


def _get(url) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_nginx_serves_every_baked_page_with_the_app_and_database_stopped(baked, nginx):
    section, topic, story = make_section(), make_topic(), make_story()
    for n in range(4):
        make_article(f"Resilient {n}", section=section, topics=[topic], story=story)
    enqueue_all()
    assert run_workers(1).failures == []
    pages = list(BakedPage.objects.exclude(file=""))
    assert {p.kind for p in pages} >= {
        "article",
        "related-json",
        "home",
        "section",
        "topic",
        "story",
    }
    with database_down():
        for page in pages:
            status, body, headers = _get(nginx + page.path)
            assert status == 200, page.path
            assert body == (baked / page.file).read_bytes(), page.path
            assert headers["Cache-Control"] == "public, max-age=60, must-revalidate"
            assert headers["Surrogate-Key"].split()[0] == f"p:{page.path}"
            if page.kind == "article":
                assert headers["Content-Type"] == "text/html; charset=utf-8"
                assert headers["Surrogate-Key"].split()[1].startswith("a")
            assert "default-src 'self'" in headers["Content-Security-Policy"]
            if page.path.startswith("/api/"):
                assert headers["Content-Type"].startswith("application/json")
                assert headers["Access-Control-Allow-Origin"] == "*"
            else:
                assert "Access-Control-Allow-Origin" not in headers
        # What needs the app fails at the gateway, and nothing else.
        assert _get(nginx + "/en/?page=2")[0] == 502
        assert _get(nginx + "/en/search/?q=x")[0] == 502


def test_nginx_never_serves_temporaries(baked, nginx):
    (baked / "en").mkdir(parents=True)
    (baked / "en/.dl-abc.tmp").write_text("torn")
    assert _get(nginx + "/en/.dl-abc.tmp")[0] == 404


def _get_with(url: str, **headers: str) -> tuple[int, bytes, dict]:
    return _get(urllib.request.Request(url, headers=headers))


def _stored(asset, body: bytes, media_root: str) -> str:
    full = Path(media_root) / asset.file.name
    full.parent.mkdir(parents=True, exist_ok=True)
    full.write_bytes(body)
    return asset.url


@contextlib.contextmanager
def app_server():
    """Serve the whole app (its own media view included) on a free port; yield the port.

    Django's live_server answers /media/ itself, from disk, before the app sees the request;
    nginx must meet the app's media view, as in production.
    """
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", lambda _media: WSGIHandler(), shared, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield thread.port
    finally:
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_sends_media_the_app_allows_and_refuses_the_rest(
    baked, tmp_path, media_root, settings
):
    settings.DATELINE_MEDIA_ACCEL_PREFIX = "/_media-files/"
    public, hidden, shared = make_media(), make_media(), make_media()
    make_article("Shown", lead_media=public)
    make_article("Drafted", status=Article.Status.DRAFT, lead_media=hidden)
    make_article("Shown too", lead_media=shared)
    make_article("Drafted too", status=Article.Status.DRAFT, lead_media=shared)
    photo = b"\xff\xd8\xff" + bytes(range(256)) * 8
    urls = {
        name: _stored(asset, photo, media_root)
        for name, asset in (("public", public), ("hidden", hidden), ("shared", shared))
    }
    (Path(media_root) / "page.html").write_text("<script>alert(1)</script>")
    with (
        app_server() as app_port,
        running_nginx(baked, tmp_path, Path(media_root), app_port) as base,
    ):
        for name in ("public", "shared"):
            status, body, headers = _get(base + urls[name])
            assert (status, body) == (200, photo), name
            assert headers["Content-Type"] == "image/jpeg", headers
            assert headers.get("Cache-Control") == "public, max-age=86400, immutable", headers
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert "X-Accel-Redirect" not in headers
        status, body, headers = _get_with(base + urls["public"], Range="bytes=3-9")
        assert (status, body) == (206, photo[3:10])
        assert _get(base + urls["hidden"])[0] == 404
        assert _get(base + "/_media-files/" + hidden.file.name)[0] == 404  # internal only
        status, body, headers = _get(base + "/media/page.html")
        assert status == 200 and headers["Content-Type"] == "application/octet-stream"
        assert headers.get("Content-Disposition", "").startswith("attachment")


def test_the_shipped_config_passes_nginx_t(tmp_path):
    binary = _nginx_binary()
    # As shipped (it opens its log files under /var/log/nginx and runs as www-data)...
    if os.geteuid() == 0 and Path("/var/log/nginx").is_dir():
        shipped = subprocess.run([binary, "-t", "-c", str(CONF)], capture_output=True, text=True)
        assert shipped.returncode == 0, shipped.stderr
    # ...and with every documented line changed, the included files untouched.
    values = local_values(tmp_path, 9000, free_port(), tmp_path / "baked", tmp_path / "data")
    values["upstream"] = "server 10.1.2.3:9000;"
    config = deployed_config(tmp_path, values)
    checked = subprocess.run([binary, "-t", "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_behind_a_tls_proxy_the_readers_scheme_passes_through(baked, tmp_path, settings):
    """A TLS-terminating proxy in front of nginx says https: no redirect loop, HSTS sent."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # DATELINE_TLS_PROXY
    (baked / "en").mkdir(parents=True)
    (baked / "en/index.html").write_text("<!doctype html><title>Baked</title>")
    with (
        app_server() as app_port,
        running_nginx(baked, tmp_path, tmp_path / "media", app_port) as base,
    ):
        # Answered by the app through nginx: https as the proxy said, so no redirect.
        status, _, headers = _get_with(base + "/robots.txt", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        # Reached over plain http with nobody vouching for TLS: one redirect to https.
        status, _, headers = _get_with_no_redirect(base + "/robots.txt")
        assert status == 301 and headers["Location"].startswith("https://")
        # Baked pages, served by nginx alone, carry HSTS over https and never over http.
        status, _, headers = _get_with(base + "/en/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        status, _, headers = _get_with(base + "/en/")
        assert status == 200 and "Strict-Transport-Security" not in headers
        # A forged scheme other than https is not passed on.
        status, _, _ = _get_with_no_redirect(base + "/robots.txt", **{"X-Forwarded-Proto": "ftp"})
        assert status == 301


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get_with_no_redirect(url: str, **headers: str) -> tuple[int, bytes, dict]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def _request(url: str, **headers: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_nginx_answers_baked_pages_conditionally_and_compressed(baked, nginx):
    article = make_article("Sent once, then 304", section=make_section())
    enqueue_all()
    run_workers(1)
    for path in (article.get_absolute_url(), "/en/", "/feeds/en.rss", "/feeds/en.json"):
        status, body, headers = _request(nginx + path)
        assert status == 200, path
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert _request(nginx + path, **{"If-None-Match": etag})[0] == 304, path
        assert _request(nginx + path, **{"If-Modified-Since": modified})[0] == 304, path
        status, packed, headers = _request(nginx + path, **{"Accept-Encoding": "gzip"})
        assert headers.get("Content-Encoding") == "gzip", (path, headers)
        assert "Accept-Encoding" in headers["Vary"]
        assert gzip.decompress(packed) == body, path
        # The copy written at bake time, byte for byte: nothing is compressed per request.
        page = BakedPage.objects.get(path=path)
        assert packed == (baked / (page.file + ".gz")).read_bytes(), path
        # The compressed answer is conditional too.
        etag = headers["ETag"]
        assert (
            _request(nginx + path, **{"If-None-Match": etag, "Accept-Encoding": "gzip"})[0] == 304
        ), path


def _first_change(url: str, before: bytes, seconds: float = 3.0) -> tuple[float, int, bytes]:
    """Poll ``url`` until it answers other bytes than ``before``; return the time it took,
    the status and the body."""
    started = time.monotonic()
    while True:
        status, body, _ = _request(url)
        elapsed = time.monotonic() - started
        if body != before or elapsed > seconds:
            return elapsed, status, body
        time.sleep(0.02)


def test_nginx_keeps_the_staleness_promise_for_rewritten_new_and_removed_files(baked, nginx):
    """Files stay open in nginx's open_file_cache between requests: a rewrite, a new page
    and a removed page (a killed article) still show within the 2 s promise."""
    from dateline.publishing.targets import LocalFolderTarget

    target = LocalFolderTarget(baked)
    target.write("en/news/7/kept/index.html", b"<p>first</p>")
    url = nginx + "/en/news/7/kept/"
    for _ in range(5):  # read it often enough to be cached
        assert _request(url)[1] == b"<p>first</p>"
    target.write("en/news/7/kept/index.html", b"<p>second</p>")
    took, status, body = _first_change(url, b"<p>first</p>")
    assert (status, body) == (200, b"<p>second</p>") and took < 2, took
    # A name nginx found missing (the app is down here: 502) is found once it is baked.
    status, gateway, _ = _request(nginx + "/en/news/8/new/")
    assert status == 502
    target.write("en/news/8/new/index.html", b"<p>new</p>")
    took, status, body = _first_change(nginx + "/en/news/8/new/", gateway)
    assert (status, body) == (200, b"<p>new</p>") and took < 2, took
    # A removed file stops being served: the request goes to the app.
    target.delete("en/news/7/kept/index.html")
    took, status, _ = _first_change(url, b"<p>second</p>")
    assert status == 502 and took < 2, took
