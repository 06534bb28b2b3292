"""Run an import: read, batch, store each batch in one transaction, checkpoint, resume.

Each batch is one transaction that also moves the run's checkpoint (``ImportRun.records_done``),
so a crash at any moment leaves whole batches stored and a checkpoint that names them exactly.
``resume=True`` skips the records the checkpoint covers; idempotent storage makes re-reading
any of them harmless anyway. An item that appears again later in a source (a newer version of
a ninjs or NewsML-G2 item) updates the earlier one; WXR refuses repeated post ids itself.
A record that fails to store is retried alone, so one bad record
never takes its batch down and never leaves half of itself behind.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DataError, IntegrityError, transaction

from dateline.importers.models import ImportRun
from dateline.importers.parallel import ParallelReader
from dateline.importers.readers.base import Reader
from dateline.importers.records import Failed, PageRecord, Record, Skipped
from dateline.importers.reference_page import PageError
from dateline.importers.reference_store import import_reference_page
from dateline.importers.report import ImportReport, Problem
from dateline.importers.store import StoreContext, store_records
from dateline.importers.tuning import import_tuning

Progress = Callable[[ImportReport, Reader], None]


@dataclass
class ImportOptions:
    dry_run: bool = False
    resume: bool = False
    batch_size: int = 1000
    media_root: Path | None = None
    language: str = "en"
    progress: Progress | None = None
    # Parse in a child process while this one stores (two cores).
    parallel: bool = False


@dataclass
class _Batch:
    records: list[Record] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.records) + len(self.pages)


class ImportRunner:
    """Import everything ``reader`` yields, as ``options`` say; return the report."""

    def __init__(self, reader: Reader, options: ImportOptions) -> None:
        self.reader = ParallelReader(reader) if options.parallel else reader
        self.options = options
        self.report = ImportReport(str(reader.source), reader.format, dry_run=options.dry_run)
        self.run: ImportRun | None = None

    def __call__(self) -> ImportReport:
        with import_tuning():
            return self._import()

    def _import(self) -> ImportReport:
        started = time.monotonic()
        skip = self._start()
        batch, position = _Batch(), 0
        for item in self.reader:
            position += 1
            if position <= skip:
                continue
            if isinstance(item, Record | PageRecord) and item.key in batch.keys:
                # A later version of an item in this batch: store the earlier one first.
                self._commit(batch, position - 1)
                batch = _Batch()
            self._take(item, batch)
            if len(batch) >= self.options.batch_size:
                self._commit(batch, position)
                batch = _Batch()
            if position % 250 == 0 and self.options.progress:
                self.report.seconds = time.monotonic() - started
                self.options.progress(self.report, self.reader)
        self._commit(batch, position, final=True)
        self.report.seconds = time.monotonic() - started
        return self.report

    def _start(self) -> int:
        """Open this run's checkpoint row; return how many records a resumed run skips."""
        if self.options.dry_run:
            return 0
        fingerprint = self.reader.fingerprint()
        source = str(self.reader.source.resolve())
        if self.options.resume:
            self.run = (
                ImportRun.objects.filter(
                    source=source, format=self.reader.format, fingerprint=fingerprint
                )
                .exclude(status=ImportRun.Status.DONE)
                .first()
            )
        if self.run is None:
            self.run = ImportRun.objects.create(
                source=source, format=self.reader.format, fingerprint=fingerprint
            )
            return 0
        self.report.resumed_after = self.run.records_done
        self.report.counts.update(self.run.counts)
        self.run.status = ImportRun.Status.RUNNING
        self.run.save(update_fields=["status", "updated_at"])
        return self.run.records_done

    def stop(self) -> None:
        """Mark the run stopped (interrupted): ``--resume`` picks it up."""
        if self.run is not None:
            ImportRun.objects.filter(pk=self.run.pk).update(status=ImportRun.Status.STOPPED)

    def _take(self, item, batch: _Batch) -> None:
        if isinstance(item, Failed | Skipped):
            outcome = "failed" if isinstance(item, Failed) else "skipped"
            self.report.add(outcome, Problem(item.place, item.record_id, item.reason))
            return
        problem = item.problem() if isinstance(item, Record) else None
        if problem:
            self.report.add("failed", Problem(item.place, item.record_id, problem))
            return
        batch.keys.add(item.key)
        (batch.records if isinstance(item, Record) else batch.pages).append(item)

    def _commit(self, batch: _Batch, position: int, final: bool = False) -> None:
        with transaction.atomic():
            outcomes, problems, warnings = self._store(batch.records)
            for page in batch.pages:
                outcome, problem = self._store_page(page)
                if problem:
                    problems[page.key] = problem
                else:
                    outcomes[page.key] = outcome
            for record in [*batch.records, *batch.pages]:
                if record.key in outcomes:
                    self.report.add(outcomes[record.key])
                    for kind, reason in record.notes:
                        self.report.note(kind, Problem(record.place, record.record_id, reason))
                elif record.key in problems:
                    self.report.add("failed", problems[record.key])
            for warning in warnings:
                self.report.warn(warning)
            if self.run is not None:
                self.run.records_done = position
                self.run.counts = self.report.counts
                if final:
                    self.run.status = ImportRun.Status.DONE
                self.run.save()
            if self.options.dry_run:
                transaction.set_rollback(True)

    def _store(self, records: list[Record]) -> tuple[dict, dict, list]:
        """Store records in bulk; if the database refuses, store them one by one."""
        if not records:
            return {}, {}, []
        # Only a refusal of the data is a record's fault; a full disk or a lost connection
        # stops the import with its checkpoint intact, for --resume.
        try:
            return self._attempt(records)
        except (IntegrityError, DataError):
            outcomes, problems, warnings = {}, {}, []
            for record in records:
                try:
                    done, failed, warned = self._attempt([record])
                except (IntegrityError, DataError) as exc:
                    reason = f"the database refused it: {str(exc).strip()[:300]}"
                    problems[record.key] = Problem(record.place, record.record_id, reason)
                    continue
                outcomes.update(done)
                problems.update(failed)
                warnings += warned
            return outcomes, problems, warnings

    def _attempt(self, records: list[Record]) -> tuple[dict, dict, list]:
        problems: dict[str, Problem] = {}
        warnings: list[Problem] = []

        def fail(record: Record, reason: str) -> None:
            problems[record.key] = Problem(record.place, record.record_id, reason)

        def warn(record: Record, reason: str) -> None:
            warnings.append(Problem(record.place, record.record_id, reason))

        context = StoreContext(self.reader.format, self.options.media_root, warn, fail)
        with transaction.atomic():
            outcomes = store_records(records, context)
        return outcomes, problems, warnings

    def _store_page(self, record: PageRecord) -> tuple[str | None, Problem | None]:
        try:
            result = import_reference_page(record.page, self.options.language, record.article_id)
        except (PageError, IntegrityError, DataError) as exc:
            return None, Problem(record.place, record.record_id, str(exc)[:500])
        record.notes = result.notes
        if result.created:
            return "created", None
        return ("updated" if result.changed else "unchanged"), None
