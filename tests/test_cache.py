"""The SQLite cache that the site's processes share when there is no Redis."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from dateline.cache import SQLiteCache

HITS = 300


def open_cache(path) -> SQLiteCache:
    return SQLiteCache(str(path), {"KEY_PREFIX": "t", "RETRY_SECONDS": 5})


def bump(path: str, key: str, times: int) -> None:
    """Run in another process: count ``times`` hits on ``key``."""
    cache = open_cache(path)
    cache.add(key, 0, 60)
    for _ in range(times):
        cache.incr(key)


def test_two_caches_on_one_file_see_each_other(tmp_path):
    first, second = open_cache(tmp_path / "c.sqlite3"), open_cache(tmp_path / "c.sqlite3")
    first.set("names", {"lead": "a.jpg"}, 60)
    assert second.get("names") == {"lead": "a.jpg"}
    assert second.add("names", "other") is False
    second.delete("names")
    assert first.get("names", "gone") == "gone"


def test_processes_counting_at_once_lose_no_hit(tmp_path):
    path = str(tmp_path / "c.sqlite3")
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=bump, args=(path, "hits", HITS)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert open_cache(path).get("hits") == 3 * HITS


def test_values_expire_and_add_takes_an_expired_key(tmp_path):
    cache = open_cache(tmp_path / "c.sqlite3")
    cache.set("short", 1, 0.05)
    cache.set("forever", "kept", None)
    time.sleep(0.1)
    assert cache.get("short") is None
    assert not cache.touch("short")
    with pytest.raises(ValueError, match="not found"):
        cache.incr("short")
    assert cache.add("short", 5, 60) is True
    assert cache.incr("short", 2) == 7
    assert cache.get("forever") == "kept"
    assert cache.get_many(["short", "forever", "none"]) == {"short": 7, "forever": "kept"}
    cache.clear()
    assert cache.get("forever") is None


def test_an_unusable_file_gives_way_to_process_memory(tmp_path, caplog):
    (tmp_path / "blocked").write_text("a file where the cache's folder should be")
    cache = open_cache(tmp_path / "blocked" / "c.sqlite3")
    cache.add("hits", 0, 60)
    assert [cache.incr("hits") for _ in range(3)] == [1, 2, 3]
    assert "SQLite cache unavailable" in caplog.text
    assert cache.down_until > time.monotonic()
