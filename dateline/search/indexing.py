"""Keep the index in step with articles: one article, a batch, or a full rebuild."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dateline.articles.models import Article
from dateline.search.documents import build_document, is_indexable
from dateline.search.service import backend

BATCH = 1000
_FIELDS = (
    "id",
    "headline",
    "summary",
    "body",
    "language",
    "published_at",
    "sort",
    "section_id",
    "article_type_id",
    "label_id",
    "embargo_until",
    "status",
    "is_stub",
)


def refresh(article: Article) -> bool:
    """Index ``article`` if it belongs in the index, else remove it; return True if indexed."""
    engine = backend()
    if is_indexable(article):
        engine.index([build_document(article)])
        return True
    engine.remove([article.pk])
    return False


def _indexable_rows():
    """Return the rows ``documents.is_indexable`` accepts, as one query."""
    return Article.objects.filter(
        status=Article.Status.PUBLISHED,
        published_at__isnull=False,
        sort__isnull=False,
        is_stub=False,
    )


def indexable_articles() -> Iterator[list[Article]]:
    """Yield batches of every indexable article, walking primary-key windows.

    Each batch is a primary-key range read (a filtered, ordered ``LIMIT`` makes SQLite scan
    the status index for every batch); unindexable rows are dropped in Python, and runs of
    missing ids are jumped over.
    """
    rows = Article.objects.only(*_FIELDS).order_by("pk")
    last = 0
    while True:
        first = rows.filter(pk__gt=last).values_list("pk", flat=True).first()
        if first is None:
            return
        window = list(rows.filter(pk__gte=first, pk__lt=first + BATCH))
        last = window[-1].pk
        batch = [article for article in window if is_indexable(article)]
        if batch:
            yield batch


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and index every indexable article; call ``progress(n)`` per batch."""
    engine = backend()
    engine.clear()
    total = 0
    for batch in indexable_articles():
        total += engine.index(build_document(a) for a in batch)
        if progress:
            progress(len(batch))
    return total


def indexable_count() -> int:
    return _indexable_rows().count()
