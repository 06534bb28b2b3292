"""The article API: cursor pages, filters, conditional GETs, CORS, limits and hostile input."""

from __future__ import annotations

import pytest

from dateline.api.models import ApiKey
from tests.syndication.corpus import SECRET


def get(client, url: str, **headers):
    return client.get(url, headers=headers)


def walk(client, url: str) -> list[dict]:
    items, cursor = [], ""
    for _ in range(50):
        page = get(client, f"{url}{'&' if '?' in url else '?'}cursor={cursor}").json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination never ended")


def test_cursor_pages_cover_every_public_item_once_newest_first(client, newsroom):
    items = walk(client, "/api/v1/articles?limit=3")
    assert sorted(i["id"] for i in items) == sorted(a.pk for a in newsroom.public)
    sorts = [i["sort"] for i in items]
    assert sorts == sorted(sorts)
    assert SECRET not in str(items)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("language=ar", {"محادثات جنيف تستأنف"}),
        ("type=video", {"VIDEO: Video: the harbour at dawn"}),
        ("type=23", {"Pictures of the week"}),
        ("section=nowhere", set()),
        ("topic=libya&type=live", {"Live: election night"}),
    ],
)
def test_filters(client, newsroom, query, expected):
    items = walk(client, f"/api/v1/articles?{query}")
    assert {i["title"] for i in items} == expected


def test_time_filters(client, newsroom):
    old = newsroom.by_headline("Old archive")
    until = old.published_at.isoformat().replace("+00:00", "Z")
    items = walk(client, f"/api/v1/articles?until={until}Z".replace("ZZ", "Z"))
    assert items == [] or {i["id"] for i in items} <= {old.pk}
    since = walk(client, "/api/v1/articles?since=2000-01-01T00:00:00")
    assert len(since) == len(newsroom.public)


HOSTILE_QUERIES = [
    "limit=0",
    "limit=-1",
    "limit=abc",
    "limit=9999999999",
    "limit=101",
    "limit=1.5",
    "cursor=abc",
    "cursor=" + "A" * 5000,
    "cursor=-1",
    "cursor=%00",
    "cursor=a2Fib20",
    "type=a b",
    "type=%00",
    "limit=",
    "since=",
    "language=",
    "language=xx",
    "since=abc",
    "since=9999999999999",
    "until=2016-13-45T99:00:00",
]


@pytest.mark.parametrize(
    "query", ["type=text", "type=abc", "type=0", "type=-1", "type=99999999999999999999999999"]
)
def test_a_type_that_does_not_exist_matches_nothing(client, newsroom, query):
    """Like a section or topic slug: the document declares any slug, so each one is served."""
    response = get(client, f"/api/v1/articles?{query}")
    assert response.status_code == 200, response.content
    assert response.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_values_are_4xx_json(client, newsroom, query):
    response = get(client, f"/api/v1/articles?{query}")
    assert 400 <= response.status_code < 500, query
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["0", "-1", "abc", "9999999999", "99999999999999999999999"])
def test_hostile_ids_are_4xx_json(client, newsroom, path):
    for suffix in ("", ".ninjs", "/related"):
        response = get(client, f"/api/v1/articles/{path}{suffix}")
        assert 400 <= response.status_code < 500
        assert response["Content-Type"].startswith("application/json")


def test_hidden_items_are_404(client, newsroom):
    for hidden in newsroom.hidden:
        for suffix in ("", ".ninjs", "/related"):
            response = get(client, f"/api/v1/articles/{hidden.pk}{suffix}")
            assert response.status_code == 404
            assert SECRET not in response.content.decode()


def test_detail(client, newsroom):
    talks = newsroom.by_headline("Talks resume")
    data = get(client, f"/api/v1/articles/{talks.pk}").json()
    assert data["url"] == f"https://news.example{talks.get_absolute_url()}"
    assert data["topics"] == [{"slug": "libya", "name": "Libya", "name_ar": ""}]
    assert data["author"] == "Jane Doe"
    assert data["lead_media"]["caption"] == "A street in Tripoli"


def test_related_keeps_the_reference_shape(client, newsroom):
    talks = newsroom.by_headline("Talks resume")
    response = get(client, f"/api/v1/articles/{talks.pk}/related")
    assert response.status_code == 200
    for item in response.json():
        assert list(item) == ["id", "sort", "contenttypeid", "pic", "title"]
        assert all(isinstance(v, str) for v in item.values())


def test_etag_and_last_modified_answer_304(client, newsroom):
    url = f"/api/v1/articles/{newsroom.public[0].pk}"
    first = get(client, url)
    assert first["ETag"] and first["Last-Modified"]
    assert get(client, url, if_none_match=first["ETag"]).status_code == 304
    assert get(client, url, if_modified_since=first["Last-Modified"]).status_code == 304
    assert get(client, url, if_none_match='"other"').status_code == 200
    listing = get(client, "/api/v1/articles")
    assert get(client, "/api/v1/articles", if_none_match=listing["ETag"]).status_code == 304


def test_cors_for_reads_only(client, newsroom):
    response = get(client, "/api/v1/articles", origin="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/articles",
        headers={"origin": "https://partner.example", "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in client.post("/api/v1/articles")


def test_read_only(client, newsroom):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/v1/articles").status_code == 405


def test_rate_limits_with_and_without_a_key(client, newsroom, settings):
    settings.DATELINE_API_RATE_ANON = "3/min"
    settings.DATELINE_API_RATE_KEY = "5/min"
    codes = [get(client, "/api/v1/sections").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = get(client, "/api/v1/sections")
    assert limited.json()["detail"] and int(limited["Retry-After"]) > 0
    _key, raw = ApiKey.issue("partner")
    codes = [get(client, "/api/v1/sections", x_api_key=raw).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    assert get(client, "/api/v1/sections", x_api_key="wrong").status_code == 401


def test_openapi_document(client, newsroom):
    paths = get(client, "/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/articles",
        "/api/v1/articles/{article_id}.ninjs",
        "/api/v1/oembed",
        "/api/v1/articles/{article_id}/related",
        "/api/v1/stories/{story_id}",
    ):
        assert path in paths


@pytest.mark.parametrize(
    "url", ["/api/v1/articles/1.xml", "/api/v1/nothing", "/api/v1/articles/1/unknown"]
)
def test_unknown_api_paths_and_formats_are_json_404(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


def test_wrong_method_is_json_405(client, newsroom):
    response = client.delete("/api/v1/articles")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method not allowed"}
    assert "GET" in response["Allow"]
