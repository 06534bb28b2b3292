"""The benchmark's export with media: every post shows its featured image, and importing it
with the files stores one asset per post, as lead media and in the body."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import Article
from dateline.importers.wxrgen import synthetic_posts, write_wxr
from dateline.media.models import MediaAsset

pytestmark = pytest.mark.django_db


def test_synthetic_posts_with_media_import_with_their_files(run_import, tmp_path):
    uploads = tmp_path / "uploads"
    posts = list(synthetic_posts(5, media=True))
    for item in posts:
        if item.get("file"):
            (uploads / item["file"]).parent.mkdir(parents=True, exist_ok=True)
            (uploads / item["file"]).write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    source = tmp_path / "export.xml"
    with source.open("wb") as out:
        write_wxr(out, posts)
    result = run_import(source, "--media-root", uploads)
    assert result.counts["created"] == 5, result.reasons()
    assert result.report["warning_count"] == 0
    assert MediaAsset.objects.count() == 5
    for article in Article.objects.all():
        assert article.lead_media is not None
        (img,) = BeautifulSoup(article.body, "html.parser").find_all("img")
        assert img["src"] == article.lead_media.url
