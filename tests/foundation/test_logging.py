"""Errors are logged with DEBUG off: a 500, a failed task, purge and webhook reach stderr and the
log file with their tracebacks (dateline/logconfig.py, LOGGING in dateline/settings.py)."""

from __future__ import annotations

import io
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django_tasks import task

from dateline.logconfig import THIRD_PARTY_LEVELS, log_file_path, logging_config
from dateline.publishing.purge import purge_with_retries
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint
from dateline.syndication.webhooks import attempt, record_deliveries
from tests.factories import make_article

# A port nothing listens on: connections are refused at once (the discard service, unused).
CLOSED = "http://127.0.0.1:9"
LOGGERS = ("dateline", *THIRD_PARTY_LEVELS)


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the front page template lost its section")


urlpatterns = [path("broken/", broken_view)]


@task()
def exploding_task() -> None:
    raise ValueError("the rendition cache is full")


@pytest.fixture
def logged(tmp_path, settings):
    """Configure logging as production does (a relative log file under the data dir), with the
    stderr handler writing into a buffer; put the test session's handlers back afterwards."""
    settings.DEBUG = False
    saved = {name: logging.getLogger(name) for name in LOGGERS}
    before = {name: (lg.handlers[:], lg.level, lg.propagate) for name, lg in saved.items()}
    logging.config.dictConfig(logging_config("INFO", "logs/dateline.log", tmp_path))
    added = {h for lg in saved.values() for h in lg.handlers}
    # pytest swaps sys.stderr between phases: the configured handler writes to our buffer.
    stderr = io.StringIO()
    for handler in added:
        if type(handler) is logging.StreamHandler:
            handler.setStream(stderr)
    log_file = tmp_path / "logs" / "dateline.log"

    def read() -> tuple[str, str]:
        for handler in added:
            handler.flush()
        text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
        return stderr.getvalue(), text

    yield read
    for handler in added:
        handler.close()
    for name, (handlers, level, propagate) in before.items():
        lg = saved[name]
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate


def _assert_logged(read, *needles: str) -> None:
    stderr, text = read()
    for where, output in (("stderr", stderr), ("log file", text)):
        assert "Traceback (most recent call last)" in output, (where, output)
        for needle in needles:
            assert needle in output, (where, needle, output)


@pytest.mark.urls(__name__)
def test_an_unhandled_request_error_is_logged_with_its_traceback(db, logged):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    _assert_logged(
        logged,
        "ERROR django.request",
        "Internal Server Error: /broken/",
        "RuntimeError: the front page template lost its section",
        "in broken_view",
    )


def test_a_failed_task_is_logged_with_its_traceback(db, logged, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = exploding_task.enqueue()
    assert result.status == "FAILED"
    _assert_logged(logged, "django_tasks", "ValueError: the rendition cache is full")


def test_a_failed_purge_is_logged_with_its_traceback(logged, settings):
    settings.DATELINE_PURGE_BACKEND = "dateline.publishing.purge.FastlyPurgeBackend"
    settings.DATELINE_FASTLY = {"service_id": "svc", "api_token": "t", "api_url": CLOSED}
    settings.DATELINE_PURGE_ATTEMPTS = 2
    assert not purge_with_retries(["a1", "p:/en/"])
    _assert_logged(logged, "gave up after 2 attempts", "a1 p:/en/", "ConnectionRefusedError")


def test_a_failed_webhook_delivery_is_logged_with_its_traceback(db, logged, settings):
    settings.DATELINE_WEBHOOK_MAX_ATTEMPTS = 2
    WebhookEndpoint.objects.create(name="wire partner", url=f"{CLOSED}/hook?token=abc", secret="s")
    article = make_article("Ferry delayed")
    [delivery] = record_deliveries("published", article)
    attempt(delivery)
    stderr, _text = logged()
    assert "WARNING dateline.syndication.webhooks" in stderr and "will retry" in stderr
    attempt(delivery)
    assert delivery.state == WebhookDelivery.State.FAILED
    _assert_logged(logged, "ERROR dateline.syndication.webhooks", "wire partner", "gave up")
    assert "token=abc" not in logged()[0]


def test_relative_log_files_go_under_the_data_dir(tmp_path):
    assert log_file_path("", tmp_path) is None
    assert log_file_path("  ", tmp_path) is None
    assert log_file_path("logs/app.log", tmp_path) == tmp_path / "logs" / "app.log"
    assert log_file_path("/var/log/dateline.log", tmp_path) == Path("/var/log/dateline.log")


def test_the_settings_module_reads_the_log_file_from_the_environment(tmp_path):
    """A real process: settings from the environment, an error logged, both outputs read."""
    code = (
        "import django, logging; django.setup(); "
        'exec(\'try:\\n raise KeyError("no such desk")\\n'
        'except KeyError:\\n logging.getLogger("django.request").exception("Boom")\')'
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "dateline.settings",
        "DATELINE_DATA_DIR": str(tmp_path),
        "DATELINE_LOG_FILE": "dateline.log",
        "DATELINE_DEBUG": "0",
        "DATELINE_INSECURE_DEV_KEY": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "dateline.log").read_text(encoding="utf-8")
    for output in (done.stderr, text):
        assert "ERROR django.request" in output and "KeyError: 'no such desk'" in output
        assert "Traceback (most recent call last)" in output
