"""API rate limits: one count per client across worker processes, sliding over the period."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from dateline.api.throttling import ApiRateThrottle
from tests.processes import descendants, kill

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited"
        try:
            urllib.request.urlopen(url.replace("/api/v1/sections", "/robots.txt"), timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def test_gunicorn_workers_share_one_count(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "DATELINE_DATA_DIR": str(tmp_path / "data"),
        "DATELINE_API_RATE_ANON": "5/min",
        "DATELINE_LOG_LEVEL": "ERROR",
    }
    env.pop("REDIS_URL", None)
    subprocess.run([BIN / "dateline", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    port = free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "dateline.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/sections"
        wait_for(url, server)
        # Concurrent connections, so that both workers answer some of them; on a busy machine
        # the second worker may still be starting, so go on in rounds until both have answered.
        codes: list[int] = []
        served_by: set[str] = set()
        for _round in range(10):
            with ThreadPoolExecutor(max_workers=4) as pool:
                codes += list(pool.map(status, [url] * 16))
            time.sleep(0.5)  # the access log is written after the response
            served_by = {
                m.group(1) for m in re.finditer(r"<(\d+)> \d+ /api/v1/sections", log.read_text())
            }
            if len(served_by) == 2:
                break
    finally:
        workers = descendants(server.pid)
        server.terminate()
        try:
            server.wait(timeout=15)
        finally:
            kill(workers | {server.pid})
    assert len(served_by) == 2, f"one worker answered everything: {served_by}"
    # Five calls a minute for the client, however many workers answered them.
    assert codes.count(200) == 5 and codes.count(429) == len(codes) - 5


@pytest.fixture
def clock(monkeypatch):
    """Set the throttle's clock by hand: ``clock.now`` in seconds."""

    class Clock:
        now = 6_000_000.0  # the start of a one-minute window

    monkeypatch.setattr(ApiRateThrottle, "timer", lambda self: Clock.now)
    return Clock


def test_the_limit_slides_over_the_period(client, newsroom, settings, clock):
    settings.DATELINE_API_RATE_ANON = "4/min"

    def calls(n: int) -> list[int]:
        return [client.get("/api/v1/sections").status_code for _ in range(n)]

    assert calls(5) == [200] * 4 + [429]
    refused = client.get("/api/v1/sections")
    # Four calls weigh 4 until the window ends, then slide out over the next minute: a
    # fifth call fits once they weigh 3 (a quarter of the way into the next window).
    assert int(refused["Retry-After"]) == 60 + 15
    clock.now += 60 + 1  # the next window: the last minute's four still weigh 3.9
    assert calls(1) == [429]
    clock.now += 29  # halfway: they weigh 2
    assert calls(3) == [200, 200, 429]
    clock.now += 30  # the next window: the two of the last one weigh in full
    assert calls(3) == [200, 200, 429]


def test_a_refused_call_does_not_use_up_the_allowance(client, newsroom, settings, clock):
    settings.DATELINE_API_RATE_ANON = "2/min"
    assert [client.get("/api/v1/sections").status_code for _ in range(10)] == [200] * 2 + [429] * 8
    clock.now += 120  # two windows on: nothing carries over, refused calls included
    assert [client.get("/api/v1/sections").status_code for _ in range(3)] == [200, 200, 429]
