"""Exports written by WordPress itself (../shared/data/wxr, see its SOURCE.md), not by us."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

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
    # Its uploads live on wordpress.com, out of reach: each is reported, none dropped silently.
    warnings = " | ".join(result.reasons("warnings"))
    assert "[post 84] '2008/06/img_0747.jpg' not imported: no --media-root was given" in warnings


@needs_data
def test_the_block_test_export_renders_figures_not_empty_shells(run_import, client):
    """WordPress's gallery test post once came out as 76 empty figures."""
    assert run_import(BLOCKS).counts["created"] == 61
    for pk, images in ((84, 56), (80, 27)):  # the Gallery and Image posts
        page = client.get(Article.objects.get(pk=pk).get_absolute_url())
        body = BeautifulSoup(page.content, "html.parser").select_one(".body")
        figures = body.find_all("figure")
        assert len(body.select("figure img")) == images
        assert all(f.img or f.get_text(strip=True) for f in figures), "an empty figure"
    page = client.get(Article.objects.get(pk=95).get_absolute_url())  # the Video post
    body = BeautifulSoup(page.content, "html.parser").select_one(".body")
    assert body.select("figure.embed[data-provider=Video] a[href]")
    assert "wp:" not in str(body)


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
