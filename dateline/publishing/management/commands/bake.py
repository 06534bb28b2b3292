"""``dateline bake``: bake every page (or resume an interrupted bake) with a progress bar."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from dateline.publishing import bakery
from dateline.publishing.errors import DiskFullError
from dateline.publishing.targets import publish_target


class Command(BaseCommand):
    help = "Bake every page to the publish target, in parallel workers; --resume finishes a bake."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="Worker processes (2).")
        parser.add_argument(
            "--resume",
            action="store_true",
            help="Only finish pages left dirty by an interrupted bake or publish.",
        )
        parser.add_argument(
            "--latest", type=int, default=None, help="Bake only the N newest articles' pages."
        )
        parser.add_argument(
            "--kind", action="append", default=[], help="Bake only this kind (repeatable)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Print no progress bar.")

    def handle(self, *args, workers: int, resume: bool, latest, kind, no_progress, **options):
        if workers < 1:
            raise CommandError(f"--workers must be 1 or more, not {workers}")
        target = publish_target()
        freed, temporaries = bakery.prepare_resume(target)
        if freed or temporaries:
            self.stdout.write(
                f"Resuming: freed {freed} claims of stopped workers, "
                f"removed {temporaries} unfinished temporary files."
            )
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        )
        disabled = no_progress or not sys.stdout.isatty()
        with Progress(*columns, disable=disabled) as progress:
            if not resume:
                listing = progress.add_task("Listing pages", total=None)
                bakery.enqueue_all(kind, latest, lambda n: progress.advance(listing, n))
            total = bakery.pending()
            baking = progress.add_task("Baking", total=total)
            try:
                report = bakery.run_workers(workers, lambda n: progress.advance(baking, n))
            except DiskFullError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Baked {report.done} pages: {report.written} written, {report.unchanged} unchanged, "
            f"{report.removed} removed, {len(report.failures)} failed."
        )
        left = bakery.pending()
        if left:
            self.stdout.write(f"{left} pages are still wanted; run `dateline bake --resume`.")
        if report.failures:
            for failure in report.failures:
                self.stderr.write(f"FAILED {failure}")
            raise CommandError(f"{len(report.failures)} pages failed to bake (listed above).")
