"""``dateline generate`` on a new data folder: it migrates first, then writes the corpus."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generate_into_a_new_data_folder_migrates_it_first(tmp_path):
    folder = tmp_path / "new-data"
    env = {
        **os.environ,
        "DATELINE_DATA_DIR": str(folder),
        "DATELINE_INSECURE_DEV_KEY": "1",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "generate", "--articles", "40"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "generated 40 articles" in result.stdout
    with sqlite3.connect(folder / "dateline.sqlite3") as db:
        (count,) = db.execute("SELECT COUNT(*) FROM articles_article").fetchone()
    assert count == 40
