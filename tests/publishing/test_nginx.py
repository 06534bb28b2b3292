"""Resilience: nginx on 127.0.0.1 serves every baked page with the app and database stopped.

Uses Debian's nginx (installed by .ci/run) and the shipped ``deploy/nginx.conf``, with only
its folders, ports and user changed for the test.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dateline.articles.models import Article
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from tests.factories import make_article, make_media, make_section, make_story, make_topic
from tests.publishing.test_middleware import database_down

pytestmark = pytest.mark.django_db

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed; .ci/run installs Debian's nginx package")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return found


# The edits deploy/README.md documents, and only those: each names one line of nginx.conf.
DOCUMENTED_EDITS = {
    "user": "user www-data;",
    "pid": "pid /run/nginx-dateline.pid;",
    "error_log": "error_log /var/log/nginx/dateline-error.log warn;",
    "access_log": "access_log /var/log/nginx/dateline-access.log;",
    "upstream": "server 127.0.0.1:8000;",
    "listen": "listen 80;",
    "baked": "set $dateline_baked /srv/dateline/baked;",
    "data": "set $dateline_data /srv/dateline/data;",
}
INCLUDED = ("dateline-http.conf", "dateline-server.conf")


def deployed_config(folder: Path, values: dict[str, str]) -> Path:
    """Write deploy/nginx.conf into ``folder`` with the documented lines set to ``values``,
    beside unchanged copies of the files it includes; return its path."""
    conf = CONF.read_text()
    for name, line in DOCUMENTED_EDITS.items():
        assert conf.count(line) == 1, f"deploy/nginx.conf no longer contains {line!r} once"
        conf = conf.replace(line, values[name])
    (folder / "nginx.conf").write_text(conf)
    for name in INCLUDED:
        shutil.copyfile(CONF.parent / name, folder / name)
    return folder / "nginx.conf"


def local_values(folder: Path, app_port: int, port: int, baked: Path, data: Path) -> dict:
    """Return the documented lines for an nginx run as this user with its files in ``folder``."""
    return {
        "user": "user root;",
        "pid": f"pid {folder / 'nginx.pid'};",
        "error_log": f"error_log {folder / 'error.log'} warn;",
        "access_log": f"access_log {folder / 'access.log'};",
        "upstream": f"server 127.0.0.1:{app_port};",
        "listen": f"listen 127.0.0.1:{port};",
        "baked": f"set $dateline_baked {baked};",
        "data": f"set $dateline_data {data};",
    }


@contextlib.contextmanager
def running_nginx(baked: Path, tmp_path: Path, media: Path, app_port: int):
    """Start nginx with deploy/nginx.conf on a free port; yield its URL, then stop it."""
    binary = _nginx_binary()
    port = _free_port()
    baked.mkdir(exist_ok=True)
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    if not (data / "media").exists():
        (data / "media").symlink_to(media)
    config = deployed_config(tmp_path, local_values(tmp_path, app_port, port, baked, data))
    process = subprocess.Popen(
        [binary, "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stdout.read().decode()}")
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def nginx(baked, tmp_path):
    """Start nginx with the app's port empty, as if the app were down."""
    with running_nginx(baked, tmp_path, tmp_path / "media", _free_port()) as url:
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
    values = local_values(tmp_path, 9000, _free_port(), tmp_path / "baked", tmp_path / "data")
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
