"""Test setup shared by every test module.

Tests run on SQLite, and again on PostgreSQL when ``DATABASE_URL`` points at one (the
Makefile's ``test`` target does both). With ``CI=true`` an unreachable PostgreSQL fails the
run instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

import pytest

INVALID_MARKER = "INVALID-TEMPLATE-VARIABLE"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # A template that names a missing variable writes this marker; the leak tests look for it.
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = INVALID_MARKER + "(%s)"
    # The API's per-client rate limit would throttle a whole suite's calls from 127.0.0.1;
    # tests of the limit itself set their own rates.
    settings.DATELINE_API_RATE_ANON = "1000000/min"


def pytest_sessionstart(session: pytest.Session) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    try:
        # Probe the server through its maintenance database: the named one need not exist,
        # since Django's test runner creates test_<name> itself.
        server = urlsplit(url.replace("postgresql://", "postgres://", 1))._replace(path="/postgres")
        psycopg.connect(urlunsplit(server), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.exit(f"PostgreSQL at {url} is unreachable and CI=true: {exc}", returncode=1)
        pytest.exit(f"PostgreSQL at {url} is unreachable; skipping the PostgreSQL pass", 0)


@pytest.fixture
def media_root(settings):
    """Point MEDIA_ROOT at a fresh folder for the test and remove it afterwards."""
    folder = tempfile.mkdtemp(prefix="dateline-media-")
    settings.MEDIA_ROOT = folder
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium(monkeypatch):
    """Yield Debian's chromium launched through Playwright, closed after the test."""
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; ORM calls stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser(settings, chromium):
    """``chromium`` for tests that log in: over plain http on 127.0.0.1 the session and CSRF
    cookies cannot be Secure-only."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    return chromium


@pytest.fixture(scope="module")
def vnu():
    """Return the W3C Nu HTML checker's jar (see tests/vnu.py), or skip without one."""
    from tests.vnu import vnu_jar

    return vnu_jar()


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """Forget cached content types: a transactional test's flush recreates them with new ids,
    and a stale cache then makes admin log entries point at rows that no longer exist."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def _fresh_shared_cache():
    """Start each test with an empty shared cache. It is a file under the data folder that
    every test of a run shares: rate-limit counts, the first-served dates of conditional
    answers and edit locks left by one test must not decide another's answers."""
    from django.core.cache import cache

    cache.clear()
    yield
