"""Media, sections, topics and stories endpoints."""

from __future__ import annotations

import pytest

from tests.syndication.corpus import SECRET


def test_media_lists_only_files_of_public_articles(client, newsroom):
    from tests.factories import make_media

    private = make_media()
    newsroom.hidden[0].lead_media = private
    newsroom.hidden[0].save()
    items = client.get("/api/v1/media?limit=100").json()["items"]
    assert private.pk not in {m["id"] for m in items}
    assert {m["kind"] for m in items} == {"image", "video"}
    assert client.get(f"/api/v1/media/{private.pk}").status_code == 404
    assert client.get(f"/api/v1/media/{items[0]['id']}").json()["id"] == items[0]["id"]


def test_media_lists_gallery_photos_of_public_articles_only(client, newsroom):
    from dateline.media.models import Gallery, GalleryItem
    from tests.factories import make_media

    shown, hidden = make_media(), make_media()
    for article, asset in ((newsroom.public[0], shown), (newsroom.hidden[0], hidden)):
        gallery = Gallery.objects.create(article=article, title="Photos")
        GalleryItem.objects.create(gallery=gallery, asset=asset, position=0)
    ids = {m["id"] for m in client.get("/api/v1/media?limit=100").json()["items"]}
    assert shown.pk in ids and hidden.pk not in ids
    assert client.get(f"/api/v1/media/{shown.pk}").status_code == 200
    assert client.get(f"/api/v1/media/{hidden.pk}").status_code == 404


def test_media_cursor(client, newsroom):
    first = client.get("/api/v1/media?limit=1").json()
    second = client.get(f"/api/v1/media?limit=1&cursor={first['next_cursor']}").json()
    assert first["items"][0]["id"] > second["items"][0]["id"]


def test_sections_and_topics(client, newsroom):
    assert client.get("/api/v1/sections").json()["items"][0]["slug"] == "world"
    assert client.get("/api/v1/topics/libya").json()["name"] == "Libya"
    assert client.get("/api/v1/topics/nothing").status_code == 404
    assert client.get("/api/v1/sections/a.b").status_code == 404


def test_story_timeline_is_public_and_oldest_first(client, newsroom):
    story_id = newsroom.public[0].story_id
    data = client.get(f"/api/v1/stories/{story_id}").json()
    sorts = [a["sort"] for a in data["articles"]]
    assert sorts == sorted(sorts, reverse=True)
    assert len(sorts) == len(newsroom.public)
    assert SECRET not in str(data)
    assert client.get("/api/v1/stories").json()["items"][0]["id"] == story_id


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories/0",
        "/api/v1/stories/abc",
        "/api/v1/media/-1",
        "/api/v1/stories?cursor=!!",
        "/api/v1/media?limit=0",
    ],
)
def test_hostile_catalog_values(client, newsroom, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
