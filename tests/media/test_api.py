"""The upload endpoint: authenticated, answers JSON, refuses bad input with a reason."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User

from dateline.media.models import MediaAsset
from dateline.media.paths import parse_media_path
from tests.media.helpers import image_bytes, upload

pytestmark = pytest.mark.django_db
URL = "/api/v1/media/uploads"


def basic(username: str, password: str) -> dict:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", password="s3cret-Pass!")
    user.user_permissions.add(Permission.objects.get(codename="add_mediaasset"))
    return basic("editor", "s3cret-Pass!")


def test_upload_answers_201_with_the_asset(client, editor, media_root):
    response = client.post(
        URL,
        {"file": upload("fire.jpg", image_bytes()), "alt_text": "Smoke", "credit": "Agency"},
        **editor,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert parse_media_path(body["path"]).ratio == "orig"
    assert (body["width"], body["height"], body["alt_text"], body["credit"]) == (
        800,
        600,
        "Smoke",
        "Agency",
    )
    assert parse_media_path(body["renditions"]["4x3"].split("/media", 1)[1]).size == "25f"
    assert (Path(media_root) / body["path"].lstrip("/")).is_file()


def test_upload_needs_credentials(client, media_root):
    response = client.post(URL, {"file": upload("a.jpg", image_bytes())})
    assert response.status_code == 401
    assert MediaAsset.objects.count() == 0


def test_upload_needs_the_permission(client, db, media_root):
    User.objects.create_user("reader", password="s3cret-Pass!")
    response = client.post(
        URL, {"file": upload("a.jpg", image_bytes())}, **basic("reader", "s3cret-Pass!")
    )
    assert response.status_code == 401
    assert MediaAsset.objects.count() == 0


def test_svg_is_refused_with_a_reason(client, editor, media_root):
    response = client.post(URL, {"file": upload("logo.svg", b"<svg/>")}, **editor)
    assert response.status_code == 400
    assert "SVG" in response.json()["detail"]
    assert list(Path(media_root).rglob("*")) == []


def test_missing_file_field(client, editor):
    response = client.post(URL, {"alt_text": "x"}, **editor)
    assert response.status_code == 400
    assert "'file'" in response.json()["detail"]


def test_two_gigabytes_are_refused_before_the_body_is_read(client, editor, media_root):
    response = client.post(
        URL, {"file": upload("a.jpg", image_bytes())}, CONTENT_LENGTH=str(2 * 1024**3), **editor
    )
    assert response.status_code == 413
    assert "2,147,483,648 bytes" in response.json()["detail"]
    assert MediaAsset.objects.count() == 0


def test_path_in_a_multipart_file_name_never_leaves_the_media_folder(client, editor, media_root):
    response = client.post(URL, {"file": upload("../../../etc/evil.jpg", image_bytes())}, **editor)
    # Django keeps only the last part of a multipart file name; we store under our own name.
    assert response.status_code == 201
    stored = [p for p in Path(media_root).rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [Path(response.json()["path"]).name]


def test_broken_multipart_body_is_a_400(client, editor, media_root):
    response = client.generic(
        "POST",
        URL,
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc',
        content_type="multipart/form-data",  # no boundary
        **editor,
    )
    assert response.status_code == 400
    assert "multipart" in response.json()["detail"]
    assert MediaAsset.objects.count() == 0
