"""Helpers for the importer tests: write sources, run ``dateline import``, read its report."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dateline.importers.wxrgen import write_wxr

REPO = Path(__file__).resolve().parents[2]
SPECS = Path(os.environ.get("DATELINE_SPECS_DIR", REPO / "tests" / "specs"))
SEED = REPO / "dateline" / "demo" / "fixtures" / "reference-page.txt"


@dataclass
class Result:
    report: dict
    output: str
    error: str | None

    @property
    def counts(self) -> dict:
        return self.report["counts"]

    def reasons(self, kind: str = "failures") -> list[str]:
        return [f"{p['place']} [{p['record_id']}] {p['reason']}" for p in self.report[kind]]


@pytest.fixture
def run_import(tmp_path):
    """Return a function running ``dateline import`` with arguments; it returns a Result."""

    def run(*args: str, followups: bool = False) -> Result:
        """Run the import; its follow-ups (index, related, bake) only if ``followups``."""
        report = tmp_path / "report.json"
        report.unlink(missing_ok=True)
        out = StringIO()
        error = None
        try:
            call_command(
                "import",
                *map(str, args),
                *([] if followups else ["--no-followups"]),
                "--no-progress",
                "--report",
                str(report),
                stdout=out,
                stderr=out,
            )
        except CommandError as exc:
            error = str(exc)
        data = json.loads(report.read_text()) if report.exists() else {}
        return Result(data, out.getvalue(), error)

    return run


@pytest.fixture
def wxr_file(tmp_path):
    """Return a function writing posts (dicts, see wxrgen.item_xml) to a WXR file."""

    def write(posts: list[dict], name: str = "export.xml", **kwargs) -> Path:
        path = tmp_path / name
        with path.open("wb") as out:
            write_wxr(out, posts, **kwargs)
        return path

    return write


def post(post_id: int, **fields) -> dict:
    """Return a published post with sensible fields, overridden by ``fields``."""
    data = {
        "id": post_id,
        "title": f"Post number {post_id}",
        "slug": f"post-number-{post_id}",
        "date": "2016-01-18 10:00:00",
        "link": f"https://news.example.com/2016/01/post-number-{post_id}/",
        "content": f"First paragraph of {post_id}.\n\nSecond paragraph.",
        "terms": [("category", "world", "World"), ("post_tag", "libya", "Libya")],
    }
    data.update(fields)
    return data


def attachment(att_id: int, url: str, parent: int = 0, file: str | None = None) -> dict:
    """Return an attachment item of ``url`` (``file``: its ``_wp_attached_file``, if any)."""
    return {
        "id": att_id,
        "type": "attachment",
        "title": f"Photo {att_id}",
        "parent": parent,
        "status": "inherit",
        "attachment_url": url,
        "meta": {"_wp_attached_file": file} if file else {},
        "excerpt": "A caption",
    }
