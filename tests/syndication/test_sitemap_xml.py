"""The video sitemap's durations: read from the file when the upload did not record one."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from lxml import etree

from tests.media.helpers import mp4_bytes
from tests.syndication.validators import sitemap_errors

VIDEO = {"video": "http://www.google.com/schemas/sitemap-video/1.1"}


def durations(client) -> list[str]:
    response = client.get("/sitemaps/videos.xml")
    assert response.status_code == 200
    assert sitemap_errors(response.content) == []
    return etree.fromstring(response.content).xpath("//video:duration/text()", namespaces=VIDEO)


def test_video_duration_in_whole_seconds(client, newsroom, media_root, settings):
    # The file appears below without any recorded change, which a kept page would only see
    # after DATELINE_PAGE_CACHE_SECONDS: this test is about reading the file, so keep none.
    settings.DATELINE_PAGE_CACHE_SECONDS = 0
    clip = newsroom.by_headline("Video: the harbour").lead_media
    # No file and no recorded length: the element is left out (the schema allows that).
    assert durations(client) == []
    default_storage.save(clip.file.name, ContentFile(mp4_bytes(seconds=75.5)))
    assert durations(client) == ["76"]
    clip.duration = 40000.0  # longer than Google's eight hours: the most it accepts
    clip.save(update_fields=["duration"])
    assert durations(client) == ["28800"]
