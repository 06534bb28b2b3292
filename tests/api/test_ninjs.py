"""IPTC ninjs 2.2 for every article and as a feed, validated with format checks on."""

from __future__ import annotations

import json

from tests.syndication.corpus import SECRET
from tests.syndication.validators import SPECS, ninjs_errors


def test_every_public_article_validates(client, newsroom):
    for article in newsroom.public:
        response = client.get(f"/api/v1/articles/{article.pk}.ninjs")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/ninjs+json"
        item = response.json()
        assert ninjs_errors(item) == [], article.headline
        assert item["headlines"][0]["value"] == article.display_title


def test_video_item_has_a_video_association(client, newsroom):
    video = newsroom.by_headline("Video: the harbour")
    item = client.get(f"/api/v1/articles/{video.pk}.ninjs").json()
    assert item["type"] == "video"
    assert item["associations"][0]["type"] == "video"
    assert item["associations"][0]["renditions"][0]["contenttype"] == "video/mp4"


def test_feed_items_validate_and_hide_unpublished(client, newsroom):
    page = client.get("/api/v1/articles.ninjs?limit=100").json()
    assert len(page["items"]) == len(newsroom.public)
    for item in page["items"]:
        assert ninjs_errors(item) == []
    assert SECRET not in json.dumps(page)


def test_broken_samples_fail_the_schema(client, newsroom):
    item = client.get(f"/api/v1/articles/{newsroom.public[0].pk}.ninjs").json()
    assert ninjs_errors({k: v for k, v in item.items() if k != "uri"})
    assert ninjs_errors({**item, "versioncreated": "yesterday"})  # format check is on
    assert ninjs_errors({**item, "pubstatus": "published"})
    for sample in (SPECS / "ninjs" / "examples" / "not-valid").glob("*.json"):
        try:
            document = json.loads(sample.read_text(encoding="utf-8"))
        except ValueError:
            continue
        assert ninjs_errors(document), sample.name
