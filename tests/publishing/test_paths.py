"""URL paths to baked file names, and the nginx lookup order."""

from __future__ import annotations

import pytest

from dateline.publishing.errors import BakeError
from dateline.publishing.paths import content_type_for, file_name, lookup_names


@pytest.mark.parametrize(
    ("path", "content_type", "expected"),
    [
        ("/en/", "text/html; charset=utf-8", "en/index.html"),
        ("/en/news/7/a-slug/", "text/html; charset=utf-8", "en/news/7/a-slug/index.html"),
        ("/api/v1/articles/7/related", "application/json", "api/v1/articles/7/related.json"),
        ("/api/v1/articles/7", "application/json; charset=utf-8", "api/v1/articles/7.json"),
        ("/en/feed/", "application/rss+xml; charset=utf-8", "en/feed/index.xml"),
        ("/sitemap.xml", "application/xml", "sitemap.xml"),
        ("/ar/news/9/%D8%B3%D9%84%D8%A7%D9%85/", "text/html", "ar/news/9/سلام/index.html"),
    ],
)
def test_file_name(path, content_type, expected):
    assert file_name(path, content_type) == expected


@pytest.mark.parametrize(
    "path",
    ["relative/path", "/en/../../etc/passwd", "/en/%2e%2e/x/", "/a\x00b/", "/a%00b/", "/a\\b/"],
)
def test_hostile_paths_are_refused_with_the_path_named(path):
    with pytest.raises(BakeError, match="Cannot bake"):
        file_name(path, "text/html")


def test_unknown_content_type_is_refused():
    with pytest.raises(BakeError, match="no file extension for 'image/png'"):
        file_name("/en/picture/", "image/png")


def test_lookup_order_matches_nginx_try_files():
    assert lookup_names("/en/") == ["en/index.html", "en/index.xml", "en/index.json"]
    assert lookup_names("/api/v1/articles/7/related") == [
        "api/v1/articles/7/related",
        "api/v1/articles/7/related/index.html",
        "api/v1/articles/7/related/index.xml",
        "api/v1/articles/7/related/index.json",
        "api/v1/articles/7/related.json",
        "api/v1/articles/7/related.xml",
    ]


def test_every_baked_name_is_found_by_the_lookup():
    for path, content_type in [
        ("/en/", "text/html"),
        ("/api/v1/articles/7/related", "application/json"),
        ("/en/feed/", "application/atom+xml"),
        ("/robots.txt", "text/plain"),
    ]:
        assert file_name(path, content_type) in lookup_names(path)


def test_content_types_by_extension():
    assert content_type_for("en/index.html") == "text/html; charset=utf-8"
    assert content_type_for("api/v1/articles/7.json") == "application/json"
    assert content_type_for("x.bin") == "application/octet-stream"
