"""Process and database settings for the length of an import, put back as they were afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# SQLite's page cache while importing (KiB). The default 2 MB is less than one batch of 1,000
# articles, so SQLite spilled pages mid-batch and re-read the random-order indexes (slug,
# legacy key, redirect path) from the OS; 32 MB holds a batch and those indexes of a 100,000-post
# archive. It is memory only, given back when the import ends.
IMPORT_CACHE_KIB = 32 * 1024


@contextmanager
def import_tuning() -> Iterator[None]:
    """Run the block with the objects that exist now left out of garbage collection, and with a
    larger page cache on SQLite (other databases are left alone).

    An import allocates millions of short-lived objects, and every full collection walked the
    whole of Django's heap again; in the parsing process (forked inside the block) it also
    copied every page of that heap. Frozen objects are still freed by reference counting, and
    are collected again after the block.
    """
    gc.freeze()
    try:
        with _sqlite_cache():
            yield
    finally:
        gc.unfreeze()


@contextmanager
def _sqlite_cache() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")
