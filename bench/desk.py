"""The desk at newsroom scale: home, story list, editor and autosave at 1,000,000 articles.

Measures server time (request in, answer out, in process through Django's test client, an
editor logged in) of the desk's pages, with the CPU time of this process beside the wall time
(the machine is shared: wall time includes waiting for a core) and, on PostgreSQL, the CPU
time of the database backend serving this connection. Counts the queries of each page.

    cp -r /work/bench-data/1m /tmp/desk-1m      # never write to the shared corpus
    DATELINE_DATA_DIR=/tmp/desk-1m .venv/bin/python bench/desk.py --repeat 40
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dateline_bench1m \\
        DATELINE_DATA_DIR=/tmp/desk-1m-pg .venv/bin/python bench/desk.py --repeat 40

The first run adds a desk's worth of work to the corpus (drafts, items in review, scheduled,
embargoed and breaking items, today's corrections), made by the bench's editor through the
workflow, so the home lists are full. Targets (issue 17): home and story list p95 < 150 ms,
editor < 200 ms, autosave p95 < 100 ms. ``--sql`` prints each page's slowest queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import require_corpus  # noqa: E402

USERNAME = "bench-desk-editor"
TARGETS = {"home": 150.0, "list": 150.0, "editor": 200.0, "autosave": 100.0}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        require_corpus(os.environ.get("DATELINE_DATA_DIR"))
    os.environ.setdefault("DATELINE_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def editor_user():
    """Return the bench's editor, made with the newsroom's editor role on the first run."""
    from django.contrib.auth.models import Group, User

    from dateline.desk import roles

    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        user = User.objects.create_user(USERNAME, first_name="Bench", last_name="Editor")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=roles.EDITOR))
    return User.objects.get(pk=user.pk)


def fill_desk(user) -> None:
    """Give the desk a day's work (once): drafts, reviews, timed items, corrections."""
    from django.utils import timezone

    from dateline.articles.models import Article
    from dateline.desk import workflow
    from dateline.desk.models import Correction

    if Article.objects.filter(headline__startswith="Bench desk ").exists():
        return
    now = timezone.now()
    made = []
    for n in range(60):
        article = Article(
            headline=f"Bench desk draft {n}",
            slug=f"bench-desk-draft-{n}",
            body="<p>" + "A paragraph of the draft. " * 40 + "</p>",
            language="ar" if n % 3 == 0 else "en",
        )
        workflow.save_edit(article, user)
        made.append(article)
    for article in made[:20]:
        workflow.perform(article, "submit", user)
    for n, article in enumerate(made[20:35]):
        workflow.perform(article, "schedule", user, at=now + timedelta(hours=n + 1))
    live = list(Article.objects.public().order_by("sort").values_list("pk", flat=True)[:40])
    Article.objects.filter(pk__in=live[:10]).update(embargo_until=now + timedelta(hours=6))
    Article.objects.filter(pk__in=live[10:15]).update(breaking_until=now + timedelta(hours=2))
    for pk in live[15:25]:
        Correction.objects.create(article_id=pk, text="A figure in the third paragraph was wrong.")


def form_data(article, user) -> dict:
    """Return the editor form of ``article`` as the browser posts it."""
    from dateline.desk.ui.forms import LOCAL_FORMAT, ItemForm

    form = ItemForm(instance=article, user=user)
    data = {}
    for field in form:
        if field.field.disabled:
            continue
        value = field.value()
        if value is None:
            value = ""
        if isinstance(value, (list, tuple)):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, datetime):
            data[field.html_name] = value.strftime(LOCAL_FORMAT)
        else:
            data[field.html_name] = str(value)
    return data


class Backend:
    """The CPU time of the PostgreSQL backend serving this process's connection (from /proc)."""

    def __init__(self) -> None:
        from django.db import connection

        self.stat = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            path = Path(f"/proc/{pid}/stat")
            self.stat = path if path.exists() else None
        self.tick = os.sysconf("SC_CLK_TCK")

    def cpu_ms(self) -> float:
        if self.stat is None:
            return 0.0
        fields = self.stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / self.tick


def timed(client, method: str, url: str, backend: Backend, data=None, expect=200):
    c0, b0, w0 = time.process_time(), backend.cpu_ms(), time.perf_counter()
    response = getattr(client, method)(url, data) if data is not None else client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    wall = (time.perf_counter() - w0) * 1000
    cpu = (time.process_time() - c0) * 1000
    db = backend.cpu_ms() - b0
    if response.status_code != expect:
        raise SystemExit(f"{method.upper()} {url} answered {response.status_code}")
    return response, wall, cpu, db


def count_queries(call, show: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    if show:
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:show]
        for query in slowest:
            print(f"      {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="requests per kind (default 40)")
    parser.add_argument("--sql", type=int, default=0, help="print the N slowest queries per page")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from dateline.articles.models import Article

    user = editor_user()
    fill_desk(user)
    client = Client()
    client.force_login(user)
    backend = Backend()
    top = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    section = Article.objects.order_by("-pk").values_list("section_id", flat=True)[100] or 1
    middle = top // 2
    live = Article.objects.public().order_by("sort").values_list("pk", flat=True)[100]
    draft = Article.objects.filter(headline="Bench desk draft 59").values_list("pk", flat=True)[0]

    first = client.get("/desk/items/")
    older = first.context["older"] if first.context else None
    pages = {
        "home": ("home", "/desk/"),
        "list, first page": ("list", "/desk/items/"),
        "list, next page (keyset)": ("list", f"/desk/items/?after={older or top}"),
        "list, page at the middle id (keyset)": ("list", f"/desk/items/?after={middle}"),
        "list, published": ("list", "/desk/items/?state=published"),
        "list, published in a section": (
            "list",
            f"/desk/items/?state=published&section={section}",
        ),
        "list, Arabic edition": ("list", "/desk/items/?language=ar"),
        "list, in review": ("list", "/desk/items/?state=review"),
        "list, mine": ("list", "/desk/items/?mine=1"),
        "editor, a live item": ("editor", f"/desk/items/{live}/"),
        "editor, a draft": ("editor", f"/desk/items/{draft}/"),
    }
    print(
        f"database: {connection.vendor}; articles: about {top:,} (highest id); "
        f"repeat {args.repeat} after a warm-up"
    )
    header = f"{'request':40} {'wall p50':>9} {'p95':>7} {'CPU p50':>8} {'p95':>7}"
    header += f" {'db CPU p50':>10}" if backend.stat else ""
    print(header + f" {'queries':>7}  target p95")
    results = []
    with override_settings(DEBUG=False):
        for name, (kind, url) in pages.items():
            client.get(url)  # warm-up: template compile, caches
            walls, cpus, dbs = [], [], []
            for _ in range(args.repeat):
                _response, wall, cpu, db = timed(client, "get", url, backend)
                walls.append(wall), cpus.append(cpu), dbs.append(db)
            queries = count_queries(lambda url=url: client.get(url), args.sql)
            results.append(report(name, kind, walls, cpus, dbs, queries, backend))
        for name, pk in (("autosave, a draft", draft), ("autosave, a live item", live)):
            article = Article.objects.get(pk=pk)
            data = form_data(article, user)
            walls, cpus, dbs = [], [], []
            url = f"/desk/items/{pk}/autosave/"
            body = data["body"]
            for n in range(args.repeat + 2):
                data["body"] = body + f"<p>Word {n} added.</p>"
                if n == args.repeat + 1:
                    queries = count_queries(lambda d=dict(data), u=url: client.post(u, d), args.sql)
                    break
                response, wall, cpu, db = timed(client, "post", url, backend, data)
                data["base_version"] = str(response.json()["version"])
                if n:  # the first is the warm-up
                    walls.append(wall), cpus.append(cpu), dbs.append(db)
            results.append(report(name, "autosave", walls, cpus, dbs, queries, backend))
    missed = [r for r in results if r[1] > TARGETS[r[0]]]
    print(
        "all targets met"
        if not missed
        else "missed: " + "; ".join(f"{n} p95 {p:.0f} ms" for _k, p, n in missed)
    )


def report(name, kind, walls, cpus, dbs, queries, backend) -> tuple[str, float, str]:
    p95 = percentile(walls, 0.95)
    line = (
        f"{name:40} {statistics.median(walls):9.1f} {p95:7.1f} "
        f"{statistics.median(cpus):8.1f} {percentile(cpus, 0.95):7.1f}"
    )
    line += f" {statistics.median(dbs):10.1f}" if backend.stat else ""
    target = TARGETS[kind]
    verdict = "met" if p95 <= target else f"MISSED by {p95 - target:.0f} ms"
    print(f"{line} {queries:7d}  < {target:.0f} ms: {verdict}", flush=True)
    return kind, p95, name


if __name__ == "__main__":
    main()
