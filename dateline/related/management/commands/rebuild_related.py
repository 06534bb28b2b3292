"""``dateline rebuild-related``: rebuild the index, the stories and every stored list."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from dateline.conf import setting
from dateline.related import dense, service
from dateline.related.ranking import Weights
from dateline.related.rebuild import rebuild

# The ranking's signals, by their name in ``ranking.Weights``.
SIGNALS = ("lexical", "entities", "topics", "story", "recency", "dense")


def signals_summary() -> str:
    """Return which signals the rebuild ranks with, their weights, and why any is off."""
    weights = Weights()
    on, off = [], []
    for name in SIGNALS:
        weight = getattr(weights, name)
        if weight <= 0:
            off.append(f"{name} (weight 0)")
        elif name == "dense" and not setting("DATELINE_RELATED_DENSE"):
            off.append("dense (DATELINE_RELATED_DENSE is off)")
        elif name == "dense" and not dense.available():
            off.append("dense (DATELINE_RELATED_DENSE is on but `dateline[embeddings]` is missing)")
        else:
            on.append(f"{name} {weight:g}")
    stories = (
        f"stories: threshold {setting('DATELINE_STORY_THRESHOLD'):g} "
        f"(short texts {setting('DATELINE_STORY_SHORT_THRESHOLD'):g}), "
        f"time scale {setting('DATELINE_STORY_TIME_SCALE_DAYS'):g} days, "
        f"window {setting('DATELINE_STORY_WINDOW_DAYS')} days"
    )
    return f"signals on: {', '.join(on)}; off: {', '.join(off) or 'none'}; {stories}"


class Command(BaseCommand):
    help = (
        "Rebuild the related-items index, story placements and stored related lists; a "
        "stopped rebuild resumes where it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--index-only", action="store_true", help="rebuild the index and stories only"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes to use (default: one per core)",
        )
        parser.add_argument(
            "--fresh", action="store_true", help="start again instead of resuming a stopped run"
        )
        parser.add_argument(
            "--checkpoint-every",
            type=int,
            default=50_000,
            help="save a resumable snapshot after this many articles (default 50,000)",
        )

    def handle(self, *args, index_only=False, workers=None, fresh=False, **options):
        if workers is not None and workers < 1:
            raise CommandError(f"--workers must be 1 or more, not {workers}")
        every = options["checkpoint_every"]
        if every < 1:
            raise CommandError(f"--checkpoint-every must be 1 or more, not {every}")
        self.stdout.write(signals_summary())
        started = time.monotonic()
        columns = (
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns) as bar:
            tasks: dict[str, TaskID] = {}
            names = {"index": "index and stories", "lists": "related lists"}

            def report(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(names[phase], total=total)
                bar.update(tasks[phase], completed=done)

            run, index, resumed = rebuild(
                index_only=index_only,
                workers=workers,
                fresh=fresh,
                checkpoint_every=every,
                progress=report,
            )
        if resumed:
            self.stdout.write(f"resumed the stopped rebuild #{run.pk}")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{run.total} articles indexed into {service.index_path()} in {elapsed:.1f} s"
        )
