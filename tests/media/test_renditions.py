"""Renditions: geometry, find-or-create at the reference path, serving on first request,
crop versions and the race between two workers."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from PIL import Image

from dateline.media.focus import set_focus
from dateline.media.geometry import fit_crop, focal_box, output_size
from dateline.media.ingest import ingest
from dateline.media.models import Rendition
from dateline.media.paths import parse_media_path
from dateline.media.renditions import (
    Spec,
    _create,
    find_or_create,
    formats_for,
    picture,
    rendition_path,
)
from tests.media.helpers import image_bytes, upload


def colour_at(data: bytes, where=(0.5, 0.5)) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((int(where[0] * (rgb.width - 1)), int(where[1] * (rgb.height - 1))))


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    data = b"".join(response.streaming_content)
    return data


def near(colour, expected, slack=40) -> bool:
    return all(abs(a - b) <= slack for a, b in zip(colour, expected, strict=True))


def test_focal_box_is_the_largest_ratio_box_around_the_focal_point():
    assert focal_box((800, 600), "4x3", (0.5, 0.5)) == (0, 0, 800, 600)
    assert focal_box((800, 600), "1x1", (0.0, 0.5)) == (0, 0, 600, 600)
    assert focal_box((800, 600), "1x1", (1.0, 0.5)) == (200, 0, 800, 600)
    assert focal_box((800, 600), "16x9", (0.5, 1.0)) == (0, 150, 800, 600)
    assert focal_box((800, 600), "orig", (0.1, 0.1)) == (0, 0, 800, 600)


def test_fit_crop_clips_and_trims_to_the_ratio():
    assert fit_crop((800, 600), "4x3", (10, 10, 410, 400)) == (10, 10, 410, 310)
    assert fit_crop((800, 600), "1x1", (700, 500, 900, 900)) == (700, 500, 800, 600)
    with pytest.raises(ValueError, match="outside"):
        fit_crop((800, 600), "4x3", (900, 900, 1000, 1000))


def test_output_size():
    assert output_size((800, 600), "16x9", 607) == (607, 341)
    assert output_size((1000, 500), "orig", 320) == (320, 160)


@pytest.fixture
def photo(db, media_root, settings):
    settings.DATELINE_SITE_PREFIX = "alalam"
    return ingest(upload("photo.jpg", image_bytes(size=(1600, 1200))), alt_text="Four colours")


def test_rendition_is_made_at_the_reference_path(photo, media_root):
    name = find_or_create(photo, Spec("4x3", 607, "jpg"))
    parsed = parse_media_path("/" + name)
    assert (parsed.site, parsed.ticks, parsed.size, parsed.ratio) == (
        "alalam",
        photo.version_ticks,
        "25f",
        "4x3",
    )
    with Image.open(Path(media_root) / name) as image:
        assert (image.format, image.size) == ("JPEG", (607, 455))
    row = Rendition.objects.get()
    assert (row.file.name, row.width, row.height, row.spec) == (name, 607, 455, "4x3-607.jpg")


def test_find_or_create_makes_each_rendition_once(photo, django_assert_num_queries):
    spec = Spec("1x1", 320, "webp")
    first = find_or_create(photo, spec)
    with django_assert_num_queries(0):  # cached
        assert find_or_create(photo, spec) == first
    assert Rendition.objects.count() == 1


def test_second_worker_loses_the_insert_and_reads_the_winner(photo, media_root):
    spec = Spec("16x9", 800, "jpg")
    winner = _create(photo, spec)
    # The other worker rendered too, wrote the same bytes over the same name, and its insert
    # hits the unique constraint.
    loser = _create(photo, spec)
    assert loser.pk == winner.pk
    assert Rendition.objects.count() == 1
    with Image.open(Path(media_root) / winner.file.name) as image:
        assert image.size == (800, 450)
    assert not [p for p in Path(media_root).rglob(".part-*")]


def test_rendition_is_served_on_first_request(photo, client):
    url = picture(photo, "1x1").src
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    data = b"".join(response.streaming_content)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (607, 607)
    assert Rendition.objects.count() == 1
    assert fetch(client, url) == data
    assert Rendition.objects.count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/alalam_{t}_3e8_4x3.jpg",  # 1000 px: not an offered width
        "/alalam_{t}_25f_5x4.jpg",  # not a ratio
        "/alalam_{t}_25f_4x3.png",  # not a format of this photo
        "/alalam_{t}_zz_4x3.jpg",  # not a width
        "/alalam_1{t}_25f_4x3.jpg",  # no such version
    ],
)
def test_unknown_rendition_paths_are_404(photo, client, path):
    folder = photo.file.name.rsplit("/", 1)[0]
    response = client.get("/media/" + folder + path.format(t=photo.version_ticks))
    assert response.status_code == 404
    assert Rendition.objects.count() == 0


def test_focal_point_moves_the_crop(photo, client):
    set_focus(photo, (0.95, 0.5), {})
    data = fetch(client, picture(photo, "1x1").src)
    # The right-hand square of a four-colour image: green above yellow.
    assert near(colour_at(data, (0.5, 0.2)), (0, 255, 0))
    assert near(colour_at(data, (0.5, 0.8)), (255, 255, 0))


def test_editor_crop_overrides_the_focal_point_for_its_ratio_only(
    photo, client, django_capture_on_commit_callbacks
):
    old_src = picture(photo, "4x3").src
    fetch(client, old_src)
    with django_capture_on_commit_callbacks(execute=True):
        set_focus(photo, (0.5, 0.5), {"4x3": (0, 600, 800, 1200)})  # the blue quarter
    photo.refresh_from_db()
    new_src = picture(photo, "4x3").src
    assert new_src != old_src
    assert Rendition.objects.count() == 0  # the old version's files were deleted
    data = fetch(client, new_src)
    assert near(colour_at(data, (0.5, 0.5)), (0, 0, 255))
    assert near(colour_at(data, (0.05, 0.05)), (0, 0, 255))
    square = fetch(client, picture(photo, "1x1").src)
    assert near(colour_at(square, (0.1, 0.1)), (255, 0, 0))  # still the focal crop


def test_unchanged_focus_keeps_the_version(photo):
    version = photo.version_ticks
    assert set_focus(photo, (0.5, 0.5), {}) is False
    assert photo.version_ticks == version


def test_picture_lists_widths_up_to_the_image_width(db, media_root):
    small = ingest(upload("small.png", image_bytes("PNG", size=(700, 500))))
    data = picture(small, "4x3")
    assert [part.split()[-1] for part in data.srcset.split(", ")] == ["320w", "607w"]
    assert data.srcset.split(", ")[0].split()[0].endswith("_140_4x3.png")
    assert data.sources[0].mime_type == "image/webp"
    assert (data.width, data.height) == (607, 455)
    assert rendition_path(small, Spec("4x3", 607, "png")) in data.src


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_asking_at_once_get_one_rendition(media_root):
    from django.db import connection

    if connection.vendor == "sqlite":
        # The test database is in-memory shared-cache SQLite, whose table locks ignore the busy
        # timeout; the PostgreSQL pass runs this (and production SQLite is a WAL file).
        pytest.skip("two writers need PostgreSQL or a file database")
    asset = ingest(upload("photo.jpg", image_bytes(size=(1600, 1200))))
    spec = Spec("3x2", 800, "webp")
    barrier = threading.Barrier(2)
    names, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            names.append(find_or_create(asset, spec))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(set(names)) == 1 and len(names) == 2
    assert Rendition.objects.filter(asset=asset).count() == 1
    with Image.open(Path(media_root) / names[0]) as image:
        assert (image.format, image.size) == ("WEBP", (800, 533))
    assert not [p for p in Path(media_root).rglob(".part-*")]


def test_deleting_an_asset_removes_its_files(photo, media_root, django_capture_on_commit_callbacks):
    find_or_create(photo, Spec("4x3", 320, "jpg"))
    assert len([p for p in Path(media_root).rglob("*") if p.is_file()]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert [p for p in Path(media_root).rglob("*") if p.is_file()] == []


def _encoded(mode: str, fmt: str) -> bytes:
    image = Image.new(mode, (700, 500))
    if mode == "P":
        image.info["transparency"] = 0
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("mode", "fmt", "name"),
    [
        ("CMYK", "JPEG", "cmyk.jpg"),
        ("L", "JPEG", "grey.jpg"),
        ("I;16", "PNG", "deep.png"),
        ("LA", "PNG", "grey-alpha.png"),
        ("RGBA", "PNG", "alpha.png"),
        ("P", "PNG", "palette.png"),
        ("P", "GIF", "palette.gif"),
        ("RGBA", "WEBP", "alpha.webp"),
    ],
)
def test_every_image_mode_renders_in_every_format(db, media_root, mode, fmt, name):
    asset = ingest(upload(name, _encoded(mode, fmt)))
    for extension in formats_for(asset):
        with Image.open(
            Path(media_root) / find_or_create(asset, Spec("1x1", 320, extension))
        ) as out:
            assert out.size == (320, 320)
