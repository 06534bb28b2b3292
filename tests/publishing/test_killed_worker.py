"""A bake killed mid-way (SIGKILL) leaves no torn file, and the next run finishes the work.

Runs the real ``dateline`` command in its own SQLite data folder, so that the killed
processes and the resuming one share a database the way production processes do.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.processes import site_environment

DATELINE = str(Path(sys.executable).with_name("dateline"))

MAKE_ARTICLES = """
from datetime import timedelta
from django.utils import timezone
from dateline.articles.models import Article
from dateline.taxonomy.models import Section
world = Section.objects.create(slug="world", name="World")
now = timezone.now()
Article.objects.bulk_create(
    Article(
        headline=f"Killed-worker item {n}", slug=f"item-{n}", body=f"<p>Body {n}</p>",
        status="published", published_at=now - timedelta(minutes=n), sort=1_000_000 + n,
        section=world,
    )
    for n in range(COUNT)
)
"""


PUBLISH_ONE = """
from dateline.articles import lifecycle
from dateline.articles.models import Article
from dateline.taxonomy.models import Section
draft = Article.objects.create(
    id=999, headline="After the resume", slug="after-resume", status="draft",
    section=Section.objects.get(slug="world"),
)
lifecycle.publish(draft)
"""


def _run(env: dict, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(
        [DATELINE, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _whole(path: Path) -> bool:
    """Return whether a baked file is complete: valid JSON or XML, or HTML to its end tag."""
    data = path.read_bytes()
    try:
        if path.suffix == ".json":
            json.loads(data)
        elif path.suffix in {".xml", ".rss", ".atom"}:
            ElementTree.fromstring(data)
        else:
            return data.rstrip().endswith(b"</html>")
    except (ValueError, ElementTree.ParseError):
        return False
    return True


def _final_files(root: Path) -> list[Path]:
    """The baked files, without temporaries and the gzip copies beside them."""
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".gz")
    ]


@pytest.fixture
def workspace(tmp_path):
    env = site_environment(tmp_path)
    migrated = _run(env, "migrate", "--noinput", "--skip-checks")
    assert migrated.returncode == 0, migrated.stderr
    made = _run(env, "shell", "-c", "COUNT = 100\n" + MAKE_ARTICLES)
    assert made.returncode == 0, made.stderr
    return env, tmp_path / "baked", tmp_path / "data" / "dateline.sqlite3"


def _ledger(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        total, dirty, claimed = conn.execute(
            "SELECT COUNT(*), SUM(dirty), SUM(claimed_by != '') FROM publishing_bakedpage"
        ).fetchone()
    return total, dirty or 0, claimed or 0


def test_a_killed_bake_leaves_no_torn_file_and_resumes(workspace):
    env, root, db = workspace
    bake = subprocess.Popen(
        [DATELINE, "bake", "--workers", "2", "--no-progress", "--skip-checks"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and bake.poll() is None:
        if root.is_dir() and len(_final_files(root)) >= 40:
            break
        time.sleep(0.02)
    assert bake.poll() is None, "the bake finished before it could be killed; make it longer"
    os.killpg(bake.pid, signal.SIGKILL)
    bake.wait(timeout=30)

    torn = [p for p in _final_files(root) if not _whole(p)]
    assert torn == []
    total, dirty, claimed = _ledger(db)
    assert dirty > 0 and claimed > 0

    resumed = _run(env, "bake", "--resume", "--workers", "1", "--no-progress", "--skip-checks")
    assert resumed.returncode == 0, resumed.stderr
    assert "freed" in resumed.stdout
    total, dirty, claimed = _ledger(db)
    assert (dirty, claimed) == (0, 0)
    # 100 articles x (page + related list + API document), 2 home and 2 section fronts, the
    # news sitemap, and RSS, Atom and JSON feeds of the site, 2 editions and the section.
    assert len(_final_files(root)) == total == 100 * 3 + 4 + 1 + 4 * 3
    assert [p for p in root.rglob(".dl-*")] == []
    assert all(_whole(p) for p in _final_files(root))
    assert all(p.with_name(p.name + ".gz").is_file() for p in _final_files(root))

    # A publish on the real database rebuilds its pages with DATELINE_BAKE_THREADS (2).
    published = _run(env, "shell", "-c", PUBLISH_ONE)
    assert published.returncode == 0, published.stderr
    assert (root / "en/news/999/after-resume/index.html").exists()
    assert "/en/news/999/after-resume/" in (root / "en/index.html").read_text()
    assert _ledger(db)[1:] == (0, 0)
