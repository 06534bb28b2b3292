"""``dateline rebuild-related``: rebuild the index, the stories and every stored list."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from dateline.articles.models import Article
from dateline.related import service
from dateline.related.index import RelatedIndex
from dateline.related.models import IndexChange
from dateline.stories.placement import place_article

BATCH = 2000


class Command(BaseCommand):
    help = "Rebuild the related-items index, story placements and stored related lists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--index-only", action="store_true", help="rebuild the index snapshot only"
        )

    def handle(self, *args, index_only: bool = False, **options):
        started = time.monotonic()
        public = (
            Article.objects.public()
            .order_by("published_at", "-sort", "pk")
            .prefetch_related("topics")
        )
        total = public.count()
        index = RelatedIndex()
        last = IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first()
        index.watermark = last or 0
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
        ) as progress:
            task = progress.add_task("indexing and placing", total=total)
            # Publication order: each article finds its story among those before it.
            for article in public.iterator(chunk_size=BATCH):
                features, vector = service.index_article(index, article, log_change=False)
                if not index_only:
                    place_article(article, features, vector, index)
                progress.advance(task)
            if not index_only:
                lists = progress.add_task("related lists", total=total)
                for article in public.iterator(chunk_size=BATCH):
                    candidates = service.score_candidates(article, index)
                    service.store_related(article, candidates)
                    progress.advance(lists)
        service.reset_index()
        path = service.save_index(index)
        elapsed = time.monotonic() - started
        self.stdout.write(f"{total} articles indexed into {path} in {elapsed:.1f} s")
