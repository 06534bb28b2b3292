"""Videos: container checks, duration, location removed, posters and VideoObject data."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dateline.media.errors import MediaRejected
from dateline.media.ingest import ingest
from dateline.media.models import MediaAsset
from dateline.media.structured import iso_duration, video_object
from tests.media.helpers import image_bytes, mp4_bytes, upload, webm_bytes

pytestmark = pytest.mark.django_db


def test_mp4_duration_is_read_and_location_removed(media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""
    raw = mp4_bytes(seconds=75.5)
    asset = ingest(upload("clip.mp4", raw), alt_text="Clip")
    assert (asset.kind, asset.duration, asset.mime_type) == ("video", 75.5, "video/mp4")
    assert asset.path.endswith("_orig_orig.mp4")
    stored = (Path(media_root) / asset.file.name).read_bytes()
    assert len(stored) == len(raw)
    assert b"\xa9xyz" not in stored and b"free" in stored
    assert asset.poster is None


def test_webm_duration(media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""
    asset = ingest(upload("clip.webm", webm_bytes(3.25)))
    assert (asset.duration, asset.mime_type) == (3.25, "video/webm")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("clip.mp4", mp4_bytes()[:60], "truncated"),
        ("clip.mp4", image_bytes(), "not an MP4"),
        ("clip.webm", mp4_bytes(), "not a WebM"),
        ("clip.webm", webm_bytes()[:20], "WebM"),
    ],
)
def test_bad_videos_are_refused(media_root, name, content, problem):
    with pytest.raises(MediaRejected, match=problem):
        ingest(upload(name, content))
    assert MediaAsset.objects.count() == 0
    assert [p for p in Path(media_root).rglob("*") if p.is_file()] == []


def test_uploaded_poster_is_stored_with_the_video(media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""
    asset = ingest(
        upload("clip.mp4", mp4_bytes()),
        poster=upload("still.png", image_bytes("PNG")),
        alt_text="Firemen",
    )
    assert asset.poster.kind == "image"
    assert asset.poster.alt_text == "Firemen"
    assert asset.picture == asset.poster


def test_bad_poster_refuses_the_video_too(media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""
    with pytest.raises(MediaRejected, match="poster.svg"):
        ingest(upload("clip.mp4", mp4_bytes()), poster=upload("poster.svg", b"<svg/>"))
    assert MediaAsset.objects.count() == 0


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_ffmpeg_takes_the_poster_frame(media_root, tmp_path):
    video = tmp_path / "test.mp4"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=2:size=320x240:rate=10",
            "-pix_fmt",
            "yuv420p",
            "-y",
            str(video),
        ],
        check=True,
        timeout=60,
    )
    asset = ingest(upload("test.mp4", video.read_bytes()), alt_text="Test card")
    assert asset.duration == pytest.approx(2.0, abs=0.2)
    assert asset.poster is not None
    assert (asset.poster.width, asset.poster.height) == (320, 240)


def test_video_object(media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""
    settings.DATELINE_SITE_URL = "https://news.example"
    asset = ingest(
        upload("clip.mp4", mp4_bytes(63)),
        poster=upload("still.jpg", image_bytes()),
        caption="Firemen fight the fire",
        credit="Agency",
    )
    data = video_object(asset, name="VIDEO: Fire")
    assert data["@type"] == "VideoObject"
    assert data["name"] == "VIDEO: Fire"
    assert data["duration"] == "PT1M3S"
    assert data["contentUrl"] == "https://news.example/media" + asset.path
    assert data["thumbnailUrl"] == ["https://news.example/media" + asset.poster.path]
    assert data["encodingFormat"] == "video/mp4"
    assert data["uploadDate"].startswith(asset.path[1:11].replace("/", "-"))
    with pytest.raises(ValueError):
        video_object(asset.poster)


def test_iso_duration():
    assert [iso_duration(s) for s in (0, 5, 60, 3725.4)] == ["PT0S", "PT5S", "PT1M", "PT1H2M5S"]


def test_video_is_served_with_ranges(client, media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""
    asset = ingest(upload("clip.mp4", mp4_bytes()))
    response = client.get(asset.url, HTTP_RANGE="bytes=0-7")
    assert response.status_code == 206
    assert b"".join(response.streaming_content)[4:8] == b"ftyp"
