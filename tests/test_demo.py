"""``dateline demo`` as a newcomer runs it: real processes on a free port, then stopped.

The demo must publish a scheduled item on time with nothing else started (its worker runs
beside gunicorn), build its links on the address it was bound to, and leave no process
behind when it is stopped.
"""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]

SCHEDULE = """
import sys
from datetime import timedelta
import django
django.setup()
from django.contrib.auth import get_user_model
from django.utils import timezone
from dateline.articles.models import Article
from dateline.articles.sortkeys import allocate_sort_key
from dateline.desk import workflow

article = Article.objects.create(
    headline="Scheduled in the demo", slug="scheduled-in-the-demo", language="en",
    body="<p>Due in a few seconds.</p>", status=Article.Status.DRAFT, sort=allocate_sort_key(),
)
admin = get_user_model().objects.get(username="admin")
due = timezone.now() + timedelta(seconds=float(sys.argv[1]))
workflow.perform(article, "schedule", admin, at=due)
print(article.get_absolute_url())
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _descendants(pid: int) -> set[int]:
    """Return the ids of every living process below ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _demo_environment(folder: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DATELINE_SITE_URL", "DATELINE_SECRET_KEY", "REDIS_URL")
    }
    return env | {"DATELINE_DATA_DIR": str(folder), "DATELINE_LOG_LEVEL": "WARNING"}


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


def test_the_demo_publishes_on_time_follows_its_bind_and_stops_everything(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = _demo_environment(tmp_path / "data")
    log = (tmp_path / "demo.log").open("w+")
    demo = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dateline",
            "demo",
            "--bind",
            f"127.0.0.1:{port}",
            "--articles",
            "3",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    children: set[int] = set()
    try:

        def serving() -> bool:
            if demo.poll() is not None:
                pytest.fail("the demo ended:\n" + (tmp_path / "demo.log").read_text())
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            except OSError:
                return False
            return True

        _wait_for(serving, 240, "the demo to serve")
        printed = (tmp_path / "demo.log").read_text()
        assert "dateline changepassword admin" in printed
        assert f"Site:              {base}/" in printed
        reference = re.search(r"Reference article: (\S+)", printed).group(1)
        assert reference.startswith(base + "/en/news/")

        scheduled = subprocess.run(
            [sys.executable, "-c", SCHEDULE, "4"],
            env=env | {"DJANGO_SETTINGS_MODULE": "dateline.settings", "DATELINE_DEMO": "1"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        path = scheduled.stdout.strip().splitlines()[-1]
        assert _get(base + path)[0] == 404  # not before its time
        due = time.monotonic() + 4
        _wait_for(lambda: _get(base + path)[0] == 200, 30, f"{path} to go live")
        assert time.monotonic() - due < 15, "released late"

        # Every link the site builds for itself names the address it is served on.
        page = BeautifulSoup(_get(base + path)[1], "html.parser")
        assert page.find("link", rel="canonical")["href"] == base + path
        assert f"Sitemap: {base}/" in _get(base + "/robots.txt")[1].decode()
        assert f"<loc>{base}/" in _get(base + "/sitemap.xml")[1].decode()
        assert f"{base}{path}" in _get(base + "/feeds/en.rss")[1].decode()
        assert _get(reference)[0] == 200

        children = _descendants(demo.pid)
        commands = {
            pid: Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            for pid in children
            if _alive(pid)
        }
        assert any("gunicorn" in c for c in commands.values()), commands
        assert any(" worker" in c for c in commands.values()), commands
    finally:
        demo.send_signal(signal.SIGTERM)
        try:
            status = demo.wait(timeout=30)
        finally:
            if demo.poll() is None:
                demo.kill()
            leftovers = {pid for pid in children if _alive(pid)}
            for pid in leftovers:
                os.kill(pid, signal.SIGKILL)
            log.close()
    assert status == 0
    assert leftovers == set(), f"processes left running after SIGTERM: {leftovers}"


RUN_TOGETHER = """
import sys
from dateline.demo.processes import run_together
print("started", flush=True)
sys.exit(run_together([["sleep", "120"], ["sleep", "121"]]))
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_stops_every_child(signum):
    parent = subprocess.Popen(
        [sys.executable, "-c", RUN_TOGETHER], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout.readline().strip() == "started"
    _wait_for(lambda: len(_descendants(parent.pid)) == 2, 10, "both children")
    children = _descendants(parent.pid)
    parent.send_signal(signum)
    assert parent.wait(timeout=20) == 0
    parent.stdout.close()
    assert not [pid for pid in children if _alive(pid)]


def test_when_one_child_ends_the_others_are_stopped():
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from dateline.demo.processes import run_together; "
            "sys.exit(run_together([['sleep', '120'], ['sh', '-c', 'exit 3']]))",
        ],
        cwd=ROOT,
    )
    assert parent.wait(timeout=30) == 3


def _reader_walk(client, starts: list[str], limit: int = 2000):
    """Yield every page a reader reaches by following <a href> on the site, from ``starts``."""
    from urllib.parse import urldefrag, urljoin, urlsplit

    seen, queue = set(starts), list(starts)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        yield url
        for anchor in BeautifulSoup(response.content, "html.parser").find_all("a", href=True):
            target = urldefrag(urljoin("http://testserver" + url, anchor["href"]))[0]
            parts = urlsplit(target)
            if parts.netloc not in ("testserver", "127.0.0.1:8000") or "/search/" in parts.path:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local not in seen and not local.startswith(("/admin/", "/api/", "/media/")):
                seen.add(local)
                queue.append(local)


@pytest.mark.django_db
def test_a_reader_reaches_the_reference_article_from_the_front_page(client, tmp_path, settings):
    from django.core.management import call_command

    from dateline.articles.models import Article

    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("demo", no_serve=True, articles=20, stdout=io.StringIO())
    reference = Article.objects.get(slug__startswith="libya-rejects-presence")
    pages = set(_reader_walk(client, ["/en/"]))
    assert reference.get_absolute_url() in pages, f"not reached from /en/ in {len(pages)} pages"
