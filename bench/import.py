"""Benchmark ``dateline import``: write a WXR of N posts, import it, import it again.

    .venv/bin/python bench/import.py --posts 100000               # SQLite in a fresh folder
    .venv/bin/python bench/import.py --posts 100000 --postgres    # PostgreSQL: dl_import_bench
    .venv/bin/python bench/import.py --posts 100000 --media       # a featured image per post

Prints the WXR size, the first import (articles/s wall and CPU: of the storing process, of the
parsing process and, on PostgreSQL, of the server process serving the import), the re-import (a
no-op), peak memory (RSS) of this process, the load average, and a baseline measured in the same
run: the same records saved one by one with the ORM (``Article.save`` per post, as a naive
importer would).

With ``--media`` every post has a featured image (an attachment item, its file of
``--media-kb`` KB written to a local uploads folder given as ``--media-root``) that its body
shows too, so the import copies one file per post, makes its media row and redirect, and
rewrites the body's image URL.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _setup(postgres: bool, folder: Path) -> None:
    os.environ["DATELINE_DATA_DIR"] = str(folder / "data")
    if postgres:
        import psycopg

        base = "postgres://postgres@127.0.0.1:5432"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS dl_import_bench")
            conn.execute("CREATE DATABASE dl_import_bench")
        os.environ["DATABASE_URL"] = base + "/dl_import_bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _timed(label: str, func):  # noqa: ARG001 - the label documents the call site
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return result, wall, cpu


def _baseline(path: Path, sample: int) -> float:
    """Return articles/s of a naive importer: the same records, one ORM save each."""
    from django.db import transaction

    from dateline.articles.models import Article
    from dateline.articles.sortkeys import allocate_sort_key
    from dateline.importers.readers.wxr import WxrReader
    from dateline.importers.records import Record

    records = []
    for item in WxrReader(path):
        if isinstance(item, Record):
            records.append(item)
        if len(records) == sample:
            break
    start = time.perf_counter()
    with transaction.atomic():
        for r in records:
            Article(
                pk=r.article_id + 10_000_000,
                headline=r.headline,
                slug=r.slug,
                body=r.body,
                summary=r.summary,
                published_at=r.published_at,
                status=r.status,
                sort=allocate_sort_key(),
            ).save(force_insert=True)
        transaction.set_rollback(True)
    return len(records) / (time.perf_counter() - start)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _server_cpu() -> float:
    """Return the CPU seconds of this connection's PostgreSQL server process (0 on SQLite).

    The server runs on this machine, so its process is readable in /proc.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def _with_files(posts, uploads: Path, kb: int):
    """Yield ``posts``, writing the file of each attachment under ``uploads`` on the way."""
    data = b"\xff\xd8\xff\xe0" + bytes(kb * 1024)
    for post in posts:
        if post.get("file"):
            target = uploads / post["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield post


def _print_memory(rss_before: float) -> None:
    print(
        f"peak RSS: {_peak_mb():,.0f} MB storing (after Django setup: {rss_before:,.0f} MB), "
        f"{_peak_mb(resource.RUSAGE_CHILDREN):,.0f} MB parsing (child process)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--baseline-sample", type=int, default=2000)
    parser.add_argument("--no-parallel", action="store_true", help="Parse in the same process.")
    parser.add_argument(
        "--body-kb", type=int, default=0, help="Make bodies at least this long (2 GB: 20)."
    )
    parser.add_argument("--skip-again", action="store_true", help="No re-import, no baseline.")
    parser.add_argument(
        "--media", action="store_true", help="A featured image file per post (--media-root)."
    )
    parser.add_argument("--media-kb", type=int, default=20, help="Size of each image file.")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dl-import-bench-"))
    try:
        _setup(args.postgres, folder)
        _bench(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _bench(args: argparse.Namespace, folder: Path) -> None:
    from dateline.importers.readers.wxr import WxrReader
    from dateline.importers.runner import ImportOptions, ImportRunner
    from dateline.importers.wxrgen import synthetic_posts, write_wxr

    path = folder / "export.xml"
    uploads = folder / "uploads" if args.media else None
    posts = synthetic_posts(args.posts, body_chars=args.body_kb * 1024, media=args.media)
    if uploads is not None:
        posts = _with_files(posts, uploads, args.media_kb)
    with path.open("wb") as out:
        _, wall, _cpu = _timed("write", lambda: write_wxr(out, posts))
    size_mb = path.stat().st_size / 1e6
    mode = "one process" if args.no_parallel else "parsing in a second process"
    print(
        f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; cores: {os.cpu_count()}; {mode}"
    )
    print(f"WXR: {args.posts:,} posts, {size_mb:,.1f} MB, written in {wall:.1f}s")
    if uploads is not None:
        print(f"media: one {args.media_kb} KB image per post in {uploads} (--media-root)")
    rss_before = _peak_mb()

    def run():
        options = ImportOptions(
            batch_size=args.batch_size, parallel=not args.no_parallel, media_root=uploads
        )
        return ImportRunner(WxrReader(path), options)()

    server_before = _server_cpu()
    report, wall, cpu = _timed("import", run)
    server = _server_cpu() - server_before
    first_rate = report.counts["created"] / wall
    print(
        f"import: {report.counts['created']:,} created, {report.counts['failed']} failed in "
        f"{wall:.1f}s wall = {report.counts['created'] / wall:,.0f} articles/s "
        f"(storing process: {cpu:.1f}s CPU = {report.counts['created'] / cpu:,.0f}/s of CPU; "
        f"parsing process: {_child_cpu():.1f}s CPU"
        + (f"; PostgreSQL server process: {server:.1f}s CPU" if server else "")
        + f"; load average {os.getloadavg()[0]:.1f})"
    )
    if uploads is not None:
        from dateline.media.models import MediaAsset

        print(
            f"media: {MediaAsset.objects.count():,} assets stored, "
            f"{report.warning_count:,} warnings"
        )
    if args.skip_again:
        _print_memory(rss_before)
        return
    report, wall, cpu = _timed("again", run)
    print(
        f"re-import: {report.counts['unchanged']:,} unchanged, {report.counts['created']} "
        f"created, {report.counts['updated']} updated in {wall:.1f}s "
        f"({report.counts['unchanged'] / wall:,.0f} records/s)"
    )
    _print_memory(rss_before)
    rate = _baseline(path, args.baseline_sample)
    print(f"baseline (one ORM save per post, {args.baseline_sample:,} posts): {rate:,.0f}/s")
    print(f"ratio bulk import / baseline: {first_rate / rate:.1f}x")


if __name__ == "__main__":
    main()
