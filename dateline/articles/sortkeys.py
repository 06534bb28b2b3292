"""Allocate global sort keys: each new key is smaller than every key already given.

The counter row is updated under the database's row lock inside the caller's transaction, so
workers sharing one database never receive the same key. See docs/sort-keys.md.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Min

from dateline.articles.models import Article, SortKeyCounter
from dateline.conf import setting


def allocate_sort_keys(count: int = 1) -> range:
    """Reserve ``count`` new sort keys and return them, newest (smallest) last."""
    if count < 1:
        raise ValueError("count must be at least 1")
    with transaction.atomic():
        if not SortKeyCounter.objects.filter(pk=1).update(value=F("value") - count):
            _create_counter(count)
        counter = SortKeyCounter.objects.select_for_update().get(pk=1)
        # Imported keys may lie below the counter; stay under every key in use.
        lowest = Article.objects.aggregate(lowest=Min("sort"))["lowest"]
        top = counter.value + count - 1
        if lowest is not None and top >= lowest:
            top = lowest - 1
            counter.value = top - count + 1
            counter.save(update_fields=["value"])
        return range(top, counter.value - 1, -1)


def allocate_sort_key() -> int:
    """Reserve and return one new sort key."""
    return allocate_sort_keys(1)[0]


def _create_counter(count: int) -> None:
    start = setting("DATELINE_SORT_KEY_START")
    try:
        with transaction.atomic():
            SortKeyCounter.objects.create(pk=1, value=start - count)
    except IntegrityError:
        # Another worker created the row first; take our keys from it.
        SortKeyCounter.objects.filter(pk=1).update(value=F("value") - count)
