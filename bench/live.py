"""Live blog behind nginx: post-to-visible time and app requests per minute at two audiences.

On 127.0.0.1 only. Sets up a fresh database (a small generated newsroom and one published live
item), starts the site under gunicorn (with an access log) with baking on and a ``dateline
worker``, and the shipped ``deploy/nginx.conf`` in front of it on a free port
(``bench/loadkit/nginx.py``: only the documented lines changed). Then, for each audience size in
``--audiences`` (one phase each, ``--duration`` seconds):

- the audience: each simulated reader opens the baked live page once, then polls the item's
  update resource every ``--poll`` seconds with ``If-None-Match``, as ``live.js`` does; readers
  start at spread-out moments and are served by a bounded pool of threads on keep-alive
  connections (a late poll is counted: the machine not keeping up shows there);
- journalists (``--posters``, taking turns) post one entry every ``--every`` seconds through
  the desk, logged in like a browser, via nginx;
- a watcher polls the update resource through nginx every 0.25 s to time when each entry
  becomes visible.

Prints per phase: p50/p95/max from post to visible at nginx (the watcher) and to seen by
readers (at their next poll), requests that reached the app per minute (gunicorn's access log,
split into desk posts and the rest), reader polls and their 304s, late polls, errors, load.

    .venv/bin/python bench/live.py                                 # 200 then 1000, 5 min each
    .venv/bin/python bench/live.py --audiences 50 --duration 60    # a quick look
"""

from __future__ import annotations

import argparse
import gzip
import heapq
import http.client
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.loadkit import nginx  # noqa: E402
from bench.loadkit.stack import Stack  # noqa: E402

SETUP = """
from django.apps import apps
from django.contrib.auth.models import Group, User
from dateline.articles import lifecycle
from dateline.articles.models import Article
from dateline.desk import roles
roles.create_roles(apps)
for n in range({posters}):
    user = User.objects.create_user(f"poster{{n}}", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.CONTRIBUTOR))
item = Article.objects.create(headline="Bench storm: live", slug="bench-storm", language="en",
                              article_type_id=27, body="<p>Live coverage.</p>")
lifecycle.publish(item)
print(item.get_absolute_url())
print(item.pk)
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--audiences", default="200,1000", help="Simulated readers per phase (200,1000)."
    )
    parser.add_argument("--duration", type=float, default=300, help="Seconds per phase (300).")
    parser.add_argument("--every", type=float, default=5.0, help="Seconds between entries (5).")
    parser.add_argument("--posters", type=int, default=2, help="Journalists taking turns (2).")
    parser.add_argument("--poll", type=float, default=10.0, help="Seconds between polls (10).")
    parser.add_argument("--threads", type=int, default=16, help="Threads serving readers (16).")
    parser.add_argument("--articles", type=int, default=200, help="Generated articles (200).")
    parser.add_argument("--database-url", default=None, help="PostgreSQL; SQLite without it.")
    parser.add_argument("--work", default="/tmp/dateline-live-bench", help="Data folder, logs.")
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    return parser.parse_args()


class Poster:
    """A journalist logged in to the desk (through nginx, like a browser)."""

    def __init__(self, base: str, name: str, item: int) -> None:
        self.base, self.name, self.item = base, name, item
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.count = 0

    def login(self) -> None:
        page = self.opener.open(f"{self.base}/admin/login/", timeout=20).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {
            "username": self.name,
            "password": "pw",
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
        self.opener.open(
            f"{self.base}/admin/login/", urllib.parse.urlencode(data).encode(), timeout=20
        ).read()

    def post(self) -> int:
        """Post one entry; return its id."""
        self.count += 1
        url = f"{self.base}/admin/live/coverage/{self.item}/desk/"
        csrf = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"body": f"<p>{self.name} entry {self.count}: the wind rose again.</p>"}
        ).encode()
        request = urllib.request.Request(
            url, data, headers={"Accept": "application/json", "X-CSRFToken": csrf, "Referer": url}
        )
        with self.opener.open(request, timeout=30) as response:
            return json.loads(response.read())["id"]


class Newsroom(threading.Thread):
    """The journalists, taking turns: one entry every ``every`` seconds until ``until``."""

    def __init__(self, posters: list[Poster], every: float, until: float) -> None:
        super().__init__(daemon=True)
        self.posters, self.every, self.until = posters, every, until
        self.posted: dict[int, float] = {}
        self.errors: list[str] = []

    def run(self) -> None:
        turn = 0
        next_at = time.monotonic()
        while next_at < self.until:
            time.sleep(max(0.0, next_at - time.monotonic()))
            poster = self.posters[turn % len(self.posters)]
            started = time.monotonic()
            try:
                self.posted[poster.post()] = started
            except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
                self.errors.append(f"{poster.name}: {exc}")
            turn += 1
            next_at += self.every


class Audience:
    """``size`` readers polling ``path`` every ``poll`` seconds, served by ``threads`` threads.

    Each reader is a due time, an ETag and the entries it has seen; a thread takes the reader
    due first, polls for it on the thread's keep-alive connection and puts it back.
    """

    def __init__(self, port: int, page: str, path: str, size: int, poll: float) -> None:
        self.port, self.page, self.path, self.poll = port, page, path, poll
        start = time.monotonic()
        # (due, reader); readers start spread over one poll interval, as pages open at random.
        self.queue = [(start + poll * n / max(1, size), n) for n in range(size)]
        heapq.heapify(self.queue)
        self.etags: dict[int, str] = {}
        self.opened: set[int] = set()
        self.seen: list[dict[int, float]] = [{} for _ in range(size)]
        self.lock = threading.Lock()
        self.ok = self.not_modified = self.pages = self.late = 0
        self.worst_lateness = 0.0
        self.errors: list[str] = []

    def run(self, threads: int, until: float) -> None:
        workers = [
            threading.Thread(target=self._serve, args=(until,), daemon=True) for _ in range(threads)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def _serve(self, until: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while True:
            with self.lock:
                due, reader = heapq.heappop(self.queue)
            if due >= until:
                return
            time.sleep(max(0.0, due - time.monotonic()))
            lateness = time.monotonic() - due
            try:
                self._visit(connection, reader)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                with self.lock:
                    self.errors.append(f"reader {reader}: {exc!r}")
            with self.lock:
                if lateness > 1.0:
                    self.late += 1
                self.worst_lateness = max(self.worst_lateness, lateness)
                heapq.heappush(self.queue, (due + self.poll, reader))

    def _get(self, connection, path: str, headers: dict) -> tuple[int, bytes, str | None]:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("ETag")

    def _visit(self, connection, reader: int) -> None:
        if reader not in self.opened:
            status, _body, _etag = self._get(connection, self.page, {})
            if status != 200:
                raise ValueError(f"page answered {status}")
            self.opened.add(reader)
            with self.lock:
                self.pages += 1
        headers = {"Accept-Encoding": "gzip"}
        if reader in self.etags:
            headers["If-None-Match"] = self.etags[reader]
        status, body, etag = self._get(connection, self.path, headers)
        now = time.monotonic()
        if status == 304:
            with self.lock:
                self.not_modified += 1
            return
        if status != 200:
            raise ValueError(f"update resource answered {status}")
        if etag:
            self.etags[reader] = etag
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        seen = self.seen[reader]
        for entry in json.loads(body)["entries"]:
            seen.setdefault(entry["id"], now)
        with self.lock:
            self.ok += 1


class Watcher(threading.Thread):
    """Polls the update resource through nginx every 0.25 s: when each entry became visible."""

    def __init__(self, url: str, until: float) -> None:
        super().__init__(daemon=True)
        self.url, self.until = url, until
        self.seen: dict[int, float] = {}
        self.errors: list[str] = []

    def run(self) -> None:
        while time.monotonic() < self.until:
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    now = time.monotonic()
                    for entry in json.loads(response.read())["entries"]:
                        self.seen.setdefault(entry["id"], now)
            except (urllib.error.URLError, OSError, ValueError) as exc:
                self.errors.append(str(exc))
            time.sleep(0.25)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def spread(values: list[float]) -> str:
    if not values:
        return "none"
    return (
        f"p50 {statistics.median(values):.2f}s  p95 {percentile(values, 0.95):.2f}s  "
        f"max {max(values):.2f}s"
    )


def app_requests(log: Path, since_line: int) -> tuple[int, list[str]]:
    """Return the number of lines of gunicorn's access log and the lines after ``since_line``."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return len(lines), lines[since_line:]


def run_phase(args, stack: Stack, port: int, page: str, item: int, size: int, posters) -> None:
    base = f"http://127.0.0.1:{port}"
    resource = f"/en/live/{item}/entries.json"
    log = stack.work / "logs" / "access.log"
    load_before = os.getloadavg()
    cpu_before = os.times()
    mark, _ = app_requests(log, 0)
    started = time.monotonic()
    until = started + args.duration
    newsroom = Newsroom(posters, args.every, until)
    watcher = Watcher(base + resource, until + 10)
    audience = Audience(port, page, resource, size, args.poll)
    newsroom.start()
    watcher.start()
    audience.run(args.threads, until)
    newsroom.join()
    watcher.join()
    # Rates over the posting time: the watcher's last seconds add no request to the app.
    minutes = args.duration / 60
    # Read the log once the watcher's extra seconds are over: nothing of ours runs then.
    _, reached = app_requests(log, mark)
    cpu_after = os.times()
    posts = [line for line in reached if '"POST /admin/live/' in line]
    polls_at_app = [line for line in reached if "/entries.json" in line]
    visible = [watcher.seen[i] - t for i, t in newsroom.posted.items() if i in watcher.seen]
    missing = [i for i in newsroom.posted if i not in watcher.seen]
    seen_by_readers = [
        seen[i] - t for seen in audience.seen for i, t in newsroom.posted.items() if i in seen
    ]
    polls = audience.ok + audience.not_modified
    errors = [*newsroom.errors, *watcher.errors, *audience.errors]
    bad = [line for line in reached if re.search(r'" (5\d\d|4\d\d) ', line)]
    print(f"\n== audience {size} readers, poll every {args.poll:.0f}s, {args.duration:.0f}s ==")
    print(f"entries posted {len(newsroom.posted)}, visible {len(visible)}, never {len(missing)}")
    print(f"post to visible at nginx (watcher, 0.25 s polls): {spread(visible)}")
    print(f"post to seen by readers (at their next poll): {spread(seen_by_readers)}")
    print(
        f"requests that reached the app: {len(reached)} in {minutes:.1f} min = "
        f"{len(reached) / minutes:.1f}/min (desk posts {len(posts) / minutes:.1f}/min, update "
        f"resource {len(polls_at_app)}, other {len(reached) - len(posts) - len(polls_at_app)}); "
        f"4xx/5xx at the app {len(bad)}"
    )
    print(
        f"reader requests via nginx: {audience.pages} page opens, {polls} polls "
        f"({polls / minutes / 60:.1f}/s), 304s {audience.not_modified} "
        f"({audience.not_modified / polls if polls else 0:.1%}); late polls (>1 s) "
        f"{audience.late}, worst {audience.worst_lateness:.2f}s"
    )
    driver_cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    print(f"bench driver CPU {driver_cpu:.1f}s over {minutes * 60:.0f}s")
    print(f"errors {len(errors)}{': ' + '; '.join(errors[:5]) if errors else ''}")
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")


def main() -> None:
    args = parse_args()
    audiences = [int(n) for n in args.audiences.split(",") if n.strip()]
    stack = Stack(
        work=Path(args.work),
        database_url=args.database_url,
        port=nginx.free_port(),
        gunicorn_workers=args.gunicorn_workers,
        extra_env={
            "DATELINE_BAKE": "1",
            "DATELINE_BAKE_IN_BACKGROUND": "1",
            "DATELINE_BAKE_TAIL_IN_BACKGROUND": "1",
            "DATELINE_INSECURE_DEV_KEY": "1",
            "DATELINE_HTTPS": "0",
            "DATELINE_LOG_LEVEL": "ERROR",
        },
        access_log=True,
    )
    print(f"uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    proxy = None
    try:
        stack.create(args.articles)
        out = stack.work / "setup.out"
        with out.open("w") as handle:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "dateline",
                    "shell",
                    "-c",
                    SETUP.format(posters=args.posters),
                ],
                env=stack.env(),
                cwd=ROOT,
                check=True,
                stdout=handle,
            )
        page, item = out.read_text().split()[-2:]
        stack.start()
        data = stack.work / "data"
        folder = stack.work / "nginx"
        folder.mkdir()
        proxy, port = nginx.start(folder, stack.port, data / "baked", data)
        base = f"http://127.0.0.1:{port}"
        # The first reads bake the page and the update resource; from then on nginx answers.
        for path in (page, f"/en/live/{item}/entries.json"):
            for _ in range(2):
                urllib.request.urlopen(base + path, timeout=30).read()
        posters = [Poster(base, f"poster{n}", int(item)) for n in range(args.posters)]
        for poster in posters:
            poster.login()
        print(
            f"{args.posters} journalists taking turns, one entry every {args.every:.0f}s; "
            f"{args.gunicorn_workers} gunicorn workers + 1 dateline worker; "
            f"{'PostgreSQL' if args.database_url else 'SQLite'}; nginx on 127.0.0.1:{port}"
        )
        for size in audiences:
            run_phase(args, stack, port, page, int(item), size, posters)
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=10)
        stack.stop()


if __name__ == "__main__":
    main()
