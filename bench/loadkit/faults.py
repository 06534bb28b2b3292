"""Faults injected midway through a load run: PostgreSQL restarted, the cache's Redis killed.

A fault has a window (``begin`` .. ``end``): from the moment it is injected until the service
is back. ``heal`` is called whatever happens to the run and leaves the service running (the
system PostgreSQL) or gone (the private Redis this bench started; the system one on 6379 is
never touched).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

PG_CLUSTER = ["15", "main"]
REDIS_PORT = 6390


class Fault:
    name = "none"
    begin: float | None = None
    end: float | None = None

    def env(self) -> dict[str, str]:
        """Return the environment the site needs for this fault (set before it starts)."""
        return {}

    def prepare(self, logs: Path) -> None:
        """Start what the fault will take away."""

    def inject(self) -> None:
        """Take the service away and bring it back; note the window."""

    def heal(self) -> None:
        """Leave the machine as it was before the run; never raise."""


class PostgresRestart(Fault):
    """``pg_ctlcluster 15 main restart``: every connection is cut, new ones refused meanwhile."""

    name = "postgres-restart"

    def inject(self) -> None:
        self.begin = time.time()
        subprocess.run(["pg_ctlcluster", *PG_CLUSTER, "restart"], check=True, timeout=120)
        self.end = time.time()

    def heal(self) -> None:
        # A run cut short may leave a restart half-way: check again until the server runs.
        for _attempt in range(30):
            status = subprocess.run(
                ["pg_ctlcluster", *PG_CLUSTER, "status"], capture_output=True, check=False
            )
            if status.returncode == 0:
                return
            subprocess.run(
                ["pg_ctlcluster", *PG_CLUSTER, "start"], capture_output=True, check=False
            )
            time.sleep(2)


class RedisDown(Fault):
    """A private Redis on port 6390 that the site caches in, killed midway and started again.

    It is killed for ``outage`` seconds, then started again empty, to see the cache come back.
    """

    name = "redis-down"

    def __init__(self, outage: float) -> None:
        self.outage = outage
        self.process: subprocess.Popen | None = None
        self.logs: Path | None = None

    def env(self) -> dict[str, str]:
        return {"REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0"}

    def prepare(self, logs: Path) -> None:
        self.logs = logs
        self._start()

    def _start(self) -> None:
        with (self.logs / "redis.log").open("ab") as out:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for _ in range(50):
            ping = subprocess.run(
                ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, check=False
            )
            if ping.stdout.strip() == b"PONG":
                return
            time.sleep(0.1)
        raise RuntimeError(f"the private redis-server on port {REDIS_PORT} did not start")

    def inject(self) -> None:
        self.begin = time.time()
        self.process.kill()
        self.process.wait()
        time.sleep(self.outage)
        self._start()
        self.end = time.time()

    def heal(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def fault_named(name: str | None, duration: float) -> Fault:
    """Return the fault called ``name`` (``None``: no fault) for a run of ``duration`` seconds."""
    if name is None:
        return Fault()
    if name == "postgres-restart":
        return PostgresRestart()
    if name == "redis-down":
        return RedisDown(outage=duration / 4)
    raise ValueError(f"unknown fault {name!r}: choose postgres-restart or redis-down")
