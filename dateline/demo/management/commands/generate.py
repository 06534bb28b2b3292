"""``dateline generate --articles N``: write a synthetic corpus of any size, streaming."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from dateline.demo.corpus import CorpusWriter
from dateline.demo.media_pool import build_media_pool


class Command(BaseCommand):
    help = "Generate N synthetic published articles (English and Arabic) for demos and benchmarks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--days", type=float, default=None, help="Span of publication times.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--languages", default="en,ar")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--with-files", action="store_true", help="Draw picture files too.")

    def handle(self, *args, **options) -> None:
        count = options["articles"]
        if count < 1:
            raise CommandError("--articles must be at least 1")
        # A new data folder has no tables yet; migrating first (a no-op on a current database)
        # saves a traceback and a second command.
        call_command("migrate", verbosity=0, interactive=False)
        languages = tuple(code.strip() for code in options["languages"].split(",") if code.strip())
        end = timezone.now() - timedelta(minutes=1)
        days = options["days"] or max(30.0, count / 200)
        start = end - timedelta(days=days)
        pictures = max(10, min(count // 10, 2000))
        images, videos = build_media_pool(
            pictures, max(2, pictures // 10), start, end, options["with_files"]
        )
        writer = CorpusWriter(
            count=count,
            start=start,
            end=end,
            languages=languages,
            seed=options["seed"],
            batch_size=options["batch_size"],
            media=images,
            videos=videos,
        )
        columns = (
            *Progress.get_default_columns()[:1],
            MofNCompleteColumn(),
            BarColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, transient=False) as progress:
            task = progress.add_task("articles", total=count)
            writer.write(lambda n: progress.advance(task, n))
        self.stdout.write(f"generated {count} articles over {days:.0f} days")
