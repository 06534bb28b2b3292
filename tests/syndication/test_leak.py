"""The embargo walk (tests/test_leak_walk.py) reaches every distribution output.

The walk fetches every URL the resolver serves and fails on any trace of a hidden item; this
guards that feeds, sitemaps, ninjs, oEmbed and the API are among the URLs it fills in.
"""

from __future__ import annotations

from tests.test_leak_walk import public_paths, world  # noqa: F401  (world is a fixture)


def test_walk_covers_distribution_outputs(world):  # noqa: F811
    paths = set(public_paths(world))
    story = world["story"].pk
    expected = {
        "/robots.txt",
        "/sitemap.xml",
        "/api/v1/articles",
        "/api/v1/articles.ninjs",
        "/api/v1/media",
        "/api/v1/stories",
        "/api/v1/oembed",
        f"/api/v1/stories/{story}",
    }
    expected |= {f"/sitemaps/{s}.xml" for s in ("articles", "fronts", "images", "videos", "news")}
    expected |= {f"/api/v1/articles/{a.pk}.ninjs" for a in world["hidden"]}
    assert expected <= paths, sorted(expected - paths)
    # The walk samples format x scope combinations; each scope must be reached in some format.
    scopes = ["site", "en", "ar", "section/leakwalk", "topic/leakwalk-topic", f"story/{story}"]
    for scope in scopes:
        assert {f"/feeds/{scope}.{fmt}" for fmt in ("rss", "atom", "json")} & paths, scope
