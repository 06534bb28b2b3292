"""Database settings for the length of an import, put back as they were afterwards."""

from __future__ import annotations

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
    """Give SQLite a larger page cache while the block runs; other databases are left alone."""
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
