"""``dateline rebuild-related``: rebuild the index, the stories and every stored list."""

from __future__ import annotations

import time
from collections.abc import Iterator

from django.core.management.base import BaseCommand
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.related import dense, service
from dateline.related.index import RelatedIndex
from dateline.related.models import IndexChange
from dateline.related.placement import place_article
from dateline.related.ranking import Weights

BATCH = 2000
# Articles encoded together by the dense signal's encoder.
ENCODE_BATCH = 256
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


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Command(BaseCommand):
    help = "Rebuild the related-items index, story placements and stored related lists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--index-only", action="store_true", help="rebuild the index snapshot only"
        )

    def handle(self, *args, index_only: bool = False, **options):
        self.stdout.write(signals_summary())
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
            for chunk in _chunks(public.iterator(chunk_size=BATCH), ENCODE_BATCH):
                # One encoder call per chunk; vectors of unchanged texts come from the cache.
                vectors = dense.article_vectors(chunk)
                for article in chunk:
                    features, vector = service.index_article(
                        index, article, log_change=False, vector=vectors.get(article.pk)
                    )
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
