"""Benchmarks; see docs/benchmarks.md for the figures and how each was run."""

from __future__ import annotations

import sys
from pathlib import Path

DATABASE = "dateline.sqlite3"


def require_corpus(folder: str | Path | None, articles: str = "1000000") -> Path:
    """Return ``folder`` when it holds a generated corpus (a Dateline SQLite database), else
    stop with a message saying how to generate one there."""
    if folder and Path(folder, DATABASE).is_file():
        return Path(folder)
    where = folder or "/path/to/corpus"
    sys.exit(
        f"No corpus at {where} (no {DATABASE} in it). Generate one first, then rerun:\n"
        f"    DATELINE_INSECURE_DEV_KEY=1 DATELINE_DATA_DIR={where} "
        f".venv/bin/dateline generate --articles {articles}\n"
        "(`generate` migrates the new folder itself; a smaller --articles makes a quicker corpus)."
    )
