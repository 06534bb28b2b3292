"""The environment of real ``dateline`` processes that tests start and kill."""

from __future__ import annotations

import os
from pathlib import Path


def site_environment(folder: Path) -> dict[str, str]:
    """Return an environment for a baking site whose data and baked folders are under
    ``folder``, on its own SQLite file (the test run's ``DATABASE_URL`` left out)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "DATELINE_DATA_DIR": str(folder / "data"),
        "DATELINE_PUBLISH_ROOT": str(folder / "baked"),
        "DATELINE_BAKE": "1",
        "DATELINE_LOG_LEVEL": "ERROR",
    }
