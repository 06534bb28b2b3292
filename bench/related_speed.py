"""Speed and memory of the related engine on a large corpus (see docs/benchmarks.md).

    cp -r /work/bench-data/1m /tmp/rel-1m   # never write to the shared corpus
    DATELINE_DATA_DIR=/tmp/rel-1m .venv/bin/python bench/related_speed.py [--limit N]

Builds the index from every public article but the newest ``--new`` (default 300), in
publication order, then publishes those one by one the way the background task does and
times each step: index update, story assignment, related list (ranking and selection), and
the whole task (``service.refresh_article``: database reads and writes included). Reports
p50/p95/max, index memory and process peak RSS, snapshot save/load time, build time, and a
baseline measured in the same run: the simple backend's SQL query for the same articles.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import require_corpus  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def line(name: str, values: list[float]) -> str:
    return (
        f"| {name} | {statistics.median(values):.1f} | {pct(values, 0.95):.1f} | "
        f"{max(values):.1f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    parser.add_argument("--new", type=int, default=300, help="articles published during the run")
    parser.add_argument("--full", type=int, default=100, help="of those, run the whole task")
    parser.add_argument(
        "--reuse", action="store_true", help="load the snapshot of an earlier run, skip the build"
    )
    parser.add_argument(
        "--dense",
        action="store_true",
        help="time the dense signal too: the new articles are encoded for real; the indexed "
        "ones get random unit vectors (search cost does not depend on the values, and "
        "encoding a million texts takes hours: see docs/benchmarks.md)",
    )
    args = parser.parse_args(argv)
    require_corpus(os.environ.get("DATELINE_DATA_DIR"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from dateline.articles.models import Article
    from dateline.conf import setting
    from dateline.related import service
    from dateline.related.backends.simple import SimpleRelatedBackend
    from dateline.related.clustering import choose_story
    from dateline.related.dense import article_text, encode_texts
    from dateline.related.features import plain_text, text_features
    from dateline.related.index import RelatedIndex
    from dateline.related.placement import cluster_params
    from dateline.related.ranking import DAY, rank, select

    call_command("migrate", verbosity=0)
    settings.DATELINE_RELATED_DENSE = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    print(f"database {connection.settings_dict['NAME']}")

    t0 = time.perf_counter()
    rows = Article.objects.public().order_by("published_at", "-sort", "pk")
    ids = list(rows.values_list("pk", flat=True))
    if args.limit:
        ids = ids[: args.limit]
    topics: dict[int, list[int]] = {}
    through = Article.topics.through.objects.values_list("article_id", "topic_id")
    for article_id, topic_id in through.iterator(chunk_size=20_000):
        topics.setdefault(article_id, []).append(topic_id)
    old, new = ids[: -args.new], ids[-args.new :]
    print(f"{len(ids)} public articles; {len(old)} indexed, {len(new)} published during the run")
    rng = np.random.default_rng(5)

    def random_vector():
        vector = rng.standard_normal(512).astype(np.float32)
        return vector / np.linalg.norm(vector)

    build = analysed = 0.0
    if args.reuse:
        index = RelatedIndex.load(service.index_path())
        index.k1, index.b = RelatedIndex().k1, RelatedIndex().b
        if args.dense and index.dense is None:
            index.dense = np.zeros((index.size, 512), np.float32)
            for slot in range(index.size):
                index.dense[slot] = random_vector()
    else:
        index = RelatedIndex()
        fields = ("pk", "headline", "summary", "body", "language", "published_at", "story_id")
        build_started = time.perf_counter()
        analysed = 0.0
        for start in range(0, len(old), 5000):
            chunk = old[start : start + 5000]
            for pk, headline, summary, body, lang, published, story in Article.objects.filter(
                pk__in=chunk
            ).values_list(*fields):
                a = time.perf_counter()
                f = text_features(
                    headline,
                    f"{summary}\n{plain_text(body)}",
                    lang,
                    topics=tuple(topics.get(pk, ())),
                    published=published.timestamp(),
                    story_id=story or 0,
                )
                analysed += time.perf_counter() - a
                index.add(pk, f, dense=random_vector() if args.dense else None)
            if start % 100_000 == 0:
                print(
                    f"  {start + len(chunk)} indexed, {time.perf_counter() - build_started:.0f} s",
                    flush=True,
                )
        build = time.perf_counter() - build_started
        postings = len(index.base_slots) + sum(len(s) for s, _ in index.delta.values())
        print(
            f"index built in {build:.0f} s (analysis {analysed:.0f} s), {len(index.terms)} terms, "
            f"{postings} postings"
        )

    path = service.index_path()
    a = time.perf_counter()
    index.save(path)
    save_s = time.perf_counter() - a
    a = time.perf_counter()
    index = RelatedIndex.load(path)
    load_s = time.perf_counter() - a
    size_mb = path.stat().st_size / 2**20
    mem_mb = index.memory_bytes() / 2**20

    params = cluster_params()
    horizon = setting("DATELINE_RELATED_HORIZON_DAYS") * DAY
    update, story, related, total, encode = [], [], [], [], []
    new_articles = list(Article.objects.filter(pk__in=new[: args.new - args.full]))
    for article in new_articles:
        f = text_features(
            article.headline,
            f"{article.summary}\n{plain_text(article.body)}",
            article.language,
            topics=tuple(topics.get(article.pk, ())),
            published=article.published_at.timestamp(),
        )
        a = time.perf_counter()
        vector = encode_texts([article_text(article)])[0] if args.dense else None
        e = time.perf_counter()
        index.add(article.pk, f, dense=vector)
        b = time.perf_counter()
        sid, _ = choose_story(index, f, pk=article.pk, dense=vector, params=params)
        index.set_story(article.pk, sid or article.story_id or 0)
        c = time.perf_counter()
        found = rank(
            index, f, pk=article.pk, before=f.published, after=f.published - horizon, dense=vector
        )
        select(found, 9)
        d = time.perf_counter()
        encode.append((e - a) * 1000)
        update.append((b - e) * 1000)
        story.append((c - b) * 1000)
        related.append((d - c) * 1000)
        total.append((d - a) * 1000)

    # The whole background task against the database, starting from the saved snapshot.
    service.reset_index()
    a = time.perf_counter()
    service.get_index()
    task_load = time.perf_counter() - a
    task = []
    for pk in new[args.new - args.full :]:
        a = time.perf_counter()
        service.refresh_article(pk)
        task.append((time.perf_counter() - a) * 1000)

    simple = SimpleRelatedBackend()
    baseline = []
    for article in Article.objects.filter(pk__in=new[: args.full]):
        a = time.perf_counter()
        simple.related(article, 9)
        baseline.append((time.perf_counter() - a) * 1000)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total_time = time.perf_counter() - t0
    print()
    print("| step (ms per new article) | p50 | p95 | max |")
    print("|---|---|---|---|")
    if args.dense:
        print(line("encode (the sentence encoder, real text)", encode))
    print(line("index update", update))
    print(line("story assignment", story))
    print(line("related list (rank + select)", related))
    print(
        line(
            "related incl. " + ("encoding, " if args.dense else "") + "index update and story",
            total,
        )
    )
    if not args.dense:
        print(line("whole task on the database (refresh_article)", task))
    print(line("baseline: simple backend SQL query", baseline))
    print()
    print(f"index memory (estimate) {mem_mb:.0f} MiB; process peak RSS {peak:.0f} MiB")
    print(
        f"snapshot {size_mb:.0f} MiB: save {save_s:.1f} s, load {load_s:.1f} s "
        f"(a worker's first task after a restart: {task_load:.1f} s)"
    )
    per_list = statistics.mean(related)
    print(
        f"rebuild: index {build:.0f} s measured; related lists at {per_list:.1f} ms each "
        f"-> {per_list * len(ids) / 1000:.0f} s more for all {len(ids)} (estimate)"
    )
    print(f"{total_time:.0f} s in all")


if __name__ == "__main__":
    main()
