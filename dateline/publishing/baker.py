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

from django.db import connection, connections, transaction
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
    batch: int = 50,
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
    """Render and store each claimed page, then finish the whole batch in one transaction
    (one commit, a few statements) instead of one per page; build again the pages whose
    ``wanted`` moved meanwhile, until they are current."""
    todo = list(pages)
    done: list[_Built] = []
    try:
        for _attempt in range(5):
            for page in todo:
                wanted = page.wanted
                rendered = render_path(page.path)
                fields, shown = _store(page, rendered, target, report)
                done.append(_Built(page, wanted, fields, shown))
            todo = _finish(done, worker)
            done = []
            if not todo:
                return
        for page in todo:
            release(page, worker)
    except DiskFullError:
        # Finish what is written; give the rest of the batch back so that a resumed bake
        # can take it at once.
        _finish(done, worker)
        BakedPage.objects.filter(id__in=[p.pk for p in pages], claimed_by=worker).update(
            claimed_by="", claimed_until=None
        )
        raise


@dataclass
class _Built:
    page: BakedPage
    wanted: int
    fields: dict
    shown: set[int] | None


def build(page: BakedPage, worker: str, target: PublishTarget, report: BakeReport) -> None:
    """Render and store one claimed page, again until it is current; record the result."""
    _build_all([page], worker, target, report)


def _finish(built: list[_Built], worker: str) -> list[BakedPage]:
    """Mark the built pages clean where their ``wanted`` did not move, and record what each
    shows, in one transaction; return the pages to build again (still ours, wanted moved)."""
    if not built:
        return []
    finished: dict[int, set[int]] = {}
    again: list[int] = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            for item in built:
                sql, params = _finish_statement(item, worker)
                cursor.execute(sql, params)
                if cursor.rowcount:
                    for name, value in item.fields.items():
                        setattr(item.page, name, value)
                    if item.shown is not None:
                        finished[item.page.pk] = item.shown
                else:
                    again.append(item.page.pk)
        _record_all(finished)
    if not again:
        return []
    return list(BakedPage.objects.filter(id__in=again, claimed_by=worker, dirty=True))


def _finish_statement(item: _Built, worker: str) -> tuple[str, list]:
    # Plain SQL: building the ORM's UPDATE costs more than running it, once per page.
    quote = connection.ops.quote_name
    fields = {"dirty": False, "claimed_by": "", **item.fields}
    if "built_at" in fields:
        fields["built_at"] = connection.ops.adapt_datetimefield_value(fields["built_at"])
    assignments = ", ".join(f"{quote(name)} = %s" for name in fields)
    sql = (
        f"UPDATE {quote(BakedPage._meta.db_table)} SET {assignments}, "
        f"{quote('claimed_until')} = NULL "
        f"WHERE {quote('id')} = %s AND {quote('claimed_by')} = %s AND {quote('wanted')} = %s"
    )
    return sql, [*fields.values(), item.page.pk, worker, item.wanted]


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


def _record_all(shown_by_page: dict[int, set[int]]) -> None:
    """Replace the dependency records of pages with the articles each now shows."""
    if not shown_by_page:
        return
    current: dict[int, set[int]] = {pk: set() for pk in shown_by_page}
    for ids in _chunks(list(shown_by_page)):
        rows = PageDependency.objects.filter(page_id__in=ids).values_list("page_id", "article_id")
        for page_id, article_id in rows:
            current[page_id].add(article_id)
    new: list[PageDependency] = []
    for page_id, shown in shown_by_page.items():
        gone = current[page_id] - shown
        if gone:
            PageDependency.objects.filter(page_id=page_id, article_id__in=gone).delete()
        new.extend(PageDependency(page_id=page_id, article_id=a) for a in shown - current[page_id])
    if new:
        PageDependency.objects.bulk_create(new, ignore_conflicts=True, batch_size=CHUNK)
