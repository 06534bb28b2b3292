"""Search engines behind ``DATELINE_SEARCH_BACKEND``; ``auto`` picks one for the database."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.module_loading import import_string

from dateline.search.backends.base import SearchBackend

BY_VENDOR = {
    "sqlite": "dateline.search.backends.sqlite.SQLiteBackend",
    "postgresql": "dateline.search.backends.postgres.PostgresBackend",
}


def auto() -> SearchBackend:
    """Return the full-text backend of the default database: SQLite FTS5 or PostgreSQL."""
    try:
        path = BY_VENDOR[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"No search backend for the {connection.vendor} database; set "
            "DATELINE_SEARCH_BACKEND to dateline.search.backends.memory.MemoryBackend"
        ) from None
    return import_string(path)()
