"""Resilience: nginx on 127.0.0.1 serves every baked page with the app and database stopped.

Uses Debian's nginx (installed by .ci/run) and the shipped ``deploy/nginx.conf``, with only
its folders, ports and user changed for the test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from tests.factories import make_article, make_section, make_story, make_topic
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


@pytest.fixture
def nginx(baked, tmp_path):
    """Start nginx with deploy/nginx.conf on a free port; the app's port has nothing on it."""
    binary = _nginx_binary()
    port, app_port = _free_port(), _free_port()
    media = tmp_path / "media"
    (media / "2016/01/18").mkdir(parents=True)
    (media / "2016/01/18/site_1_25f_4x3.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    baked.mkdir(exist_ok=True)
    conf = CONF.read_text()
    for old, new in {
        "user www-data;": "user root;",
        "/run/nginx-dateline.pid": str(tmp_path / "nginx.pid"),
        "/var/log/nginx/dateline-error.log": str(tmp_path / "error.log"),
        "/var/log/nginx/dateline-access.log": str(tmp_path / "access.log"),
        "/srv/dateline/baked": str(baked),
        "/srv/dateline/data;": f"{tmp_path};",
        "127.0.0.1:8000": f"127.0.0.1:{app_port}",
        "listen 80;": f"listen 127.0.0.1:{port};",
    }.items():
        assert old in conf, f"deploy/nginx.conf no longer contains {old!r}"
        conf = conf.replace(old, new)
    (tmp_path / "nginx.conf").write_text(conf)
    process = subprocess.Popen(
        [binary, "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
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
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()


def _get(url: str) -> tuple[int, bytes, dict]:
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


def test_nginx_never_serves_temporaries_and_caches_media_for_long(baked, nginx):
    (baked / "en").mkdir(parents=True)
    (baked / "en/.dl-abc.tmp").write_text("torn")
    assert _get(nginx + "/en/.dl-abc.tmp")[0] == 404
    status, body, headers = _get(nginx + "/media/2016/01/18/site_1_25f_4x3.jpg")
    assert status == 200 and body.startswith(b"\xff\xd8")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
