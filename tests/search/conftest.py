"""Search fixtures: every contract test runs once per backend the database can host."""

from __future__ import annotations

import pytest
from django.db import connection

from dateline.search.service import backend

BACKENDS = {
    "memory": ("dateline.search.backends.memory.MemoryBackend", None),
    "sqlite": ("dateline.search.backends.sqlite.SQLiteBackend", "sqlite"),
    "postgresql": ("dateline.search.backends.postgres.PostgresBackend", "postgresql"),
}


@pytest.fixture(params=list(BACKENDS))
def engine(request, settings, db):
    """Switch search to one backend, emptied; skip engines the test database cannot host."""
    path, vendor = BACKENDS[request.param]
    if vendor is not None and connection.vendor != vendor:
        pytest.skip(f"the {request.param} backend needs a {vendor} database")
    settings.DATELINE_SEARCH_BACKEND = path
    search_backend = backend()
    search_backend.clear()
    yield search_backend
    search_backend.clear()


@pytest.fixture
def db_engine(settings, db):
    """The database's own full-text backend (what ``auto`` picks), emptied."""
    settings.DATELINE_SEARCH_BACKEND = "dateline.search.backends.auto"
    search_backend = backend()
    search_backend.clear()
    return search_backend
