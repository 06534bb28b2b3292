"""Live blog: post-to-visible time and the share of 304s while journalists post concurrently.

On 127.0.0.1 only. Sets up a fresh database (a small generated newsroom and one published live
item), starts the site under gunicorn with baking on and a ``dateline worker``, then for
``--duration`` seconds ``--posters`` journalists post entries through the desk endpoint (each
every ``--every`` seconds, logged in like a browser), ``--readers`` readers poll the item's
update resource every ``--poll`` seconds with ``If-None-Match``, and one watcher polls it every
0.25 s to time when each entry becomes visible. The update resource is the baked file, served
without a view (embedded mode; nginx serves the same file in production).

Prints p50/p95/max from post to visible (the watcher; a reader sees it at its next poll),
the share of reader polls answered 304, errors, and the machine's load.

    .venv/bin/python bench/live.py                       # 30 s, 4 posters, 50 readers, SQLite
    .venv/bin/python bench/live.py --duration 60 --posters 6
"""

from __future__ import annotations

import argparse
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
print(item.pk)
"""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30, help="Seconds of posting (30).")
    parser.add_argument("--posters", type=int, default=4, help="Journalists posting (4).")
    parser.add_argument(
        "--every", type=float, default=2.0, help="Seconds between a poster's posts."
    )
    parser.add_argument("--readers", type=int, default=50, help="Polling readers (50).")
    parser.add_argument("--poll", type=float, default=2.0, help="Seconds between a reader's polls.")
    parser.add_argument("--articles", type=int, default=200, help="Generated articles (200).")
    parser.add_argument("--database-url", default=None, help="PostgreSQL; SQLite without it.")
    parser.add_argument("--work", default="/tmp/dateline-live-bench", help="Data folder, logs.")
    parser.add_argument("--port", type=int, default=8793)
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    return parser.parse_args()


class Poster(threading.Thread):
    """A journalist: logs in to the desk, then posts an entry every ``every`` seconds."""

    def __init__(self, base: str, name: str, item: int, every: float, until: float) -> None:
        super().__init__(daemon=True)
        self.base, self.name, self.item, self.every, self.until = base, name, item, every, until
        self.posted: dict[int, float] = {}
        self.errors: list[str] = []
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self) -> None:
        page = self.opener.open(f"{self.base}/admin/login/", timeout=20).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "username": self.name,
                "password": "pw",
                "csrfmiddlewaretoken": token,
                "next": "/admin/",
            }
        ).encode()
        self.opener.open(f"{self.base}/admin/login/", data, timeout=20).read()

    def run(self) -> None:
        url = f"{self.base}/admin/live/coverage/{self.item}/desk/"
        n = 0
        while time.monotonic() < self.until:
            n += 1
            data = urllib.parse.urlencode(
                {"body": f"<p>{self.name} entry {n}.</p>", "byline": self.name}
            ).encode()
            request = urllib.request.Request(
                url,
                data,
                headers={"Accept": "application/json", "X-CSRFToken": self._csrf(), "Referer": url},
            )
            started = time.monotonic()
            try:
                with self.opener.open(request, timeout=30) as response:
                    self.posted[json.loads(response.read())["id"]] = started
            except (urllib.error.URLError, OSError, ValueError, KeyError) as exc:
                self.errors.append(f"{self.name}: {exc}")
            time.sleep(max(0.0, self.every - (time.monotonic() - started)))


class Reader(threading.Thread):
    """A reader's open page: polls the update resource, revalidating with its ETag."""

    def __init__(self, url: str, every: float, until: float, watch: bool = False) -> None:
        super().__init__(daemon=True)
        self.url, self.every, self.until, self.watch = url, every, until, watch
        self.ok = self.not_modified = 0
        self.errors: list[str] = []
        self.seen: dict[int, float] = {}

    def run(self) -> None:
        etag = None
        while time.monotonic() < self.until:
            started = time.monotonic()
            headers = {"If-None-Match": etag} if etag else {}
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(self.url, headers=headers), timeout=10
                ) as response:
                    body = response.read()
                    etag = response.headers.get("ETag")
                    self.ok += 1
                    if self.watch:
                        now = time.monotonic()
                        for entry in json.loads(body)["entries"]:
                            self.seen.setdefault(entry["id"], now)
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    self.not_modified += 1
                else:
                    self.errors.append(f"HTTP {exc.code}")
            except (urllib.error.URLError, OSError, ValueError) as exc:
                self.errors.append(str(exc))
            time.sleep(max(0.0, self.every - (time.monotonic() - started)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    args = parse_args()
    stack = Stack(
        work=Path(args.work),
        database_url=args.database_url,
        port=args.port,
        gunicorn_workers=args.gunicorn_workers,
        extra_env={
            "DATELINE_BAKE": "1",
            "DATELINE_BAKE_IN_BACKGROUND": "1",
            "DATELINE_BAKE_TAIL_IN_BACKGROUND": "1",
            "DATELINE_INSECURE_DEV_KEY": "1",
            "DATELINE_HTTPS": "0",
            "DATELINE_LOG_LEVEL": "ERROR",
        },
    )
    load_before = os.getloadavg()
    try:
        stack.create(args.articles)
        out = Path(args.work) / "setup.out"
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
        item = int(out.read_text().split()[-1])
        stack.start()
        feed = f"{stack.base_url}/en/live/{item}/entries.json"
        # The first read bakes the file; from then on the file answers.
        urllib.request.urlopen(feed, timeout=30).read()
        posters = [
            Poster(stack.base_url, f"poster{n}", item, args.every, 0) for n in range(args.posters)
        ]
        for poster in posters:
            poster.login()
        until = time.monotonic() + args.duration
        for poster in posters:
            poster.until = until
        watcher = Reader(feed, 0.25, until + 10, watch=True)
        readers = [Reader(feed, args.poll, until) for _ in range(args.readers)]
        for thread in [watcher, *readers, *posters]:
            thread.start()
        for thread in [*posters, *readers, watcher]:
            thread.join()
    finally:
        stack.stop()
    posted = {eid: t for poster in posters for eid, t in poster.posted.items()}
    delays = [watcher.seen[eid] - t for eid, t in posted.items() if eid in watcher.seen]
    missing = [eid for eid in posted if eid not in watcher.seen]
    polls = sum(r.ok + r.not_modified for r in readers)
    not_modified = sum(r.not_modified for r in readers)
    errors = [e for thread in [*posters, *readers, watcher] for e in thread.errors]
    print(
        f"posters {args.posters} x every {args.every}s, readers {args.readers} x every "
        f"{args.poll}s, {args.duration:.0f}s, {args.gunicorn_workers} gunicorn workers, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'}"
    )
    print(f"entries posted {len(posted)}, visible {len(delays)}, never visible {len(missing)}")
    if delays:
        print(
            f"post to visible: p50 {statistics.median(delays):.2f}s  "
            f"p95 {percentile(delays, 0.95):.2f}s  max {max(delays):.2f}s"
        )
    share = not_modified / polls if polls else 0.0
    print(f"reader polls {polls}, 304s {not_modified} ({share:.1%})")
    print(f"errors {len(errors)}{': ' + '; '.join(errors[:5]) if errors else ''}")
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
