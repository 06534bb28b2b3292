"""``dateline import SOURCE``: bring an archive in (WXR, ninjs, NewsML-G2 or reference pages)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from dateline.conf import setting
from dateline.importers.models import ImportRun
from dateline.importers.parallel import ReaderProcessError
from dateline.importers.readers import READERS, guess_format
from dateline.importers.readers.ninjs import VERSIONS
from dateline.importers.report import NOTE_KINDS, ImportReport
from dateline.importers.runner import ImportOptions, ImportRunner

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = "Import an archive: WordPress WXR, IPTC ninjs, NewsML-G2 or a folder of pages."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path, help="A file, or a folder of files.")
        parser.add_argument("--format", choices=sorted(READERS), help="Default: guessed.")
        parser.add_argument("--dry-run", action="store_true", help="Read and check; store nothing.")
        parser.add_argument(
            "--resume", action="store_true", help="Go on from the last committed batch."
        )
        parser.add_argument("--report", type=Path, help="Write the summary as JSON to this file.")
        parser.add_argument(
            "--media-root", type=Path, help="Local copy of the media (wp-content/uploads)."
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument("--language", default="en", help="Language of reference pages.")
        parser.add_argument("--ninjs-version", choices=VERSIONS, help="Default: detected.")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--no-followups",
            action="store_true",
            help="Do not rebuild the search index, related lists and baked pages afterwards.",
        )
        parser.add_argument(
            "--no-parallel",
            action="store_true",
            help="Parse in this process (default: a second process parses while this one stores).",
        )

    def handle(self, *args, **options) -> None:
        source: Path = options["source"]
        if not source.exists():
            raise CommandError(f"{source} does not exist")
        fmt = options["format"] or guess_format(source)
        if fmt is None:
            raise CommandError(f"cannot tell the format of {source}; give --format")
        media_root = options["media_root"]
        if media_root is not None and not media_root.is_dir():
            raise CommandError(f"--media-root {media_root} is not a folder")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        reader = READERS[fmt](source, ninjs_version=options["ninjs_version"])
        console = Console(stderr=True)
        with _progress(console, options["no_progress"]) as bar:
            task = bar.add_task("import", total=max(reader.total, 1), items=0, rate=0.0)

            def progress(report: ImportReport, current) -> None:
                rate = report.records / report.seconds if report.seconds else 0.0
                bar.update(task, completed=current.done, items=report.records, rate=rate)

            runner = ImportRunner(
                reader,
                ImportOptions(
                    dry_run=options["dry_run"],
                    resume=options["resume"],
                    batch_size=options["batch_size"],
                    media_root=media_root,
                    language=options["language"],
                    progress=progress,
                    parallel=not options["no_parallel"] and (os.cpu_count() or 1) > 1,
                ),
            )
            try:
                report = runner()
            except KeyboardInterrupt:
                runner.stop()
                raise CommandError(
                    "interrupted; the batches committed so far are kept: "
                    "run the same command with --resume to go on"
                ) from None
            except (DatabaseError, ReaderProcessError, OSError) as exc:
                # OSError: a full disk or an unwritable folder while storing media.
                raise CommandError(_stopped(exc, runner, source)) from None
            bar.update(task, completed=reader.total, items=report.records)
        self._summary(report)
        if options["report"]:
            report.write_json(options["report"])
        changed = report.counts["created"] + report.counts["updated"]
        if not report.dry_run and changed:
            if options["no_followups"]:
                self.stdout.write(f"next: {' && '.join(c for c, _a in _followups())}")
            else:
                self._follow_up(options["no_progress"])
        if report.counts["failed"]:
            raise CommandError(f"{report.counts['failed']} record(s) failed; see above")

    def _summary(self, report: ImportReport) -> None:
        prefix = "dry run: would have " if report.dry_run else ""
        counts = ", ".join(f"{n} {k}" for k, n in report.counts.items())
        if report.resumed_after:
            self.stdout.write(f"resumed after record {report.resumed_after}")
        self.stdout.write(
            f"{prefix}{counts} ({report.records} records in {report.seconds:.1f}s, "
            f"{report.rate:,.0f} articles/s)"
        )
        for title, problems, total in (
            ("failed", report.failures, report.counts["failed"]),
            ("skipped", report.skips, report.counts["skipped"]),
            ("warning", report.warnings, report.warning_count),
            *((kind, getattr(report, kind), report.noted[kind]) for kind in NOTE_KINDS),
        ):
            for problem in problems[:SHOWN_PROBLEMS]:
                self.stdout.write(f"{title}: {problem}")
            if total > SHOWN_PROBLEMS:
                self.stdout.write(f"... and {total - SHOWN_PROBLEMS} more {title} (see --report)")

    def _follow_up(self, no_progress: bool) -> None:
        """Make the site show what was imported: search index, related lists, baked pages.

        Imports write rows directly, without publish events, so nothing was queued for the
        consumers; their own commands rebuild from the articles (each can be run again).
        """
        for command, args in _followups():
            name = command.removeprefix("dateline ").split()[0].replace("-", "_")
            extra = ["--no-progress"] if no_progress and name == "bake" else []
            if no_progress and name == "search_rebuild":
                extra = ["--quiet-progress"]
            self.stdout.write(f"follow-up: {command}")
            try:
                call_command(name, *args, *extra, stdout=self.stdout, stderr=self.stderr)
            except (CommandError, DatabaseError, OSError) as exc:
                # A full disk fails a follow-up as it fails the import: name it, no traceback.
                raise CommandError(
                    f"the import is stored, but its follow-up `{command}` failed: "
                    f"{exc}{_where(exc)}; fix the cause and run it again by hand"
                ) from None


def _followups() -> list[tuple[str, list[str]]]:
    """Return the commands that bring the imported items to readers, in order."""
    commands = [("dateline search-rebuild", []), ("dateline rebuild-related", [])]
    if setting("DATELINE_BAKE"):
        commands.append(("dateline bake", []))
    return commands


def _stopped(exc: Exception, runner: ImportRunner, source: Path) -> str:
    """Mark the run stopped and return the error for the user: what failed, where, and how
    far the import got."""
    committed = 0
    try:
        runner.stop()
        if runner.run is not None:
            committed = ImportRun.objects.get(pk=runner.run.pk).records_done
    except DatabaseError:
        pass  # the database is what failed (a full disk?): --resume finds the run anyway
    return (
        f"stopped after record {committed} of {source}: {exc}{_where(exc)}; the batches committed "
        "so far are kept: fix the cause (a full disk?) and run the same command with --resume"
    )


def _where(exc: Exception) -> str:
    """Return where a database error happened (its file or name), or nothing for others."""
    if isinstance(exc, DatabaseError):
        return f" (database {connection.settings_dict['NAME']})"
    return ""


def _progress(console: Console, disabled: bool) -> Progress:
    return Progress(
        TextColumn("{task.fields[items]:,} records, {task.fields[rate]:,.0f}/s"),
        BarColumn(),
        TextColumn("{task.completed:,.0f} of {task.total:,.0f} bytes read"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=disabled or not console.is_terminal,
        transient=True,
    )
