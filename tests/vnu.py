"""The W3C Nu HTML checker (npm package vnu-jar, run with Java), shared by the validity tests.

``.ci/run`` installs the jar into ``.ci/node_modules``; ``DATELINE_VNU_JAR`` points elsewhere.
The ``vnu`` fixture (tests/conftest.py) hands a test the jar, or skips without one (fails
under ``CI=true``). Java starts slowly, so a test checks all its pages in one run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def vnu_jar() -> Path:
    """Return the checker's jar, or skip the test (fail it with ``CI=true``) if it is missing."""
    jar = Path(
        os.environ.get("DATELINE_VNU_JAR", ROOT / ".ci/node_modules/vnu-jar/build/dist/vnu.jar")
    )
    if not jar.exists() or shutil.which("java") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the Nu HTML checker is missing: {jar} (see .ci/run)")
        pytest.skip("vnu.jar not installed (npm install --prefix .ci vnu-jar)")
    return jar


def nu_errors(jar: Path, pages: dict[str, bytes], folder: Path) -> dict[str, list[str]]:
    """Check every page in one Java run; return the error messages by page name.

    Page names become file names, so they must be safe as such (letters, digits, dashes).
    """
    for name, body in pages.items():
        (folder / f"{name}.html").write_bytes(body)
    run = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--errors-only",
            *[str(folder / f"{n}.html") for n in pages],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = {name: [] for name in pages}
    for message in json.loads(run.stderr or '{"messages": []}')["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1].removesuffix(".html")
        extract = message.get("extract", "").strip()
        errors.setdefault(name, []).append(
            f"{message.get('lastLine')}: {message['message']}"
            + (f" [{extract}]" if extract else "")
        )
    return errors
