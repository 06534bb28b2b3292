"""Media files and the CDN: public files carry surrogate keys naming their assets, and hiding
an item purges the keys of the files no public item shows any more (and only those).

Responses are the app's real ones (and nginx's, for the X-Accel-Redirect path); purges are
those the recording backend received after the commit.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from dateline.articles import signals
from dateline.articles.models import Article
from dateline.desk import workflow
from dateline.desk.roles import DESK_CHIEF
from dateline.media.ingest import ingest
from dateline.media.models import Gallery, GalleryItem, MediaAsset
from dateline.media.renditions import picture
from dateline.publishing.purge import RecordingPurgeBackend
from tests.factories import make_article
from tests.media.helpers import image_bytes, mp4_bytes, upload
from tests.publishing.test_nginx import _get, app_server, running_nginx
from tests.publishing.worker import drain_worker

pytestmark = pytest.mark.django_db

A_DAY, A_YEAR = 86400, 31536000


@pytest.fixture
def media(db, media_root, settings):
    settings.DATELINE_MEDIA_FFMPEG = ""  # the test video brings its own poster
    return media_root


def photo(name: str = "photo.jpg") -> MediaAsset:
    return ingest(upload(name, image_bytes(size=(800, 600))), alt_text=name)


def video() -> MediaAsset:
    poster = upload("poster.jpg", image_bytes(size=(400, 300)))
    return ingest(upload("clip.mp4", mp4_bytes()), alt_text="clip", poster=poster)


def files_of(asset: MediaAsset) -> list[str]:
    """Return the URL of ``asset``'s original and, for a picture, of one rendition."""
    return [asset.url, picture(asset, "1x1").src] if asset.has_renditions else [asset.url]


def fetch(client: Client, url: str):
    response = client.get(url)
    if response.streaming:
        # Read to the end: the test client then closes the file without closing the
        # connection (a bare close() would end the test's transaction on PostgreSQL).
        b"".join(response.streaming_content)
    return response


def purged() -> set[str]:
    drain_worker()
    return {key for call in RecordingPurgeBackend.calls for key in call}


def test_public_files_carry_the_keys_of_their_asset(media):
    picture_asset, clip = photo(), video()
    make_article("Shown", lead_media=picture_asset)
    make_article("Shown too", lead_media=clip)
    client = Client()
    for asset in (picture_asset, clip, clip.poster):
        for url in files_of(asset):
            response = fetch(client, url)
            assert response.status_code == 200, url
            assert response["Surrogate-Key"] == f"p:{url} m{asset.pk}", url
            assert response["Cache-Tag"] == f"p:{url},m{asset.pk}", url
            assert response["Cache-Control"] == f"public, max-age={A_DAY}, immutable"
            assert response["Surrogate-Control"] == f"max-age={A_YEAR}"
            assert response["CDN-Cache-Control"] == f"max-age={A_YEAR}"


def test_a_file_no_item_shows_yet_carries_its_key(media):
    unplaced = photo()
    response = fetch(Client(), unplaced.url)
    assert response.status_code == 200
    assert response["Surrogate-Key"].split() == [f"p:{unplaced.url}", f"m{unplaced.pk}"]


def test_lifetimes_follow_the_settings(media, settings):
    settings.DATELINE_MEDIA_MAX_AGE = 600
    settings.DATELINE_MEDIA_CDN_MAX_AGE = 7200
    shown = photo()
    make_article("Shown", lead_media=shown)
    response = fetch(Client(), shown.url)
    assert response["Cache-Control"] == "public, max-age=600, immutable"
    assert response["CDN-Cache-Control"] == response["Surrogate-Control"] == "max-age=7200"


def test_files_only_the_desk_may_see_carry_no_keys(media):
    drafted = photo()
    make_article("Drafted", status=Article.Status.DRAFT, lead_media=drafted)
    desk = Client()
    desk.force_login(User.objects.create_user("desk", is_staff=True))
    response = fetch(desk, drafted.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    for header in ("Surrogate-Key", "Cache-Tag", "Surrogate-Control", "CDN-Cache-Control"):
        assert header not in response, header
    # Readers are refused, and no cache may keep the refusal past the item's publication.
    refused = fetch(Client(), drafted.url)
    assert refused.status_code == 404
    assert refused["Cache-Control"] == "no-store"


def _kill(article: Article) -> None:
    workflow.perform(article, "kill", _chief(), reason="legal")


def _unpublish(article: Article) -> None:
    workflow.perform(article, "unpublish", _chief(), reason="legal")


def _reimpose_embargo(article: Article) -> None:
    from dateline.desk import workflow

    article.embargo_until = timezone.now() + timedelta(days=1)
    assert workflow.save_edit(article, _chief()).event == "unpublished"


def _chief() -> User:
    chief, _ = User.objects.get_or_create(username="chief")
    chief.groups.add(Group.objects.get(name=DESK_CHIEF))
    return User.objects.get(pk=chief.pk)


HIDE = {"killed": _kill, "unpublished": _unpublish, "embargo re-imposed": _reimpose_embargo}


@pytest.mark.parametrize("how", HIDE)
def test_hiding_an_item_purges_the_media_only_it_showed(
    how, media, baked, django_capture_on_commit_callbacks
):
    clip, own, shared, other_lead = video(), photo("own.jpg"), photo("shared.jpg"), photo()
    victim = make_article("Victim", lead_media=clip)
    gallery = Gallery.objects.create(article=victim)
    for position, asset in enumerate((own, shared)):
        GalleryItem.objects.create(gallery=gallery, asset=asset, position=position)
    make_article("Bystander", lead_media=shared)
    make_article("Other", lead_media=other_lead)
    client = Client()
    everything = (clip, clip.poster, own, shared, other_lead)
    for asset in everything:
        assert fetch(client, asset.url).status_code == 200
    RecordingPurgeBackend.reset()

    with django_capture_on_commit_callbacks(execute=True):
        HIDE[how](Article.objects.get(pk=victim.pk))

    keys = purged()
    gone = {clip, clip.poster, own}
    assert {f"m{a.pk}" for a in everything} & keys == {f"m{a.pk}" for a in gone}
    assert f"a{victim.pk}" in keys  # in the same purge as the victim's pages
    # The purge names exactly the files readers are now refused.
    for asset in everything:
        for url in files_of(asset):
            assert fetch(client, url).status_code == (404 if asset in gone else 200), url


def test_publishing_and_editing_purge_no_media(media, baked, django_capture_on_commit_callbacks):
    lead = photo()
    draft = make_article("Draft", status=Article.Status.DRAFT, lead_media=lead)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(draft, "publish", _chief())
    signals.article_updated.send(sender=Article, article=Article.objects.get(pk=draft.pk))
    keys = purged()
    assert f"a{draft.pk}" in keys
    assert not [key for key in keys if key.startswith("m")], keys


# serialized_rollback: the article-type and role rows other tests need come from data migrations.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nginx_passes_the_keys_of_files_it_sends(baked, tmp_path, media, settings):
    settings.DATELINE_MEDIA_ACCEL_PREFIX = "/_media-files/"
    shown = photo()
    make_article("Shown", lead_media=shown)
    with (
        app_server() as app_port,
        running_nginx(baked, tmp_path, Path(media), app_port) as base,
    ):
        status, _body, headers = _get(base + shown.url)
    assert status == 200
    assert "X-Accel-Redirect" not in headers
    assert headers.get("Surrogate-Key") == f"p:{shown.url} m{shown.pk}", headers
    assert headers.get("Cache-Tag") == f"p:{shown.url},m{shown.pk}", headers
    assert headers.get("Cache-Control") == f"public, max-age={A_DAY}, immutable", headers
    assert headers.get("Surrogate-Control") == f"max-age={A_YEAR}", headers
    assert headers.get("CDN-Cache-Control") == f"max-age={A_YEAR}", headers
