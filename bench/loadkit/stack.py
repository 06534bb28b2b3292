"""The site under test: a fresh database with a generated newsroom, gunicorn and a worker.

Every process started here runs in its own session, so ``Stack.stop`` ends it and all its
children (gunicorn's workers) by process group, whatever happened to the bench.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]


@dataclass
class Stack:
    """The database, data folder and server processes of one bench run."""

    work: Path
    database_url: str | None
    port: int
    gunicorn_workers: int
    extra_env: dict[str, str] = field(default_factory=dict)
    # Log every request gunicorn answers to logs/access.log (to count what reached the app).
    access_log: bool = False
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """Return the environment every Dateline process of this run shares."""
        env = {
            **os.environ,
            "DATELINE_DATA_DIR": str(self.work / "data"),
            "DJANGO_SETTINGS_MODULE": "bench.load_settings",
            "DATELINE_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            **self.extra_env,
        }
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def create(self, articles: int) -> None:
        """Make a fresh database and data folder holding ``articles`` generated articles."""
        shutil.rmtree(self.work, ignore_errors=True)
        (self.work / "data").mkdir(parents=True)
        if self.database_url:
            name = self.database_url.rsplit("/", 1)[1]
            subprocess.run(
                [
                    *PG_ADMIN,
                    "-c",
                    f"DROP DATABASE IF EXISTS {name}",
                    "-c",
                    f"CREATE DATABASE {name}",
                ],
                check=True,
            )
        for command in (
            ["migrate", "-v0"],
            ["generate", "--articles", str(articles)],
            # Bulk-written rows sent no publish events: build what those events would have.
            ["search_rebuild", "--quiet-progress"],
            ["rebuild_related"],
        ):
            self.manage(*command)

    def manage(self, *args: str) -> None:
        """Run one ``dateline`` management command against this run's database."""
        subprocess.run(
            [sys.executable, "-m", "dateline", *args],
            env=self.env(),
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        """Start gunicorn and one ``dateline worker``; return once the site answers."""
        logs = self.work / "logs"
        logs.mkdir(exist_ok=True)
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self._spawn(
            [
                gunicorn,
                "dateline.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.gunicorn_workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--error-logfile",
                str(logs / "gunicorn.log"),
                *(["--access-logfile", str(logs / "access.log")] if self.access_log else []),
            ],
            logs / "gunicorn.out",
        )
        self._spawn([sys.executable, "-m", "dateline", "worker"], logs / "worker.log")
        wait_until_up(f"{self.base_url}/robots.txt")

    def _spawn(self, argv: list[str], log: Path) -> None:
        with log.open("ab") as out:
            self.processes.append(
                subprocess.Popen(
                    argv,
                    env=self.env(),
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )

    def stop(self) -> None:
        """End every process this stack started, with its children; never raise."""
        for process in self.processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def wait_until_up(url: str, seconds: float = 60) -> None:
    """Return once ``url`` answers 200; raise ``RuntimeError`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {seconds:.0f} s")
