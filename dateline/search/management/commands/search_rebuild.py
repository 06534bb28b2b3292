"""``dateline search-rebuild``: rebuild the search index from the articles, with a progress bar."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dateline.search import indexing
from dateline.search.service import backend


class Command(BaseCommand):
    help = "Empty the search index and index every published article again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options) -> None:
        total = indexing.indexable_count()
        started = time.perf_counter()
        columns = (
            TextColumn("Indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>8.0f}/s"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, disable=options["quiet_progress"]) as bar:
            task = bar.add_task("index", total=total, rate=0.0)

            def advance(n: int) -> None:
                elapsed = time.perf_counter() - started
                done = bar.tasks[0].completed + n
                bar.update(task, advance=n, rate=done / elapsed if elapsed else 0.0)

            indexed = indexing.rebuild(advance)
        elapsed = time.perf_counter() - started
        size = backend().size_bytes()
        self.stdout.write(
            f"Indexed {indexed} articles in {elapsed:.1f} s "
            f"({indexed / elapsed if elapsed else 0:.0f}/s) with {backend().name}"
            + (f"; index size {size / 1e6:.1f} MB" if size else "")
        )
