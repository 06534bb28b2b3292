"""An import's tuning lasts as long as the import, even one that fails."""

from __future__ import annotations

import gc

import pytest
from django.db import connection

from dateline.importers.tuning import IMPORT_CACHE_KIB, import_tuning


def cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return int(cursor.fetchone()[0])


def test_objects_are_frozen_for_the_import_and_thawed_after_even_on_failure(db):
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), import_tuning():
        assert gc.get_freeze_count() > 0
        raise RuntimeError("the import stopped")
    assert gc.get_freeze_count() == 0


def test_sqlite_gets_a_larger_page_cache_for_the_import_only(db):
    if connection.vendor != "sqlite":
        pytest.skip("the page cache is SQLite's")
    before = cache_size()
    with pytest.raises(RuntimeError), import_tuning():
        assert cache_size() == -IMPORT_CACHE_KIB
        raise RuntimeError("the import stopped")
    assert cache_size() == before
