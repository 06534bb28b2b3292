"""Build baked pages: mark them wanted, claim them, render, store, and record what they show.

The protocol that keeps two workers apart and survives a killed one:

1. ``mark_dirty`` makes sure a row exists for each path and bumps its ``wanted`` counter.
2. A worker ``claim``s dirty rows in one UPDATE that only takes free or expired rows, so
   two workers never hold the same page.
3. The worker renders the page, writes the file atomically, then marks the row clean only
   if ``wanted`` did not move meanwhile; if it did, it builds the page again.

A worker killed at any point leaves its pages dirty with a claim that expires (or whose
process is gone, on this host); the next run takes them over and finishes the work.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from dateline.conf import setting
from dateline.publishing.errors import BakeError, DiskFullError, PublishError
from dateline.publishing.models import BakedPage, PageDependency
from dateline.publishing.paths import file_name
from dateline.publishing.rendering import Rendered, render_path
from dateline.publishing.targets import PublishTarget
from dateline.site import surrogates
from dateline.site.processes import owner_is_gone

logger = logging.getLogger("dateline.publishing")

CHUNK = 500
# Statuses after which a page has no file: gone, not found, or now living at another URL.
REMOVED_STATUSES = {301, 302, 303, 307, 308, 400, 403, 404, 410}


@dataclass
class Failure:
    """A page that could not be baked, with the articles it shows and why."""

    path: str
    articles: list[int]
    message: str

    def __str__(self) -> str:
        items = f" (articles {', '.join(map(str, self.articles))})" if self.articles else ""
        return f"{self.path}{items}: {self.message}" if self.message else self.path + items


@dataclass
class BakeReport:
    """What one bake did. ``keys`` are the surrogate keys to purge from a CDN."""

    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)

    @property
    def done(self) -> int:
        return self.written + self.unchanged + self.removed + len(self.failures)

    def merge(self, other: BakeReport) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed
        self.skipped += other.skipped
        self.failures.extend(other.failures)
        self.keys |= other.keys

    def summary(self) -> dict:
        return {
            "written": self.written,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": self.skipped,
            "failed": [str(f) for f in self.failures],
        }


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def mark_dirty(pages: dict[str, str]) -> list[int]:
    """Ask for a (re)build of each ``path -> kind`` in ``pages``; return the rows' ids."""
    ids: list[int] = []
    for chunk in _chunks(list(pages)):
        with transaction.atomic():
            BakedPage.objects.bulk_create(
                [BakedPage(path=p, kind=pages[p]) for p in chunk], ignore_conflicts=True
            )
            BakedPage.objects.filter(path__in=chunk).update(dirty=True, wanted=F("wanted") + 1)
        ids.extend(BakedPage.objects.filter(path__in=chunk).values_list("id", flat=True))
    return ids


def _free() -> Q:
    return Q(claimed_by="") | Q(claimed_until__lt=timezone.now())


def claim(ids: list[int], worker: str) -> list[BakedPage]:
    """Claim the dirty, unclaimed pages among ``ids`` for ``worker``; return those it got."""
    until = timezone.now() + timedelta(seconds=setting("DATELINE_BAKE_CLAIM_SECONDS"))
    got: list[BakedPage] = []
    for chunk in _chunks(ids):
        BakedPage.objects.filter(_free(), id__in=chunk, dirty=True).update(
            claimed_by=worker, claimed_until=until
        )
        got.extend(BakedPage.objects.filter(id__in=chunk, claimed_by=worker, dirty=True))
    return got


def claim_next(worker: str, batch: int) -> list[BakedPage] | None:
    """Claim up to ``batch`` dirty pages; return ``None`` when no dirty page is left free."""
    while True:
        ids = list(
            BakedPage.objects.filter(_free(), dirty=True)
            .order_by("id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            return None
        got = claim(ids, worker)
        if got:
            return got
        # Another worker took exactly these rows between our read and our claim: read again.


def release(page: BakedPage, worker: str) -> None:
    BakedPage.objects.filter(pk=page.pk, claimed_by=worker).update(
        claimed_by="", claimed_until=None
    )


def release_dead_claims() -> int:
    """Free claims held by processes of this host that no longer run; return how many."""
    freed = 0
    owners = BakedPage.objects.exclude(claimed_by="").values_list("claimed_by", flat=True)
    for owner in set(owners):
        if owner_is_gone(owner):
            freed += BakedPage.objects.filter(claimed_by=owner).update(
                claimed_by="", claimed_until=None
            )
    return freed


def bake_pages(ids: list[int], worker: str, target: PublishTarget) -> BakeReport:
    """Build the pages ``ids`` now. Pages another worker holds are skipped: that worker
    sees their ``wanted`` counter moved and builds them again before letting go."""
    report = BakeReport()
    pages = sorted(claim(ids, worker), key=_reading_order)
    report.skipped = len(ids) - len(pages)
    threads = min(len(pages), max(1, int(setting("DATELINE_BAKE_THREADS"))))
    if threads <= 1:
        _build_all(pages, worker, target, report)
        return report
    # Rendering waits mostly on the database, which runs queries in parallel (SQLite in WAL
    # mode too), so a few threads cut publish-to-live on a multi-core machine.
    with ThreadPoolExecutor(threads, thread_name_prefix="dateline-bake") as pool:
        parts = [pages[i::threads] for i in range(threads)]
        for part in pool.map(lambda part: _build_in_thread(part, worker, target), parts):
            report.merge(part)
    return report


def _reading_order(page: BakedPage) -> tuple[int, int, str]:
    # Threads take every n-th page, so each starts on the most urgent ones; within a kind the
    # shallow paths (the edition feed) come before the deep ones (a topic's feed).
    from dateline.publishing.buildables import urgency_of

    return (urgency_of(page.kind, page.path), page.path.count("/"), page.path)


def _build_in_thread(pages: list[BakedPage], worker: str, target: PublishTarget) -> BakeReport:
    report = BakeReport()
    try:
        _build_all(pages, worker, target, report)
    finally:
        connections.close_all()  # this thread's connections only
    return report


def work(
    worker: str,
    target: PublishTarget,
    batch: int = 20,
    progress: Callable[[int], None] | None = None,
) -> BakeReport:
    """Build dirty pages until none is left free; call ``progress(n)`` after each batch."""
    report = BakeReport()
    while (pages := claim_next(worker, batch)) is not None:
        _build_all(pages, worker, target, report)
        if progress is not None:
            progress(len(pages))
    return report


def _build_all(
    pages: list[BakedPage], worker: str, target: PublishTarget, report: BakeReport
) -> None:
    try:
        for page in pages:
            build(page, worker, target, report)
    except DiskFullError:
        # Give the rest of the batch back so that a resumed bake can take it at once.
        BakedPage.objects.filter(id__in=[p.pk for p in pages], claimed_by=worker).update(
            claimed_by="", claimed_until=None
        )
        raise


def build(page: BakedPage, worker: str, target: PublishTarget, report: BakeReport) -> None:
    """Render and store one claimed page, again until it is current; record the result."""
    for _attempt in range(5):
        wanted = page.wanted
        rendered = render_path(page.path)
        try:
            fields, shown = _store(page, rendered, target, report)
        except DiskFullError:
            release(page, worker)
            raise
        with transaction.atomic():
            finished = BakedPage.objects.filter(
                pk=page.pk, claimed_by=worker, wanted=wanted
            ).update(dirty=False, claimed_by="", claimed_until=None, **fields)
            if finished and shown is not None:
                _record(page.pk, shown)
        if finished:
            for name, value in fields.items():
                setattr(page, name, value)
            return
        page.refresh_from_db(fields=["wanted", "claimed_by"])
        if page.claimed_by != worker:
            return
    release(page, worker)


def _store(
    page: BakedPage, rendered: Rendered, target: PublishTarget, report: BakeReport
) -> tuple[dict, set[int] | None]:
    """Write or remove the page's file; return the row's new fields and what it shows."""
    now = timezone.now()
    if rendered.status == 200 and rendered.error is None:
        try:
            name = file_name(page.path, rendered.content_type)
        except BakeError as exc:
            return _failed(page, rendered, str(exc), report), None
        digest = hashlib.sha256(rendered.content).hexdigest()
        if digest == page.digest and name == page.file and target.exists(name):
            report.unchanged += 1
        else:
            try:
                target.write(name, rendered.content)
            except DiskFullError:
                raise
            except PublishError as exc:
                return _failed(page, rendered, str(exc), report), None
            if page.file and page.file != name:
                target.delete(page.file)
            report.written += 1
            report.keys.add(surrogates.page_key(page.path))
        fields = {"file": name, "digest": digest, "built_at": now, "error": ""}
        return fields, rendered.articles
    if rendered.status in REMOVED_STATUSES and rendered.error is None:
        if page.file:
            target.delete(page.file)
            report.keys.add(surrogates.page_key(page.path))
        report.removed += 1
        return {"file": "", "digest": "", "built_at": now, "error": ""}, set()
    message = _describe(rendered)
    return _failed(page, rendered, message, report), None


def _describe(rendered: Rendered) -> str:
    if rendered.error is not None:
        return f"{type(rendered.error).__name__}: {rendered.error}"
    return f"the view answered HTTP {rendered.status}"


def _failed(page: BakedPage, rendered: Rendered, message: str, report: BakeReport) -> dict:
    failure = Failure(page.path, sorted(rendered.articles)[:5], message)
    report.failures.append(failure)
    logger.error("Could not bake %s; the previous file is kept", failure)
    return {"error": message[:2000]}


def _record(page_id: int, shown: set[int]) -> None:
    """Replace the dependency record of a page with the articles it now shows."""
    current = set(
        PageDependency.objects.filter(page_id=page_id).values_list("article_id", flat=True)
    )
    gone = current - shown
    if gone:
        PageDependency.objects.filter(page_id=page_id, article_id__in=gone).delete()
    new = shown - current
    if new:
        PageDependency.objects.bulk_create(
            [PageDependency(page_id=page_id, article_id=a) for a in new], ignore_conflicts=True
        )
