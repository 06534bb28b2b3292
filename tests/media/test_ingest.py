"""Uploads: accepted types, stored paths, metadata read and private data stripped, and every
kind of bad input refused with nothing left behind."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from django.core.files import File
from PIL import Image, features

from dateline.media.errors import MediaRejected
from dateline.media.ingest import ingest
from dateline.media.models import MediaAsset
from dateline.media.paths import parse_media_path
from tests.media.helpers import gps_exif, image_bytes, upload, with_iptc

pytestmark = pytest.mark.django_db


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


def test_jpeg_is_stored_at_the_reference_path(media_root, settings):
    settings.DATELINE_SITE_PREFIX = "alalam"
    asset = ingest(upload("Fire.JPG", image_bytes()), alt_text="Smoke over the terminal")
    parsed = parse_media_path(asset.path)
    assert (parsed.site, parsed.size, parsed.ratio, parsed.ext) == ("alalam", "320", "orig", "jpg")
    assert parsed.ticks == asset.ticks == asset.version_ticks
    assert (asset.width, asset.height, asset.mime_type) == (800, 600, "image/jpeg")
    assert stored_files(media_root) == [asset.file.name]
    with Image.open(Path(media_root) / asset.file.name) as image:
        assert image.size == (800, 600)


@pytest.mark.parametrize(
    ("name", "fmt", "options"),
    [
        ("a.png", "PNG", {}),
        ("a.webp", "WEBP", {"quality": 80}),
        ("a.gif", "GIF", {}),
        ("a.jpeg", "JPEG", {}),
    ],
)
def test_accepted_image_types(media_root, name, fmt, options):
    asset = ingest(upload(name, image_bytes(fmt, **options)))
    assert asset.kind == "image"
    with Image.open(Path(media_root) / asset.file.name) as image:
        assert image.format == fmt


@pytest.mark.skipif(not features.check("avif"), reason="Pillow without AVIF")
def test_avif_is_accepted_when_pillow_reads_it(media_root):
    asset = ingest(upload("a.avif", image_bytes("AVIF")))
    assert asset.extension == "avif"


def test_caption_and_credit_are_read_from_iptc_then_exif(media_root):
    jpeg = with_iptc(image_bytes(exif=gps_exif()), "Firemen at Ras Lanuf", "Agency Photo")
    asset = ingest(upload("fire.jpg", jpeg))
    assert asset.caption == "Firemen at Ras Lanuf"
    assert asset.credit == "Agency Photo"
    assert asset.copyright == "(c) Wire Agency"


def test_editor_words_win_over_embedded_ones(media_root):
    asset = ingest(upload("fire.jpg", image_bytes(exif=gps_exif())), caption="Our caption")
    assert asset.caption == "Our caption"
    assert asset.credit == "Jane Reporter"


def test_gps_and_other_exif_are_stripped_from_the_served_file(media_root, client):
    jpeg = with_iptc(image_bytes(exif=gps_exif()), "Caption", "Credit")
    asset = ingest(upload("fire.jpg", jpeg))
    response = client.get(asset.url)
    served = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(served)) as image:
        assert dict(image.getexif()) == {}
        assert "photoshop" not in image.info
    assert b"Exif" not in served and b"Jane Reporter" not in served
    assert b"Photoshop 3.0" not in served


def test_rotated_jpeg_is_stored_upright_without_exif(media_root):
    exif = gps_exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    asset = ingest(upload("portrait.jpg", image_bytes(exif=exif)))
    assert (asset.width, asset.height) == (600, 800)
    with Image.open(Path(media_root) / asset.file.name) as image:
        assert image.size == (600, 800)
        assert 0x8825 not in image.getexif()


def test_png_exif_is_stripped(media_root):
    asset = ingest(upload("a.png", image_bytes("PNG", exif=gps_exif())))
    data = (Path(media_root) / asset.file.name).read_bytes()
    assert b"Jane Reporter" not in data
    assert b"eXIf" not in data


# Bad input: a clear error, no file on disk and no row.


def assert_refused(media_root, make, *message_parts):
    with pytest.raises(MediaRejected) as caught:
        make()
    for part in message_parts:
        assert part in str(caught.value)
    assert stored_files(media_root) == []
    assert MediaAsset.objects.count() == 0
    return str(caught.value)


def test_truncated_jpeg_is_refused(media_root):
    jpeg = image_bytes(size=(640, 480))
    assert_refused(
        media_root,
        lambda: ingest(upload("cut.jpg", jpeg[: len(jpeg) // 2])),
        "cut.jpg",
        "truncated",
    )


def test_decompression_bomb_is_refused(media_root):
    # 20000 x 20000 white pixels compress to a few kilobytes of PNG.
    out = io.BytesIO()
    Image.new("1", (20000, 20000), 1).save(out, format="PNG")
    assert len(out.getvalue()) < 200_000
    assert_refused(
        media_root, lambda: ingest(upload("bomb.png", out.getvalue())), "bomb.png", "bomb"
    )


def test_bomb_over_pillows_own_limit_is_refused(media_root, settings):
    settings.DATELINE_MEDIA_MAX_PIXELS = 10**12
    out = io.BytesIO()
    Image.new("1", (20000, 20000), 1).save(out, format="PNG")
    assert_refused(media_root, lambda: ingest(upload("bomb.png", out.getvalue())), "bomb")


def test_content_not_matching_name_is_refused(media_root):
    png = image_bytes("PNG")
    assert_refused(media_root, lambda: ingest(upload("photo.jpg", png)), "PNG", "JPEG")


def test_text_named_as_a_picture_is_refused(media_root):
    assert_refused(
        media_root, lambda: ingest(upload("photo.jpg", b"<html>hi</html>")), "not an image"
    )


@pytest.mark.parametrize("name", ["logo.svg", "LOGO.SVG", "x.svgz"])
def test_svg_is_refused(media_root, name):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert_refused(media_root, lambda: ingest(upload(name, svg)), "SVG", "script")


def test_two_gigabyte_upload_is_refused_before_reading(media_root):
    with tempfile.NamedTemporaryFile(suffix=".mp4") as sparse:
        sparse.truncate(2 * 1024**3)  # sparse: no disk used, nothing read
        message = assert_refused(
            media_root, lambda: ingest(File(sparse, name="huge.mp4")), "huge.mp4"
        )
    assert "2,147,483,648 bytes" in message and "DATELINE_MEDIA_MAX_VIDEO_BYTES" in message


def test_oversized_image_is_refused(media_root, settings):
    settings.DATELINE_MEDIA_MAX_IMAGE_BYTES = 1000
    assert_refused(media_root, lambda: ingest(upload("a.jpg", image_bytes())), "1,000-byte")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../../etc/passwd.jpg", "path"),
        ("..\\evil.jpg", "path"),
        ("a/b.jpg", "path"),
        ("..jpg", "path"),
        ("bad\x00name.jpg", "control"),
        ("bad\nname.jpg", "control"),
        ("bad\u202ename.jpg", "control"),
        ("", "1 to"),
        ("noextension", "extension"),
        ("script.php", ".php"),
    ],
)
def test_bad_file_names_are_refused(media_root, name, problem):
    assert_refused(media_root, lambda: ingest(upload("x.jpg", image_bytes()), name), problem)


def test_empty_file_is_refused(media_root):
    assert_refused(media_root, lambda: ingest(upload("a.jpg", b"")), "empty")


def test_a_failure_after_writing_removes_the_file(media_root, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(MediaAsset, "save", broken_save)
    with pytest.raises(RuntimeError):
        ingest(upload("a.jpg", image_bytes()))
    assert stored_files(media_root) == []


def test_no_temporary_files_are_left_in_the_media_folder(media_root):
    ingest(upload("a.jpg", image_bytes()))
    hidden = [n for n in os.listdir(Path(media_root)) if n.startswith(".")]
    assert hidden == []
