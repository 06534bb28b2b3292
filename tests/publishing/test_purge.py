"""CDN purge: the Fastly backend against a fake API on 127.0.0.1; retries; never blocking."""

from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dateline.articles import lifecycle
from dateline.publishing.purge import (
    FastlyPurgeBackend,
    RecordingPurgeBackend,
    purge_with_retries,
)
from tests.factories import make_article
from tests.publishing.worker import drain_worker


class FakeFastly(BaseHTTPRequestHandler):
    """Answer purge calls; ``delay`` seconds of silence first, for ``slow`` calls."""

    received: list[dict] = []
    slow = 0
    delay = 0.0

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(
            {"path": self.path, "headers": dict(self.headers), "body": json.loads(body)}
        )
        if type(self).slow > 0:
            type(self).slow -= 1
            time.sleep(type(self).delay)
        payload = json.dumps({k: "purge-id" for k in json.loads(body)["surrogate_keys"]})
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(payload.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timed out) before the answer: what the test wants

    def log_message(self, *args) -> None:
        return None


@pytest.fixture
def fastly(settings):
    FakeFastly.received = []
    FakeFastly.slow = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeFastly)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.DATELINE_PURGE_BACKEND = "dateline.publishing.purge.FastlyPurgeBackend"
    settings.DATELINE_FASTLY = {
        "service_id": "SU1Z0isxPaozGVKXdv0eY",
        "api_token": "test-token",
        "api_url": f"http://127.0.0.1:{server.server_port}",
    }
    settings.DATELINE_PURGE_TIMEOUT = 0.3
    settings.DATELINE_PURGE_ATTEMPTS = 3
    yield FakeFastly
    server.shutdown()
    server.server_close()


def test_fastly_purge_sends_the_documented_request(fastly):
    assert purge_with_retries(["a7", "p:/en/"])
    (call,) = fastly.received
    assert call["path"] == "/service/SU1Z0isxPaozGVKXdv0eY/purge"
    assert call["headers"]["Fastly-Key"] == "test-token"
    assert call["headers"]["Fastly-Soft-Purge"] == "1"
    assert call["body"] == {"surrogate_keys": ["a7", "p:/en/"]}


def test_fastly_purge_batches_256_keys_a_request(fastly):
    assert purge_with_retries([f"a{n}" for n in range(600)])
    assert [len(c["body"]["surrogate_keys"]) for c in fastly.received] == [256, 256, 88]


def test_a_timeout_is_retried_and_logged(fastly, caplog):
    fastly.slow, fastly.delay = 1, 1.0
    with caplog.at_level(logging.WARNING, logger="dateline.publishing.purge"):
        assert purge_with_retries(["a1"])
    assert len(fastly.received) == 2
    assert "attempt 1 of 3" in caplog.text and "timed out" in caplog.text


def test_a_purge_that_keeps_timing_out_gives_up_with_an_error_log(fastly, caplog):
    fastly.slow, fastly.delay = 3, 1.0
    with caplog.at_level(logging.WARNING, logger="dateline.publishing.purge"):
        assert not purge_with_retries(["a1"])
    assert "gave up after 3 attempts" in caplog.text


@pytest.mark.django_db
def test_a_hanging_cdn_never_blocks_a_publish(baked, fastly, django_capture_on_commit_callbacks):
    fastly.slow, fastly.delay = 3, 1.0
    article = make_article("Live before the purge", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)
    # The publish returned with its files written; the purge waits for the worker.
    assert (baked / article.get_absolute_url().lstrip("/") / "index.html").exists()
    assert fastly.received == []
    drain_worker()
    # Three attempts at the publish's purge (the related task's rebuild may purge more).
    mine = [c for c in fastly.received if f"a{article.pk}" in c["body"]["surrogate_keys"]]
    assert len(mine) == 3


@pytest.mark.django_db
def test_a_kill_is_purged_before_its_step_returns(
    baked, fastly, django_capture_on_commit_callbacks
):
    article = make_article("Taken down")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.kill(article)
    [call] = fastly.received
    assert f"a{article.pk}" in call["body"]["surrogate_keys"]


def test_fastly_needs_its_service_and_token(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.DATELINE_FASTLY = {"service_id": "x"}
    with pytest.raises(ImproperlyConfigured, match="lacks api_token"):
        FastlyPurgeBackend()


@pytest.mark.django_db
def test_a_publish_purges_the_article_and_its_pages(baked, django_capture_on_commit_callbacks):
    article = make_article("Purged on publish", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.publish(article)
    drain_worker()
    keys = {key for call in RecordingPurgeBackend.calls for key in call}
    assert f"a{article.pk}" in keys
    assert f"p:{article.get_absolute_url()}" in keys and "p:/en/" in keys
