"""Feeds, sitemaps and robots.txt, outside the language prefixes."""

from django.urls import path, re_path

from dateline.syndication import feeds, views
from dateline.syndication.sitemaps import SITEMAPS

app_name = "syndication"

_FMT = r"(?P<fmt>rss|atom|json)"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    # The sections are spelled out so that URL walks (the embargo walk) can fill them in.
    re_path(rf"^sitemaps/(?P<section>{'|'.join(SITEMAPS)})\.xml$", views.sitemap, name="sitemap"),
    re_path(rf"^feeds/(?P<kind>site)\.{_FMT}$", feeds.feed, name="feed-site"),
    re_path(
        rf"^feeds/(?P<ident>[a-z]{{2,8}})\.{_FMT}$",
        feeds.feed,
        {"kind": "edition"},
        name="feed-edition",
    ),
    re_path(
        rf"^feeds/(?P<kind>section|topic|story|author|live)/(?P<ident>[-\w]+)\.{_FMT}$",
        feeds.feed,
        name="feed",
    ),
]
