"""A full rebuild of related items: the index, every story placement and every stored list,
from scratch, resumable after a stop, with the work spread over worker processes.

Two phases. **Index and stories** goes through the public articles in publication order
(each finds its story among those before it), so it is one sequence: worker processes
analyse (and encode) the next chunk while this process places the current one. Each
chunk's placements and the run's position are committed together, and the index is
snapshotted every ``checkpoint_every`` articles; a resumed run loads the snapshot and
re-adds the articles placed since with the stories they were given, so it goes on exactly
where the stopped one was. **Related lists** reads the finished index only, so chunks of
articles are shared out to worker processes (forked: the index is shared copy-on-write);
a list is a pure function of the index, so a chunk done twice after a stop is harmless.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connections, transaction

from dateline.articles.models import Article
from dateline.related import dense, service
from dateline.related.features import article_row, row_features
from dateline.related.index import RelatedIndex
from dateline.related.models import IndexChange, RebuildRun
from dateline.related.placement import place_many

log = logging.getLogger("dateline.related")

# Articles read, analysed, encoded and placed together (and committed together).
CHUNK = 256
# Articles a list worker takes at a time.
LIST_CHUNK = 500

Progress = Callable[[str, int, int], None]


def _quiet(phase: str, done: int, total: int) -> None:
    """The default progress report: none."""


def work_dir(run: RebuildRun) -> Path:
    """Return the folder of a run's order and checkpoint files."""
    return Path(settings.DATA_DIR) / "related-rebuild" / str(run.pk)


def default_workers() -> int:
    """Return how many processes a rebuild uses: every core, or one where the database
    lives in this process's memory (tests) and forked processes could not reach it."""
    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3") and "memory" in str(database["NAME"]):
        return 1
    return max(1, os.cpu_count() or 1)


def rebuild(
    *,
    index_only: bool = False,
    workers: int | None = None,
    fresh: bool = False,
    checkpoint_every: int = 50_000,
    progress: Progress = _quiet,
) -> tuple[RebuildRun, RelatedIndex, bool]:
    """Run (or resume) a full rebuild; return the finished run, its index, and whether it
    resumed a stopped one. The index is saved as the live snapshot at the end."""
    workers = workers or default_workers()
    if connections["default"].in_atomic_block:
        # Forking needs every connection closed, which would end the caller's transaction.
        workers = 1
    run = None if fresh else RebuildRun.objects.exclude(phase=RebuildRun.Phase.DONE).last()
    resumed = run is not None
    if run is None:
        run = _start(index_only)
    elif run.index_only != index_only:
        run.index_only = index_only
        run.save(update_fields=["index_only", "updated_at"])
    order = np.load(work_dir(run) / "order.npy")
    index = _index_phase(run, order, workers, checkpoint_every, progress)
    if not run.index_only:
        _lists_phase(run, order, index, workers, progress)
    # Articles published or changed while the rebuild ran are in the change log.
    index.watermark = run.watermark
    service.reset_index()
    service.save_index(index)
    run.phase = RebuildRun.Phase.DONE
    run.save(update_fields=["phase", "updated_at"])
    shutil.rmtree(work_dir(run), ignore_errors=True)
    return run, index, resumed


def _start(index_only: bool) -> RebuildRun:
    for stopped in RebuildRun.objects.exclude(phase=RebuildRun.Phase.DONE):
        shutil.rmtree(work_dir(stopped), ignore_errors=True)
        stopped.delete()
    public = Article.objects.public().order_by("published_at", "-sort", "pk")
    watermark = IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    order = np.fromiter(public.values_list("pk", flat=True).iterator(10_000), np.int64)
    run = RebuildRun.objects.create(total=len(order), index_only=index_only, watermark=watermark)
    folder = work_dir(run)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    np.save(folder / "order.npy", order)
    return run


def _articles(pks: np.ndarray) -> list[Article]:
    """Return the still-public articles among ``pks``, in that order, topics prefetched."""
    found = Article.objects.public().filter(pk__in=pks.tolist()).prefetch_related("topics")
    by_pk = {a.pk: a for a in found}
    return [by_pk[pk] for pk in pks.tolist() if pk in by_pk]


def _analyse(rows: list[tuple], texts: dict[int, str]) -> tuple[list, dict[int, np.ndarray]]:
    """Return the features of ``rows`` and the vectors of ``texts`` (in a worker process)."""
    return [row_features(row) for row in rows], dense.encode_missing(texts, batch=CHUNK)


def _prepare(articles: list[Article], pool: ProcessPoolExecutor | None):
    """Start the analysis of a chunk: in ``pool`` if there is one. Return what ``_finish``
    needs to complete it."""
    rows = [article_row(a) for a in articles]
    cached, missing = dense.cached_vectors(articles) if dense.available() else ({}, {})
    if pool is None:
        return articles, cached, missing, _analyse(rows, missing)
    return articles, cached, missing, pool.submit(_analyse, rows, missing)


def _finish(prepared) -> list[tuple[Article, object, object]]:
    articles, cached, missing, analysed = prepared
    features, made = analysed.result() if isinstance(analysed, Future) else analysed
    if made:
        dense.store_vectors(missing, made)
        cached.update(made)
    return [(a, f, cached.get(a.pk)) for a, f in zip(articles, features, strict=True)]


def _index_phase(
    run: RebuildRun, order: np.ndarray, workers: int, every: int, progress: Progress
) -> RelatedIndex:
    index, snapshot_at = _resume_index(run, order)
    if run.phase != RebuildRun.Phase.INDEX:
        return index
    pool = None
    if workers > 1:
        # Forked before any chunk is read: a child must not inherit an open connection.
        connections.close_all()
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        pool.submit(int).result()  # fork now, while no connection is open
    try:
        starts = range(run.position, len(order), CHUNK)
        pending = _prepare(_articles(order[run.position : run.position + CHUNK]), pool)
        for start in starts:
            items = _finish(pending)
            following = start + CHUNK
            if following < len(order):
                pending = _prepare(_articles(order[following : following + CHUNK]), pool)
            with transaction.atomic():
                place_many(items, index)
                run.position = min(following, len(order))
                run.save(update_fields=["position", "updated_at"])
            progress("index", run.position, run.total)
            if run.position - snapshot_at >= every and run.position < len(order):
                _checkpoint(run, index)
                snapshot_at = run.position
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    run.phase = RebuildRun.Phase.DONE if run.index_only else RebuildRun.Phase.LISTS
    run.position = 0
    _checkpoint(run, index)
    run.save(update_fields=["phase", "position", "updated_at"])
    return index


def _checkpoint(run: RebuildRun, index: RelatedIndex) -> None:
    """Save the index with the position it holds (a temporary file, then renamed)."""
    folder = work_dir(run)
    index.save(folder / "index.npz")
    marker = folder / "index.json"
    marker.with_suffix(".tmp").write_text(json.dumps({"position": run.position}))
    marker.with_suffix(".tmp").replace(marker)


def _resume_index(run: RebuildRun, order: np.ndarray) -> tuple[RelatedIndex, int]:
    """Return the run's index as far as the run got, and the position of its snapshot."""
    folder = work_dir(run)
    index, snapshot_at = RelatedIndex(), 0
    if (folder / "index.json").exists():
        index = RelatedIndex.load(folder / "index.npz")
        if run.phase != RebuildRun.Phase.INDEX:
            return index, 0
        snapshot_at = json.loads((folder / "index.json").read_text())["position"]
    # Placed after the snapshot, before the stop: re-added with the stories they were given
    # (their rows are committed), so nothing is placed twice.
    for start in range(snapshot_at, run.position, CHUNK):
        chunk = order[start : min(start + CHUNK, run.position)]
        for article, features, vector in _finish(_prepare(_articles(chunk), None)):
            index.add(article.pk, features, dense=vector)
    return index, snapshot_at


def _lists_phase(
    run: RebuildRun, order: np.ndarray, index: RelatedIndex, workers: int, progress: Progress
) -> None:
    folder = work_dir(run)
    chunks = range(0, len(order), LIST_CHUNK)
    done = _done_chunks(folder)
    todo = [start for start in chunks if start not in done]
    finished = len(order) - sum(len(order[s : s + LIST_CHUNK]) for s in todo)
    progress("lists", finished, len(order))
    if workers <= 1 or len(todo) < 2:
        for start in todo:
            finished += _list_chunk(order, start, index, folder / "lists-0.done")
            progress("lists", finished, len(order))
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", finished)
    children = [
        context.Process(
            target=_list_worker, args=(order, todo[w::workers], index, folder, w, counter)
        )
        for w in range(workers)
    ]
    for child in children:
        child.start()
    while any(child.is_alive() for child in children):
        time.sleep(0.5)
        progress("lists", counter.value, len(order))
    for child in children:
        child.join()
    failed = [c.exitcode for c in children if c.exitcode]
    if failed:
        raise RuntimeError(
            f"a related-lists worker failed (exit codes {failed}); see the log, then run "
            "`dateline rebuild-related` again to resume"
        )
    progress("lists", len(order), len(order))


def _list_worker(order, starts, index, folder: Path, worker: int, counter) -> None:
    """Compute and store the lists of the chunks beginning at ``starts`` (a child process)."""
    try:
        for start in starts:
            count = _list_chunk(order, start, index, folder / f"lists-{worker}.done")
            with counter.get_lock():
                counter.value += count
    except Exception:
        log.exception("related lists worker %s failed", worker)
        raise
    finally:
        connections.close_all()


def _list_chunk(order: np.ndarray, start: int, index: RelatedIndex, done_file: Path) -> int:
    pks = order[start : start + LIST_CHUNK]
    service.store_lists(_articles(pks), index)
    with done_file.open("a") as handle:
        handle.write(f"{start}\n")
    return len(pks)


def _done_chunks(folder: Path) -> set[int]:
    done = set()
    for path in folder.glob("lists-*.done"):
        done.update(int(line) for line in path.read_text().split())
    return done
