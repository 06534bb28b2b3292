"""Interrupted imports: whole batches kept, nothing half-written, ``--resume`` goes on."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from dateline.articles.models import Article
from dateline.importers.models import ImportedItem, ImportRun, Redirect
from dateline.importers.readers.wxr import WxrReader
from dateline.importers.runner import ImportOptions, ImportRunner
from dateline.importers.wxrgen import synthetic_posts, write_wxr
from tests.importers.conftest import REPO
from tests.processes import descendants, kill, wait_gone


class InterruptedReader(WxrReader):
    """A WXR reader whose user presses Ctrl-C after ``stop_after`` items."""

    def __init__(self, *args, stop_after: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stop_after = stop_after

    def items(self):
        for count, item in enumerate(super().items(), 1):
            if count > self.stop_after:
                raise KeyboardInterrupt
            yield item


@pytest.mark.django_db
def test_ctrl_c_keeps_whole_batches_and_resume_finishes(tmp_path):
    source = tmp_path / "export.xml"
    with source.open("wb") as out:
        write_wxr(out, synthetic_posts(250))
    runner = ImportRunner(InterruptedReader(source, stop_after=130), ImportOptions(batch_size=50))
    with pytest.raises(KeyboardInterrupt):
        runner()
    runner.stop()
    # Two batches of 50 committed; the third (items 101-130) left nothing behind.
    assert Article.objects.count() == 100
    assert ImportedItem.objects.count() == 100
    assert Redirect.objects.filter(article__isnull=False).count() == 200
    run = ImportRun.objects.get()
    assert (run.status, run.records_done) == (ImportRun.Status.STOPPED, 100)

    report = ImportRunner(WxrReader(source), ImportOptions(batch_size=50, resume=True))()
    assert report.resumed_after == 100
    assert report.counts["created"] == 250
    assert Article.objects.count() == 250
    assert ImportRun.objects.get().status == ImportRun.Status.DONE


@pytest.mark.django_db
def test_resume_with_nothing_to_resume_starts_over(tmp_path):
    source = tmp_path / "export.xml"
    with source.open("wb") as out:
        write_wxr(out, synthetic_posts(5))
    report = ImportRunner(WxrReader(source), ImportOptions(resume=True))()
    assert (report.resumed_after, report.counts["created"]) == (0, 5)


def _dateline(env, *args, **kwargs):
    command = [sys.executable, "-m", "dateline", *args]
    return subprocess.Popen(command, env=env, cwd=REPO, **kwargs)


def test_kill_9_then_resume(tmp_path):
    """A real ``kill -9`` of ``dateline import`` on SQLite, then ``--resume``."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATELINE_DATA_DIR"] = str(tmp_path / "data")
    assert _dateline(env, "migrate", "-v0", "--skip-checks").wait(timeout=300) == 0
    source = tmp_path / "export.xml"
    with source.open("wb") as out:
        write_wxr(out, synthetic_posts(4000))
    log = (tmp_path / "import.log").open("w")
    process = _dateline(
        env,
        "import",
        str(source),
        "--batch-size",
        "100",
        "--no-progress",
        "--skip-checks",
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    database = tmp_path / "data" / "dateline.sqlite3"
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and process.poll() is None:
        with sqlite3.connect(database, timeout=20) as conn:
            row = conn.execute("SELECT max(records_done) FROM importers_importrun").fetchone()
        done = row[0] or 0
        if done >= 300:
            break
        time.sleep(0.05)
    log.close()
    if process.poll() is not None:
        output = (tmp_path / "import.log").read_text()
        assert process.returncode == 0, output
        pytest.skip("the import finished before it could be killed (machine too fast)")
    children = descendants(process.pid)
    assert children, "the import reads in a child process: it should have one by now"
    process.send_signal(signal.SIGKILL)
    process.wait()
    try:
        # A killed import leaves nothing running: its reading child notices and ends.
        assert wait_gone(children) == set()
    finally:
        kill(children)
    with sqlite3.connect(database) as conn:
        killed_at = conn.execute("SELECT records_done FROM importers_importrun").fetchone()[0]
        stored = conn.execute("SELECT count(*) FROM articles_article").fetchone()[0]
    # The checkpoint names exactly the committed batches: no half-written batch.
    assert killed_at % 100 == 0 and stored == killed_at

    report = tmp_path / "report.json"
    resumed = _dateline(
        env,
        "import",
        str(source),
        "--resume",
        "--no-progress",
        "--skip-checks",
        "--report",
        str(report),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, output
    assert f"resumed after record {killed_at}" in output
    with sqlite3.connect(database) as conn:
        count, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT legacy_key) FROM articles_article"
        ).fetchone()
    assert count == distinct == 4000
