"""Exports written by WordPress itself (../shared/data/wxr, see its SOURCE.md), not by us."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dateline.articles.models import Article

pytestmark = pytest.mark.django_db

WXR = Path(os.environ.get("DATELINE_WXR_DIR", "/work/shared/data/wxr"))
BLOCKS = WXR / "64-block-test-data.xml"
PREVIEW = WXR / "theme-preview.xml"
needs_data = pytest.mark.skipif(not BLOCKS.exists(), reason="WordPress's test exports absent")


@needs_data
def test_the_block_test_export_imports_every_post(run_import):
    result = run_import(BLOCKS)
    assert result.error is None, result.output
    assert result.counts["failed"] == 0
    assert result.counts["created"] == 61
    assert Article.objects.filter(legacy_key__startswith="wxr:").count() == 61
    skipped = " | ".join(result.reasons("skips"))
    assert "[post 353] a WordPress page" in skipped


@needs_data
def test_the_https_namespace_export_imports(run_import):
    """Current WordPress writes https://wordpress.org/export/1.2/ and, here, no post ids."""
    assert b'xmlns:wp="https://wordpress.org/export/1.2/"' in PREVIEW.read_bytes()[:1000]
    result = run_import(PREVIEW)
    assert result.error is None, result.output
    assert result.counts["created"] == 7
    article = Article.objects.get(pk=19)  # its guid is http://wp-themes.com/?p=19
    assert article.headline == "Worth A Thousand Words"
    assert article.published_at.year == 2008


def test_an_unknown_namespace_is_one_error_at_the_top(run_import, wxr_file):
    source = wxr_file([{"id": n, "title": f"Post {n}"} for n in (1, 2, 3)], version="1.3")
    result = run_import(source)
    assert result.counts["failed"] == 1
    [reason] = result.reasons()
    assert "this file uses export namespace http://wordpress.org/export/1.3/" in reason
    assert (
        "supported: http://wordpress.org/export/1.0/, https://wordpress.org/export/1.0/" in reason
    )
    assert not Article.objects.exists()
