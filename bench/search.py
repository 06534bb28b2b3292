"""Search at scale: indexing rate, index size, and query latency with a facet filter.

SQLite (a copy of a generated corpus; never write to the shared one):

    .venv/bin/python bench/search.py --source /work/bench-data/1m --work /tmp/dl8-1m

PostgreSQL (generates the corpus into the database first if it holds fewer articles):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dl8_bench \\
        .venv/bin/python bench/search.py --generate 1000000

Indexes every published article with the configured backend (``indexing.rebuild``) and times
it, then runs one- and two-word queries taken from random headlines, each with a facet filter
(edition, section or content type), through the whole search service (matching, ranking,
facet counts, snippets) and reports p50/p95/max. Baseline, measured in the same run: the
naive search a site without an index does: ``LIKE '%word%'`` on headline and body, on the
same filter, with the count of matches and the newest 20.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import require_corpus  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def row(name: str, values: list[float]) -> str:
    return (
        f"| {name} | {len(values)} | {statistics.median(values):.1f} | "
        f"{pct(values, 0.95):.1f} | {max(values):.1f} |"
    )


def prepare(args) -> None:
    """Point Django at the corpus: a private SQLite copy, or the PostgreSQL database."""
    if os.environ.get("DATABASE_URL"):
        return
    work = Path(args.work)
    if not (work / "dateline.sqlite3").exists():
        print(f"copying {args.source} to {work} ...", flush=True)
        shutil.copytree(require_corpus(args.source), work, dirs_exist_ok=True)
    os.environ["DATELINE_DATA_DIR"] = str(work)


def make_queries(count: int, seed: int) -> list[tuple[str, str, object]]:
    """Return (kind, text, filters) from random published headlines, half one-word."""
    from dateline.articles.models import Article
    from dateline.search.backends.base import Filters
    from dateline.search.terms import WORD

    rng = random.Random(seed)
    top = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    queries = []
    while len(queries) < count:
        # A primary-key read, then the public rule in Python (see service._hits for why).
        article = Article.objects.filter(pk__gte=rng.randint(1, top)).order_by("pk").first()
        if article is None or not article.is_public:
            continue
        words = [w for w in WORD.findall(article.headline) if len(w) >= 4]
        if len(words) < 2:
            continue
        rng.shuffle(words)
        kind = "one word" if len(queries) % 2 == 0 else "two words"
        text = words[0] if kind == "one word" else f"{words[0]} {words[1]}"
        facet = len(queries) % 3
        filters = (
            Filters(language=article.language)
            if facet == 0
            else Filters(section_id=article.section_id)
            if facet == 1 and article.section_id
            else Filters(article_type_id=article.article_type_id, language=article.language)
        )
        queries.append((kind, text, filters))
    return queries


def baseline(text: str, filters) -> int:
    """The search a site without an index runs: substring scans of headline and body for
    every word, on the same filter, counted for "N results" and the newest 20 listed."""
    from django.db.models import Q

    from dateline.articles.models import Article

    rows = Article.objects.public()
    for word in text.split():
        rows = rows.filter(Q(headline__icontains=word) | Q(body__icontains=word))
    for name in ("language", "section_id", "article_type_id"):
        if getattr(filters, name) is not None:
            rows = rows.filter(**{name: getattr(filters, name)})
    rows.count()
    return len(list(rows.order_by("sort").values_list("pk", flat=True)[:20]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", default="/work/bench-data/1m")
    parser.add_argument("--work", default="/tmp/dl8-search-1m")
    parser.add_argument("--generate", type=int, default=0, help="PostgreSQL: corpus size")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--baseline-queries", type=int, default=10)
    parser.add_argument("--skip-index", action="store_true", help="reuse the existing index")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    prepare(args)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dateline.articles.models import Article
    from dateline.search import indexing
    from dateline.search.service import backend, search

    call_command("migrate", verbosity=0)
    if args.generate and Article.objects.count() < args.generate:
        call_command("generate", articles=args.generate)
    engine = backend()
    count = Article.objects.count()
    print(f"backend: {engine.name} on {connection.vendor}; articles: {count}", flush=True)

    if not args.skip_index:
        total = indexing.indexable_count()
        started, cpu_started = time.perf_counter(), time.process_time()
        done = 0

        def progress(n: int) -> None:
            nonlocal done
            done += n
            if done % 50_000 < n:
                rate = done / (time.perf_counter() - started)
                cpu_rate = done / (time.process_time() - cpu_started)
                print(
                    f"  indexed {done}/{total} ({rate:.0f}/s wall, {cpu_rate:.0f}/s CPU)",
                    flush=True,
                )

        indexed = indexing.rebuild(progress)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        print(
            f"indexing: {indexed} articles in {elapsed:.1f} s wall = {indexed / elapsed:.0f}/s; "
            f"{cpu:.1f} s CPU of this process = {indexed / cpu:.0f}/s per core"
        )
    size = engine.size_bytes()
    print(f"index size: {size / 1e6:.1f} MB" if size else "index size: unknown")

    queries = make_queries(args.queries, args.seed)
    for _, text, filters in queries[:10]:  # warm the caches
        search(text, filters)
    times: dict[str, list[float]] = {"one word": [], "two words": []}
    hits = 0
    cpu_times: list[float] = []
    for kind, text, filters in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        results = search(text, filters, language=filters.language)
        times[kind].append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        hits += bool(results.hits)
    base = []
    for _, text, filters in queries[: args.baseline_queries]:
        started = time.perf_counter()
        baseline(text, filters)
        base.append((time.perf_counter() - started) * 1000)
    print(f"queries with hits: {hits}/{len(queries)}")
    print("| query | n | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|")
    print(row("one word + facet filter", times["one word"]))
    print(row("two words + facet filter", times["two words"]))
    print(row("baseline: LIKE scan of headline and body, count + page", base))
    print(row("(CPU time of this process, all queries)", cpu_times))
    ours = statistics.median(times["one word"] + times["two words"])
    print(f"baseline p50 / search p50 = {statistics.median(base) / ours:.1f}x")


if __name__ == "__main__":
    main()
