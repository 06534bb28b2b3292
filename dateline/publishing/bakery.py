"""Full bakes: list every page, mark it wanted, and build in parallel worker processes."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable

from django.db import connections

from dateline.publishing.baker import (
    BakeReport,
    Failure,
    mark_dirty,
    release_dead_claims,
    work,
)
from dateline.publishing.buildables import buildables
from dateline.publishing.errors import DiskFullError
from dateline.publishing.models import BakedPage
from dateline.publishing.targets import PublishTarget, publish_target
from dateline.site.processes import new_worker_id


def enqueue_all(
    kinds: Iterable[str] | None = None,
    latest: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Mark every page of the chosen kinds wanted; return how many were listed."""
    wanted = set(kinds or [])
    listed = 0
    for buildable in buildables():
        if wanted and buildable.name not in wanted:
            continue
        chunk: dict[str, str] = {}
        for path in buildable.paths(latest):
            chunk[path] = buildable.name
            if len(chunk) >= 1000:
                listed += _flush(chunk, progress)
        listed += _flush(chunk, progress)
    return listed


def _flush(chunk: dict[str, str], progress: Callable[[int], None] | None) -> int:
    count = len(chunk)
    if count:
        mark_dirty(chunk)
        chunk.clear()
        if progress is not None:
            progress(count)
    return count


def prepare_resume(target: PublishTarget) -> tuple[int, int]:
    """Free the claims of dead workers and remove torn temporaries; return both counts."""
    return release_dead_claims(), target.remove_temporary()


def pending() -> int:
    return BakedPage.objects.filter(dirty=True).count()


def run_workers(workers: int, progress: Callable[[int], None] | None = None) -> BakeReport:
    """Build every dirty page with ``workers`` processes; return their combined report.

    Raise ``DiskFullError`` if a worker ran out of space (previous files stay intact).
    """
    if workers <= 1:
        return work(new_worker_id(), publish_target(), progress=progress)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=_worker_main, args=(results,)) for _ in range(workers)]
    for process in processes:
        process.start()
    report = BakeReport()
    remaining = len(processes)
    last = pending()
    while remaining:
        while not results.empty():
            _merge(report, results.get())
            remaining -= 1
        if progress is not None:
            now = pending()
            progress(max(0, last - now))
            last = now
        if remaining and not any(p.is_alive() for p in processes) and results.empty():
            break
        time.sleep(0.3)
    for process in processes:
        process.join()
    connections.close_all()
    return report


def _worker_main(results) -> None:
    connections.close_all()
    try:
        report = work(new_worker_id(), publish_target())
        results.put(("ok", report.summary(), []))
    except DiskFullError as exc:
        results.put(("disk-full", str(exc), []))
    finally:
        connections.close_all()


def _merge(report: BakeReport, result: tuple) -> None:
    state, payload, _keys = result
    if state == "disk-full":
        raise DiskFullError(payload)
    report.written += payload["written"]
    report.unchanged += payload["unchanged"]
    report.removed += payload["removed"]
    report.skipped += payload["skipped"]
    report.failures.extend(Failure(line, [], "") for line in payload["failed"])
