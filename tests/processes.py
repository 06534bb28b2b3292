"""The environment of real ``dateline`` processes that tests start and kill."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def site_environment(folder: Path) -> dict[str, str]:
    """Return an environment for a baking site whose data and baked folders are under
    ``folder``, on its own SQLite file (the test run's ``DATABASE_URL`` left out)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "DATELINE_DATA_DIR": str(folder / "data"),
        "DATELINE_PUBLISH_ROOT": str(folder / "baked"),
        "DATELINE_BAKE": "1",
        "DATELINE_LOG_LEVEL": "ERROR",
    }


def descendants(pid: int) -> set[int]:
    """Return the ids of every living process below ``pid`` (children, their children, ...)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # The command name may hold spaces and parentheses: the fields follow the last ")".
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    """Return those of ``pids`` that still run (zombies count as gone)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def wait_gone(pids: set[int], timeout: float = 10.0) -> set[int]:
    """Wait until none of ``pids`` runs; return those still running after ``timeout``."""
    deadline = time.monotonic() + timeout
    while (left := alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def kill(pids: set[int]) -> None:
    """SIGKILL whatever of ``pids`` still runs, so a failed test leaves nothing behind."""
    for pid in alive(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
