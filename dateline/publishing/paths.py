"""Map URL paths to baked file names, the same way ``deploy/nginx.conf`` looks them up.

A path ending in ``/`` is stored as ``index`` plus the extension of its content type; a
path whose last segment has an extension is stored as it is; any other path gets the
extension appended. nginx finds them with
``try_files $uri $uri/index.html $uri/index.xml $uri/index.json $uri.json $uri.xml @app``.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote

from dateline.publishing.errors import BakeError

EXTENSIONS = {
    "text/html": ".html",
    "application/json": ".json",
    "application/feed+json": ".json",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "text/plain": ".txt",
}
# The order nginx tries: keep in step with deploy/nginx.conf.
LOOKUP_SUFFIXES = ("", "/index.html", "/index.xml", "/index.json", ".json", ".xml")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
}


def clean_path(url_path: str) -> str:
    """Return ``url_path`` decoded (as nginx's ``$uri``) and checked to stay inside the root.

    Raise ``BakeError`` for a path that is not absolute, climbs with ``..`` or holds a NUL.
    """
    decoded = unquote(url_path.split("?", 1)[0])
    if not decoded.startswith("/") or "\x00" in decoded or "\\" in decoded:
        raise BakeError(f"Cannot bake {url_path!r}: not a clean absolute URL path")
    parts = decoded.split("/")
    if any(part in {".", ".."} for part in parts):
        raise BakeError(f"Cannot bake {url_path!r}: '.' and '..' segments are not allowed")
    return decoded


def file_name(url_path: str, content_type: str) -> str:
    """Return the file name (relative to the publish root) for a page of ``content_type``."""
    path = clean_path(url_path)
    base = content_type.split(";", 1)[0].strip().lower()
    extension = EXTENSIONS.get(base)
    if path.endswith("/"):
        if extension is None:
            raise BakeError(f"Cannot bake {url_path!r}: no file extension for {content_type!r}")
        return path[1:] + "index" + extension
    last = path.rsplit("/", 1)[1]
    if "." in last:
        return path[1:]
    if extension is None:
        raise BakeError(f"Cannot bake {url_path!r}: no file extension for {content_type!r}")
    return path[1:] + extension


def lookup_names(url_path: str) -> list[str]:
    """Return the file names to try for a request path, in nginx's ``try_files`` order."""
    path = clean_path(url_path)
    names = []
    for suffix in LOOKUP_SUFFIXES:
        if path.endswith("/") and not suffix.startswith("/"):
            continue
        base = path.rstrip("/") if suffix.startswith("/") else path
        names.append(base[1:] + suffix)
    return names


def content_type_for(name: str) -> str:
    """Return the content type a baked file is served with, chosen by its extension."""
    return CONTENT_TYPES.get(posixpath.splitext(name)[1], "application/octet-stream")
