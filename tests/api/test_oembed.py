"""oEmbed for article and video URLs."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup


def oembed(client, url: str, extra: str = ""):
    return client.get(f"/api/v1/oembed?url={quote(url, safe='')}{extra}")


def test_article_is_rich(client, newsroom):
    talks = newsroom.by_headline("Talks resume")
    data = oembed(client, f"https://news.example{talks.get_absolute_url()}").json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert {"html", "width", "height", "provider_name"} <= set(data)
    link = BeautifulSoup(data["html"], "html.parser").find("a")
    assert link["href"] == f"https://news.example{talks.get_absolute_url()}"


def test_video_is_video_within_maxwidth(client, newsroom):
    video = newsroom.by_headline("Video: the harbour")
    data = oembed(client, f"https://news.example{video.get_absolute_url()}", "&maxwidth=320").json()
    assert data["type"] == "video" and data["width"] == 320 and data["height"] == 180
    assert BeautifulSoup(data["html"], "html.parser").find("video")["src"].endswith(".mp4")


def test_hostile_title_is_escaped(client, newsroom):
    rocket = newsroom.by_headline("Rocket")
    data = oembed(client, f"https://news.example{rocket.get_absolute_url()}").json()
    assert "<script>" not in data["html"]


@pytest.mark.parametrize(
    ("url", "extra", "status"),
    [
        ("https://elsewhere.example/en/news/1/x/", "", 404),
        ("https://news.example/en/", "", 404),
        ("not a url", "", 404),
        ("https://news.example/en/news/1/x/", "&format=xml", 501),
        ("https://news.example/en/news/1/x/", "&maxwidth=-5", 400),
        ("https://news.example/en/news/1/x/", "&maxwidth=abc", 400),
    ],
)
def test_bad_requests(client, newsroom, url, extra, status):
    response = oembed(client, url, extra)
    assert response.status_code == status
    assert "detail" in response.json()


def test_missing_url_is_4xx(client, newsroom):
    assert client.get("/api/v1/oembed").status_code == 422


def test_hidden_items_are_404(client, newsroom):
    for hidden in newsroom.hidden:
        assert oembed(client, f"https://news.example/en/news/{hidden.pk}/x/").status_code == 404
