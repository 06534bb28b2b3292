"""The site serves without its Redis cache: a dead Redis gives way to process memory (rate
limits still count), a live or recovered one is used."""

from __future__ import annotations

import os
import socket
import time
import uuid

import pytest
from django.core.cache import cache

from dateline.media.ingest import ingest
from dateline.media.renditions import picture
from tests.hardening.conftest import public_pages
from tests.media.helpers import image_bytes, upload

LIVE_REDIS = "redis://127.0.0.1:6379/0"


def closed_port() -> int:
    """Return a loopback port that nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache(settings, url: str, retry_seconds: float = 5) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "dateline.cache.TolerantRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"dateline-test-{uuid.uuid4().hex}",
            "RETRY_SECONDS": retry_seconds,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def dead_redis(settings):
    redis_cache(settings, f"redis://127.0.0.1:{closed_port()}/0")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_page_type_serves_while_redis_is_down(client, newsroom, dead_redis, language):
    for kind, url in public_pages(newsroom, language).items():
        response = client.get(url)
        expected = 404 if kind == "not found" else 200
        assert response.status_code == expected, (kind, url)


def test_renditions_are_made_and_served_while_redis_is_down(client, db, media_root, dead_redis):
    photo = ingest(upload("photo.jpg", image_bytes(size=(800, 600))), alt_text="A test card")
    url = picture(photo, "4x3").src
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


def test_a_dead_redis_costs_one_attempt_then_none_for_a_while(dead_redis):
    assert cache.get("a", "miss") == "miss"
    cache.set("a", 1)
    started = time.monotonic()
    for _ in range(200):
        assert cache.get("a") == 1  # kept in the process's memory meanwhile
    # 200 refused connections would take far longer than skipping Redis does.
    assert cache.down_until > time.monotonic()
    assert time.monotonic() - started < 0.5


def test_api_rate_limits_still_count_while_redis_is_down(client, db, dead_redis, settings):
    settings.DATELINE_API_RATE_ANON = "3/min"
    statuses = [client.get("/api/v1/sections").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_a_live_redis_is_used_and_a_recovered_one_is_tried_again(settings):
    if not redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis_cache(settings, LIVE_REDIS, retry_seconds=0)
    key = f"headline-{os.getpid()}"  # the other database's pass may run beside this one
    cache.set(key, "Ceasefire holds", 30)
    assert cache.get(key) == "Ceasefire holds"
    cache.down_until = time.monotonic() + 60  # as if Redis had just failed
    assert cache.get(key) is None  # this process kept nothing meanwhile
    cache.down_until = 0.0  # the retry time has passed
    assert cache.get(key) == "Ceasefire holds"
    cache.delete(key)
