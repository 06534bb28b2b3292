"""Pages carrying the distribution head (JSON-LD, OpenGraph, hreflang, feed links) are valid
HTML by the W3C Nu HTML checker (npm package vnu-jar, run with Java)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR = Path(os.environ.get("DATELINE_VNU_JAR", ROOT / ".ci/node_modules/vnu-jar/build/dist/vnu.jar"))


@pytest.fixture(scope="module")
def vnu():
    if not JAR.exists() or shutil.which("java") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the Nu HTML checker is missing: {JAR} (see .ci/run)")
        pytest.skip("vnu.jar not installed (npm install --prefix .ci vnu-jar)")
    return JAR


def nu_errors(jar: Path, pages: dict[str, bytes], folder: Path) -> dict[str, list[str]]:
    """Check every page in one Java run; return the error messages by page name."""
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
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def test_article_pages_are_valid_html(client, newsroom, vnu, tmp_path):
    pages = {}
    for i, article in enumerate(newsroom.public):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        pages[f"article-{i}"] = response.content
    pages["home"] = client.get("/en/").content
    errors = nu_errors(vnu, pages, tmp_path)
    assert {name: found for name, found in errors.items() if found} == {}


def test_broken_sample_fails_the_checker(vnu, tmp_path):
    broken = b"<!DOCTYPE html><html lang=en><title>x</title><p><div></p><meta property=x>"
    assert nu_errors(vnu, {"broken": broken}, tmp_path)["broken"]
