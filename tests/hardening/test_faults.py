"""Faults in background work and on the disk: killed workers, killed bakes, a full disk.

Every scenario runs the real ``dateline`` command in subprocesses that share one database
with the test: a fresh migrated SQLite file, or, when ``DATABASE_URL`` names PostgreSQL, the
test database itself (with committed rows, through ``transactional_db``). Processes are
killed with SIGKILL; full disks are real small tmpfs mounts (skipped where mounting is not
allowed: ``RLIMIT_FSIZE`` cannot stand in, since it would cap the SQLite file as well as the
files meant to fail). ``bench/faults.py`` runs the same scenarios larger and repeatedly.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from dateline.importers.wxrgen import synthetic_posts, write_wxr
from tests.processes import site_environment
from tests.publishing.test_killed_worker import _final_files as served_files
from tests.publishing.test_killed_worker import _whole as whole

# The subprocesses see the test's rows on PostgreSQL only if they are committed; the rows of
# data migrations (article types, roles) are restored after each test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATELINE = str(Path(sys.executable).with_name("dateline"))

MAKE_ARTICLES = """
from datetime import timedelta
from django.utils import timezone
from dateline.articles.models import Article
from dateline.syndication.models import WebhookEndpoint
from dateline.taxonomy.models import Section
world = Section.objects.get_or_create(slug="world", defaults={"name": "World"})[0]
now = timezone.now()
Article.objects.bulk_create(
    Article(
        headline=f"Item {n}", slug=f"item-{n}", body=f"<p>Body of item {n}.</p>", section=world,
        status=STATUS, scheduled_at=now - timedelta(seconds=COUNT - n),
        published_at=now - timedelta(minutes=n) if STATUS == "published" else None,
        sort=1_000_000 + n if STATUS == "published" else None,
    )
    for n in range(FIRST, FIRST + COUNT)
)
# A partner that is down: each publish records one delivery, which then fails to go out.
WebhookEndpoint.objects.create(name="partner", url="http://127.0.0.1:9/hook", secret="s")
"""


@dataclass
class Site:
    """One Dateline installation the test drives through the ``dateline`` command."""

    env: dict[str, str]
    baked: Path
    children: list[subprocess.Popen] = field(default_factory=list)

    def run(self, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
        """Run ``dateline ARGS`` to its end and return what it printed."""
        return subprocess.run(
            [DATELINE, *args],
            env=self.env | env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def start(self, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
        """Start ``dateline ARGS`` in its own process group, to be killed as a whole."""
        process = subprocess.Popen(
            [*prefix, DATELINE, *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.children.append(process)
        return process

    def shell(self, code: str, **env: str) -> None:
        done = self.run("shell", "-c", code, **env)
        assert done.returncode == 0, done.stderr

    def query(self, sql: str) -> list[tuple]:
        """Return the rows of ``sql`` read from the site's database."""
        if "DATABASE_URL" in self.env:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        database = Path(self.env["DATELINE_DATA_DIR"]) / "dateline.sqlite3"
        with sqlite3.connect(database, timeout=20) as conn:
            return conn.execute(sql).fetchall()

    def scalar(self, sql: str) -> int:
        return self.query(sql)[0][0] or 0


def make_articles(site: Site, count: int, status: str, first: int = 0) -> None:
    """Store ``count`` items (``item-<first>`` on) in the status given (scheduled: due now)."""
    site.shell(f"COUNT = {count}\nSTATUS = {status!r}\nFIRST = {first}\n" + MAKE_ARTICLES)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the process and every process it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def wait_for(condition: Callable[[], bool], process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, "the process ended before the fault could be injected"
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.02)


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def new_site(folder: Path, database_url: str | None = None) -> Site:
    """Return a site with its data and baked folders under ``folder``: on a fresh migrated
    SQLite file, or on the (already migrated) PostgreSQL database ``database_url``."""
    env = site_environment(folder)
    if database_url:
        return Site(env | {"DATABASE_URL": database_url}, folder / "baked")
    made = Site(env, folder / "baked")
    migrated = made.run("migrate", "--noinput", "--skip-checks", timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    return made


@pytest.fixture
def site(tmp_path) -> Site:
    """A site baking to ``tmp_path/baked`` whose database the test shares."""
    database_url = None
    if url := _postgres_url():
        from django.db import connection

        database_url = urlunsplit(
            urlsplit(url)._replace(path="/" + connection.settings_dict["NAME"])
        )
    made = new_site(tmp_path, database_url)
    yield made
    for child in made.children:
        if child.poll() is None:
            kill(child)


def temporaries(root: Path) -> list[Path]:
    """Return the temporaries of unfinished writes (hidden from the web server)."""
    return [p for p in root.rglob(".dl-*") if p.is_file()]


# --- A worker killed in the middle of a publish ---------------------------------------------

PUBLISHED = "SELECT COUNT(*) FROM articles_article WHERE status = 'published'"
LEDGER = "SELECT COUNT(*) FROM publishing_bakedpage"


def publish_state(site: Site) -> dict:
    """Return, per article, its status and sort key and how often each publish effect ran."""
    rows = site.query(
        "SELECT a.id, a.slug, a.status, a.sort, "
        " (SELECT COUNT(*) FROM desk_transition t WHERE t.article_id = a.id"
        "  AND t.action = 'publish'),"
        " (SELECT COUNT(*) FROM syndication_webhookdelivery d WHERE d.article_id = a.id"
        "  AND d.event = 'published'),"
        " (SELECT COUNT(*) FROM search_searchentry s WHERE s.article_id = a.id) "
        "FROM articles_article a ORDER BY a.id"
    )
    keys = ("slug", "status", "sort", "audits", "events", "indexed")
    return {row[0]: dict(zip(keys, row[1:], strict=True)) for row in rows}


def test_a_worker_killed_mid_publish_publishes_every_item_once(site):
    count = 12
    make_articles(site, count, "scheduled")
    worker = site.start("worker", "--interval", "0.2", "--skip-checks")
    wait_for(lambda: site.scalar(PUBLISHED) >= 3, worker, 60)
    kill(worker)

    middle = publish_state(site)
    published = [a for a in middle.values() if a["status"] == "published"]
    assert 3 <= len(published) < count, "the kill did not land in the middle of the run"
    # The database is never half-published: status, sort key and audit entry commit together.
    for article in middle.values():
        is_published = article["status"] == "published"
        assert article["audits"] == (1 if is_published else 0), article
        assert (article["sort"] is not None) == is_published, article

    # A new worker alone finishes the work: no `dateline bake --resume` is needed.
    again = site.run("worker", "--once", "--skip-checks", timeout=120)
    assert again.returncode == 0, again.stderr

    final = publish_state(site)
    assert {a["status"] for a in final.values()} == {"published"}
    assert len({a["sort"] for a in final.values()}) == count
    for pk, article in final.items():
        assert (article["audits"], article["events"], article["indexed"]) == (1, 1, 1), article
        page = site.baked / f"en/news/{pk}/{article['slug']}/index.html"
        assert page.is_file() and whole(page), page
    assert site.scalar("SELECT COUNT(*) FROM publishing_bakedpage WHERE dirty") == 0
    assert site.scalar("SELECT COUNT(*) FROM desk_unfinishedrelease") == 0
    assert temporaries(site.baked) == []
    assert all(whole(p) for p in served_files(site.baked))


def test_a_stopped_release_is_finished_once_whatever_its_worker_had_done():
    """The same recovery, in process and deterministic: the stopped worker had recorded the
    webhook delivery but not indexed the item."""
    from dateline.desk.announcements import finish_interrupted
    from dateline.desk.models import UnfinishedRelease
    from dateline.search.models import SearchEntry
    from dateline.site.processes import new_worker_id
    from dateline.syndication.models import WebhookDelivery, WebhookEndpoint
    from dateline.syndication.webhooks import record_deliveries
    from tests.factories import make_article

    WebhookEndpoint.objects.create(name="partner", url="http://127.0.0.1:9/hook", secret="s")
    article = make_article()
    # Above Linux's largest pid (2**22), so no process of this host has it.
    row = UnfinishedRelease.objects.create(
        article=article, owner=f"{socket.gethostname()}:4194305:x"
    )
    record_deliveries("published", article, event_id=row.pk)

    assert finish_interrupted() == [article.pk]
    assert WebhookDelivery.objects.filter(article_id=article.pk, event="published").count() == 1
    assert SearchEntry.objects.filter(article=article).exists()
    assert not UnfinishedRelease.objects.exists()
    # A release whose worker still runs (this process) is left to it.
    UnfinishedRelease.objects.create(article=article, owner=new_worker_id())
    assert finish_interrupted() == []


TASKS = "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
REBUILD_TASKS = "FROM django_tasks_database_dbtaskresult WHERE task_path LIKE '%events.run_steps'"


def rebuilds(site: Site) -> tuple[int, int]:
    """Return how many page rebuild tasks have succeeded and how many are running."""
    done, running = site.query(
        "SELECT SUM(CASE WHEN status = 'SUCCESSFUL' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status = 'RUNNING' THEN 1 ELSE 0 END) " + REBUILD_TASKS
    )[0]
    return done or 0, running or 0


def midway(site: Site) -> bool:
    """Return whether a rebuild runs now, after at least two have succeeded."""
    done, running = rebuilds(site)
    return done >= 2 and running == 1


def test_a_worker_killed_mid_task_has_its_task_run_again_by_the_next(site):
    count = 10
    site.env["DATELINE_BAKE_IN_BACKGROUND"] = "1"
    make_articles(site, count, "scheduled")
    worker = site.start("worker", "--interval", "0.2", "--skip-checks")
    wait_for(lambda: midway(site), worker, 60)
    kill(worker)
    assert site.scalar(TASKS + " WHERE status = 'RUNNING'") == 1  # cut off, left behind

    again = site.run("worker", "--once", "--skip-checks", timeout=120)
    assert again.returncode == 0, again.stderr
    assert site.scalar(TASKS + " WHERE status = 'RUNNING'") == 0
    assert rebuilds(site) == (count, 0)
    assert site.scalar(LEDGER + " WHERE dirty OR claimed_by != ''") == 0
    for pk, article in publish_state(site).items():
        page = site.baked / f"en/news/{pk}/{article['slug']}/index.html"
        assert page.is_file() and whole(page), page


# --- A bake killed in the middle -------------------------------------------------------------


def slow_renames(seconds: float) -> tuple[str, ...]:
    """Return a command prefix that holds every rename for ``seconds`` (strace fault
    injection), so that a kill lands while finished temporaries wait to replace their pages."""
    strace = shutil.which("strace")
    if strace is None:
        return ()
    probe = subprocess.run([strace, "-o", "/dev/null", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        return ()  # ptrace is not allowed here: kill at a random point instead
    calls = "rename,renameat,renameat2"
    delay = int(seconds * 1_000_000)
    return (
        strace,
        "-f",
        "-qqq",
        "-o",
        "/dev/null",
        "-e",
        f"trace={calls}",
        "-e",
        f"inject={calls}:delay_enter={delay}",
    )


def test_a_bake_killed_midway_leaves_whole_files_and_the_next_bake_finishes(site):
    make_articles(site, 16, "published")
    prefix = slow_renames(0.25)
    bake = site.start("bake", "--workers", "2", "--no-progress", "--skip-checks", prefix=prefix)
    wait_for(
        lambda: len(served_files(site.baked)) >= 8 and (not prefix or temporaries(site.baked)),
        bake,
        60,
    )
    kill(bake)

    left_behind = temporaries(site.baked)
    if prefix:
        assert left_behind, "the kill did not land between a write and its rename"
    assert [p for p in served_files(site.baked) if not whole(p)] == []
    assert site.scalar(LEDGER + " WHERE dirty") > 0

    resumed = site.run("bake", "--resume", "--workers", "1", "--no-progress", "--skip-checks")
    assert resumed.returncode == 0, resumed.stderr
    if left_behind:
        assert f"removed {len(left_behind)} unfinished temporary files" in resumed.stdout
    assert temporaries(site.baked) == []
    assert site.scalar(LEDGER + " WHERE dirty OR claimed_by != ''") == 0
    files = served_files(site.baked)
    assert len(files) == site.scalar(LEDGER + " WHERE file != ''") == site.scalar(LEDGER)
    assert all(whole(p) for p in files)
    for n in range(16):
        assert any(p.match(f"en/news/*/item-{n}/index.html") for p in files), n


def test_unfinished_temporaries_are_never_served_in_embedded_mode(client, settings, tmp_path):
    """nginx refuses dot-files (``deploy/nginx.conf``); the app serving the folder must too."""
    from dateline.publishing.targets import TEMP_PREFIX, TEMP_SUFFIX

    settings.DATELINE_BAKE = True
    settings.DATELINE_PUBLISH_ROOT = str(tmp_path)
    (tmp_path / "en").mkdir()
    (tmp_path / "en/page.html").write_text("<!doctype html><html>whole</html>")
    temporary = f"{TEMP_PREFIX}k3j2h1{TEMP_SUFFIX}"
    (tmp_path / "en" / temporary).write_text("<!doctype html><html>half")
    assert client.get("/en/page.html").content == b"<!doctype html><html>whole</html>"
    for path in (f"/en/{temporary}", f"/en/%2E{temporary[1:]}", "/en/.hidden/page.html"):
        response = client.get(path)
        assert b"half" not in response.content and response.status_code == 404, path


# --- The disk fills up during an import and during a bake -------------------------------------


@contextmanager
def small_disk(folder: Path, size_kib: int) -> Iterator[Path]:
    """Mount a tmpfs of ``size_kib`` at ``folder`` (skip where mounting is not allowed)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=False)


def fill(disk: Path, leave_kib: int) -> Path:
    """Fill ``disk`` with one file until ``leave_kib`` KiB are left; return the file."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    filler.write_bytes(b"\0" * max(0, free - leave_kib * 1024))
    return filler


PHOTO = 16 * 1024


def export_with_photos(folder: Path, count: int) -> tuple[Path, Path]:
    """Write a WXR export of ``count`` posts, each with a 16 KiB featured photo."""
    uploads = folder / "uploads"
    (uploads / "2016/01").mkdir(parents=True)
    items = []
    for post in synthetic_posts(count, first_id=1):
        photo = f"2016/01/photo-{post['id']}.jpg"
        (uploads / photo).write_bytes(b"\xff\xd8\xff" + bytes([post["id"] % 256]) * (PHOTO - 3))
        items.append(post | {"meta": {"_thumbnail_id": 10_000 + post["id"]}})
        items.append(
            {
                "id": 10_000 + post["id"],
                "type": "attachment",
                "title": f"Photo {post['id']}",
                "parent": post["id"],
                "status": "inherit",
                "attachment_url": f"https://news.example.com/wp-content/uploads/{photo}",
                "meta": {"_wp_attached_file": photo},
            }
        )
    source = folder / "export.xml"
    with source.open("wb") as out:
        write_wxr(out, items)
    return source, uploads


def stored_photos(site: Site, media: Path) -> dict[int, Path]:
    """Return the lead photo file of every imported article, by article id."""
    rows = site.query(
        "SELECT a.id, m.file FROM articles_article a "
        "JOIN media_mediaasset m ON m.id = a.lead_media_id"
    )
    return {pk: media / name for pk, name in rows}


def test_a_full_disk_stops_an_import_cleanly_and_resume_finishes_it(site, tmp_path):
    count, batch = 40, 5
    source, uploads = export_with_photos(tmp_path, count)
    media = Path(site.env["DATELINE_DATA_DIR"]) / "media"
    command = ["import", str(source), "--media-root", str(uploads), "--no-progress"]
    command += ["--batch-size", str(batch), "--no-parallel", "--skip-checks"]
    with small_disk(media, 1024) as disk:
        filler = fill(disk, leave_kib=300)
        stopped = site.run(*command)
        assert stopped.returncode != 0
        assert "Traceback" not in stopped.stderr
        assert "No space left on device" in stopped.stderr
        assert "--resume" in stopped.stderr, stopped.stderr

        # Whole batches only: each stored article has its photo, whole, and nothing else.
        articles = site.scalar("SELECT COUNT(*) FROM articles_article")
        assert 0 < articles < count and articles % batch == 0
        stop = (
            f"stopped after record {articles} of {source}: cannot store media file '2016/01/photo-"
        )
        assert stop in stopped.stderr
        photos = stored_photos(site, disk)
        assert len(photos) == articles
        assert all(path.stat().st_size == PHOTO for path in photos.values())
        assert [p for p in disk.rglob("*.jpg") if p.stat().st_size != PHOTO] == []

        filler.unlink()
        resumed = site.run(*command, "--resume")
        assert resumed.returncode == 0, resumed.stderr
        assert f"resumed after record {articles}" in resumed.stdout
        photos = stored_photos(site, disk)
        assert len(photos) == site.scalar("SELECT COUNT(*) FROM articles_article") == count
        for pk, path in photos.items():
            assert path.read_bytes() == (uploads / f"2016/01/photo-{pk}.jpg").read_bytes()


def test_a_full_database_disk_stops_an_import_cleanly_and_resume_finishes_it(site, tmp_path):
    if "DATABASE_URL" in site.env:
        pytest.skip("PostgreSQL's disk is the server's; the SQLite run fills the data folder")
    count, batch = 300, 50
    source = tmp_path / "export.xml"
    with source.open("wb") as out:
        write_wxr(out, synthetic_posts(count, body_chars=2000))
    command = ["import", str(source), "--batch-size", str(batch), "--no-progress"]
    command += ["--no-parallel", "--skip-checks"]
    data = Path(site.env["DATELINE_DATA_DIR"])
    # Room for the resumed import's follow-ups too (search index, related lists: their WAL
    # reaches SQLite's 4 MB checkpoint mark), once the filler is gone.
    with small_disk(tmp_path / "db-disk", 12288) as disk:
        shutil.copy(data / "dateline.sqlite3", disk)
        site.env["DATELINE_DATA_DIR"] = str(disk)
        filler = fill(disk, leave_kib=1000)
        stopped = site.run(*command)
        assert stopped.returncode != 0
        assert "Traceback" not in stopped.stderr
        assert site.query("PRAGMA integrity_check") == [("ok",)]
        articles = site.scalar("SELECT COUNT(*) FROM articles_article")
        done = site.scalar("SELECT records_done FROM importers_importrun")
        assert 0 < articles == done < count and articles % batch == 0
        message = stopped.stderr
        assert f"stopped after record {articles} of {source}: database or disk is full" in message
        assert f"{disk}/dateline.sqlite3" in message and "--resume" in message

        filler.unlink()
        resumed = site.run(*command, "--resume")
        assert resumed.returncode == 0, resumed.stderr
        assert f"resumed after record {articles}" in resumed.stdout
        assert site.scalar("SELECT COUNT(*) FROM articles_article") == count
        assert site.query("PRAGMA integrity_check") == [("ok",)]


RETITLE = """
from django.db.models import F, Value
from django.db.models.functions import Concat
from dateline.articles.models import Article
Article.objects.update(headline=Concat(F("headline"), Value(" (updated)")))
"""


def test_a_full_disk_stops_a_bake_cleanly_and_keeps_the_earlier_pages(site):
    make_articles(site, 8, "published")
    bake = ["bake", "--workers", "1", "--no-progress", "--skip-checks"]
    with small_disk(site.baked, 8192) as disk:
        first = site.run(*bake)
        assert first.returncode == 0, first.stderr
        earlier = {p: p.read_bytes() for p in served_files(disk)}

        site.shell(RETITLE)
        make_articles(site, 20, "published", first=100)  # new pages take new room
        filler = fill(disk, leave_kib=150)
        stopped = site.run(*bake)
        assert stopped.returncode != 0
        assert "Traceback" not in stopped.stderr
        assert "Disk full while writing '" in stopped.stderr and f"under {disk}" in stopped.stderr
        assert "dateline bake --resume" in stopped.stderr

        # Every page is the earlier one or a new one, whole; nothing half-written is left.
        pages = [p for p in served_files(disk) if p != filler]
        assert set(earlier) < set(pages)
        rebuilt = [p for p in earlier if p.read_bytes() != earlier[p]]
        assert rebuilt
        assert all(whole(p) for p in pages)
        assert temporaries(disk) == []
        assert site.scalar(LEDGER + " WHERE dirty") > 0

        filler.unlink()
        resumed = site.run("bake", "--resume", "--workers", "1", "--no-progress", "--skip-checks")
        assert resumed.returncode == 0, resumed.stderr
        assert site.scalar(LEDGER + " WHERE dirty OR claimed_by != ''") == 0
        assert all(whole(p) for p in served_files(disk))
        for n in range(8):
            (page,) = disk.glob(f"en/news/*/item-{n}/index.html")
            assert f"Item {n} (updated)" in page.read_text()
        assert len(list(disk.glob("en/news/*/item-1??/index.html"))) == 20
