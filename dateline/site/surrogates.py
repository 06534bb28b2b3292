"""Cache headers and surrogate keys, shared by dynamic pages, embedded baked pages and purges.

Every page carries the key ``p:<path>``; pages rendered by the app also carry ``a<id>`` for
each article they show. A change to an article purges ``a<id>`` and the ``p:`` key of every
page the dependency record says shows it, so nginx-served files (which can only name their
own path and article) are invalidated as precisely as dynamic ones.

A public media file carries ``p:<path>`` and ``m<id>`` for each asset it belongs to (its
original, siblings and renditions share the key; a video's poster has its own). When an item
is hidden, the ``m`` keys of the assets no public item shows any more are purged with its
pages, so a killed item's pictures leave the CDN too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.http import HttpResponseBase

from dateline.conf import setting

_OWN_ARTICLE = re.compile(r"^/(?:[A-Za-z-]+/news|api/v1/articles)/(\d+)(?:/|$)")


def page_key(path: str) -> str:
    """Return the surrogate key of the page at ``path`` (the URL path, percent-encoded)."""
    return "p:" + path


def article_key(article_id: int) -> str:
    return f"a{article_id}"


def media_key(asset_id: int) -> str:
    return f"m{asset_id}"


def keys_for(
    path: str, article_ids: Iterable[int] = (), asset_ids: Iterable[int] = ()
) -> list[str]:
    """Return the surrogate keys of a page or file: its own, then one per article it shows,
    then one per media asset it belongs to."""
    ids = set(article_ids)
    own = _OWN_ARTICLE.match(path)
    if own:
        ids.add(int(own.group(1)))
    return [
        page_key(path),
        *(article_key(i) for i in sorted(ids)),
        *(media_key(i) for i in sorted(set(asset_ids))),
    ]


def page_cache_control() -> str:
    """Return ``Cache-Control`` for pages: short, and revalidated once stale."""
    return f"public, max-age={setting('DATELINE_PAGE_MAX_AGE')}, must-revalidate"


def apply_page_headers(response: HttpResponseBase, keys: list[str]) -> None:
    """Set the cache lifetime and the ``Surrogate-Key``/``Cache-Tag`` headers of a page.

    Browsers get a short life; CDNs (``Surrogate-Control``, ``CDN-Cache-Control``) keep the
    page until a purge names one of its keys.
    """
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = page_cache_control()
    _apply_cdn_headers(response, keys, setting("DATELINE_CDN_MAX_AGE"))


def apply_media_headers(response: HttpResponseBase, keys: list[str]) -> None:
    """Set the cache lifetime and surrogate keys of a public media file.

    A file never changes under its name (a new crop is a new name), so it is ``immutable``;
    but a killed item's file must stop being served, and no purge reaches a browser or a
    proxy on the way, so they keep it ``DATELINE_MEDIA_MAX_AGE`` (a day), while the CDN,
    which a purge does reach, keeps it ``DATELINE_MEDIA_CDN_MAX_AGE`` (a year).
    """
    browser = setting("DATELINE_MEDIA_MAX_AGE")
    response["Cache-Control"] = f"public, max-age={browser}, immutable"
    _apply_cdn_headers(response, keys, setting("DATELINE_MEDIA_CDN_MAX_AGE"))


def _apply_cdn_headers(response: HttpResponseBase, keys: list[str], max_age: int) -> None:
    cdn = f"max-age={max_age}"
    response["Surrogate-Control"] = cdn
    response["CDN-Cache-Control"] = cdn
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)
