"""Related-engine fixtures: an isolated index file, tasks run at once, dense signal off."""

from __future__ import annotations

import pytest

from dateline.related import service


@pytest.fixture
def engine(settings, tmp_path):
    """Point the index at a fresh file, run tasks immediately, forget any index copy."""
    settings.DATELINE_RELATED_INDEX_PATH = str(tmp_path / "index.npz")
    settings.DATELINE_RELATED_DENSE = False
    # Scores run lower on a handful of articles than on a newsroom's archive (idf is flat).
    settings.DATELINE_STORY_THRESHOLD = 0.2
    settings.DATELINE_RELATED_BACKEND = "dateline.related.backends.hybrid.HybridRelatedBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    service.reset_index()
    yield tmp_path
    service.reset_index()
