"""WordPress media: featured images, uploads the body shows, WordPress.com URLs, missing files."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage

from dateline.articles.models import Article
from dateline.importers.models import Redirect
from dateline.media.models import MediaAsset
from tests.importers.conftest import attachment, post

pytestmark = pytest.mark.django_db

SELF_HOSTED = "https://news.example.com/wp-content/uploads/2016/01/storm.jpg"
HOSTED = "https://examplenews.files.wordpress.com/2008/06/boat.jpg"


def test_featured_and_body_images_come_in_and_the_body_shows_the_new_files(
    run_import, wxr_file, tmp_path, media_root, client
):
    uploads = tmp_path / "uploads"
    (uploads / "2016/01").mkdir(parents=True)
    (uploads / "2008/06").mkdir(parents=True)
    (uploads / "2016/01/storm.jpg").write_bytes(b"\xff\xd8\xff storm")
    (uploads / "2008/06/boat.jpg").write_bytes(b"\xff\xd8\xff boat")
    body = (
        f'<!-- wp:image {{"id":11}} -->\n<figure class="wp-block-image"><img src="{SELF_HOSTED}"'
        ' alt="Storm" class="wp-image-11"/></figure>\n<!-- /wp:image -->\n\n'
        '[gallery ids="12,13"]'
    )
    source = wxr_file(
        [
            post(1, content=body, meta={"_thumbnail_id": 11}),
            post(2, meta={"_thumbnail_id": 99}),
            attachment(11, SELF_HOSTED, parent=1, file="2016/01/storm.jpg"),
            # WordPress.com: no _wp_attached_file, no wp-content/uploads in the URL.
            attachment(12, HOSTED),
            attachment(13, "https://examplenews.files.wordpress.com/2008/06/gone.jpg"),
        ]
    )
    result = run_import(source, "--media-root", uploads)
    assert result.error is None, result.output

    article = Article.objects.get(pk=1)
    lead = article.lead_media
    assert lead is not None and lead.alt_text == "Photo 11"
    boat = MediaAsset.objects.exclude(pk=lead.pk).get()
    with default_storage.open(boat.file.name) as stored:
        assert stored.read() == b"\xff\xd8\xff boat"
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    sources = [img["src"] for img in page.select(".body img")]
    # The missing file keeps its old URL (and is reported below); the others are ours now.
    gone = "https://examplenews.files.wordpress.com/2008/06/gone.jpg"
    assert sources == [lead.url, boat.url, gone]
    assert SELF_HOSTED not in str(page) and HOSTED not in str(page)
    assert Redirect.objects.get(old_path="/2008/06/boat.jpg").media == boat

    warnings = result.reasons("warnings")
    assert len(warnings) == 1
    assert "[post 1] media file '2008/06/gone.jpg' is missing from --media-root" in warnings[0]
    degraded = result.reasons("degraded")
    assert any(
        "[post 2] featured image 99 is not in the export: no lead media" in d for d in degraded
    )
    assert Article.objects.get(pk=2).lead_media is None
