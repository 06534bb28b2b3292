"""A front of 10 blocks: render CPU per request, queries, and rebuild time after a layout change.

    .venv/bin/python bench/fronts.py --articles 20000        # generates a corpus in /tmp
    .venv/bin/python bench/fronts.py --data-dir /work/bench-data/1m   # an existing corpus

Baseline in the same run: the automatic front of the same edition (no layout). Prints a
Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import require_corpus  # noqa: E402


def prepare(args) -> Path:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATELINE_INSECURE_DEV_KEY": "1"}
    dateline = [sys.executable, "-m", "dateline"]
    if args.data_dir:
        # On PostgreSQL (DATABASE_URL) the corpus is the database; the folder holds the cache.
        folder = Path(args.data_dir) if os.environ.get("DATABASE_URL") else None
        folder = folder or require_corpus(args.data_dir)
        env["DATELINE_DATA_DIR"] = str(folder)
        subprocess.run([*dateline, "migrate", "-v0"], env=env, check=True)
        return folder
    folder = Path(tempfile.gettempdir()) / f"dateline-bench-fronts-{args.articles}"
    env["DATELINE_DATA_DIR"] = str(folder)
    if not (folder / "READY").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([*dateline, "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [*dateline, "generate", "--articles", str(args.articles)], env=env, check=True
        )
        (folder / "READY").touch()
    subprocess.run([*dateline, "migrate", "-v0"], env=env, check=True)
    return folder


def arrange_home(language: str):
    """Make the edition's home a front of 10 blocks and publish it; return the front."""
    from dateline.articles.models import Article
    from dateline.fronts import layouts
    from dateline.fronts.models import Block, BlockItem, Front
    from dateline.stories.models import Story
    from dateline.taxonomy.models import Section

    front, _created = Front.objects.get_or_create(language=language, kind="home")
    front.blocks.all().delete()
    sections = list(Section.objects.all()[:2])
    story = Story.objects.filter(articles__language=language).first()
    picks = list(Article.objects.public().filter(language=language).order_by("sort")[5:8])
    specs = [
        ("live_ribbon", "auto", 4, {}),
        ("lead_secondaries", "both", 5, {}),
        ("row", "auto", 4, {}),
        ("list", "auto", 8, {}),
        ("video_rail", "auto", 4, {}),
        ("opinion", "auto", 3, {}),
        *[("section_latest", "auto", 4, {"section": s}) for s in sections],
        ("story_timeline", "auto", 5, {"story": story}),
        ("most_read", "auto", 5, {}),
    ][:10]
    for position, (kind, source, count, query) in enumerate(specs):
        block = Block.objects.create(
            front=front, position=position, kind=kind, source=source, count=count, **query
        )
        if kind == "lead_secondaries":
            for n, article in enumerate(picks):
                BlockItem.objects.create(block=block, article=article, position=n)
    layouts.publish(front)
    return front, len(specs)


def measure(client, path: str, rounds: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm-up: template compile, caches
    cpu, wall = [], []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(path)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return {
        "cpu": statistics.median(cpu),
        "wall": statistics.median(wall),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--data-dir")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    data_dir = prepare(args)
    os.environ["DATELINE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DATELINE_INSECURE_DEV_KEY", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "dateline.settings"
    import django

    django.setup()
    from django.test import Client, override_settings

    from dateline.articles.models import Article
    from dateline.fronts.models import Front, FrontChange, Layout

    language = "en"
    total = Article.objects.count()
    Layout.objects.filter(front__language=language, front__kind="home").delete()
    client = Client()
    # Render figures: every request renders (no page cache); then the same page from the cache.
    with override_settings(DATELINE_BAKE=False, DATELINE_PAGE_CACHE_SECONDS=0):
        baseline = measure(client, f"/{language}/", args.rounds)
        front, blocks = arrange_home(language)
        arranged = measure(client, f"/{language}/", args.rounds)
    with override_settings(DATELINE_BAKE=False):
        cached = measure(client, f"/{language}/", args.rounds)

    baked = Path(tempfile.mkdtemp(prefix="dateline-fronts-bake-"))
    with override_settings(
        DATELINE_BAKE=True,
        DATELINE_BAKE_IN_BACKGROUND=False,
        DATELINE_PUBLISH_BACKEND="dateline.publishing.targets.LocalFolderTarget",
        DATELINE_PUBLISH_ROOT=str(baked),
        DATELINE_PURGE_BACKEND="dateline.publishing.purge.NullPurgeBackend",
    ):
        from dateline.fronts import layouts

        layouts.publish(front)  # first bake of the page
        rebuilds = []
        for _ in range(5):
            start = time.perf_counter()
            layouts.publish(front)  # records the change; its rebuild runs after the commit
            rebuilds.append((time.perf_counter() - start) * 1000)
        change = FrontChange.objects.latest("pk")
        assert change.done_at is not None and (baked / language / "index.html").exists()
    shutil.rmtree(baked, ignore_errors=True)
    Front.objects.filter(pk=front.pk).delete()

    print(f"corpus: {total} articles in {data_dir}; {args.rounds} rounds after a warm-up")
    print("| front | CPU p50 | wall p50 | queries |")
    print("|---|---|---|---|")
    for name, found in (
        (f"arranged, {blocks} blocks, rendered", arranged),
        ("automatic (baseline), rendered", baseline),
        (f"arranged, {blocks} blocks, from the page cache", cached),
    ):
        print(f"| {name} | {found['cpu']:.1f} ms | {found['wall']:.1f} ms | {found['queries']} |")
    print(
        f"| publish a layout + rebuild and write its baked front (p50 of 5) | "
        f"{statistics.median(rebuilds):.0f} ms | | |"
    )


if __name__ == "__main__":
    main()
