"""Serve stored media and static files in embedded mode (nginx or a CDN does it in production)."""

from __future__ import annotations

import mimetypes
import os
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils._os import safe_join

from dateline.conf import setting
from dateline.media import visibility
from dateline.media.ranges import ranged_file_response
from dateline.media.renditions import find_or_create, spec_for_path
from dateline.site import surrogates
from dateline.site.urlbuilder import canonical_path

# Served types are fixed by extension; anything else is sent as a download so that an
# uploaded file can never run as HTML or script in the reader's browser.
SAFE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
}


def _resolve(root: Path, path: str) -> Path:
    normalized = posixpath.normpath(path).lstrip("/")
    if normalized.startswith("..") or "\x00" in normalized:
        raise Http404("No such file.")
    try:
        full = Path(safe_join(str(root), normalized))
    except Exception as exc:  # noqa: BLE001 - safe_join raises SuspiciousFileOperation
        raise Http404("No such file.") from exc
    if not full.is_file():
        raise Http404("No such file.")
    return full


def _rendition(path: str) -> str:
    """Return the storage name of the rendition ``path`` names, made now if need be."""
    found = spec_for_path("/" + path.lstrip("/"))
    if found is None:
        raise Http404("No such file.")
    return find_or_create(*found)


def _may_see_private(request: HttpRequest, path: str) -> bool:
    """Tell whether ``request`` comes from the desk or holds a preview of an item showing
    the file at ``path``."""
    from dateline.site.preview import previewed_items

    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        return True
    return visibility.is_shown_by(path, previewed_items(request))


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a media file with Range support, a long CDN lifetime and surrogate keys naming
    its assets (purged when it turns private); a rendition that does not exist yet is made on
    this first request.

    A file only hidden items show answers 404 to readers (see ``visibility``), before any
    rendition is made; the desk and holders of a preview link get it uncached.
    """
    if posixpath.basename(path).startswith("."):
        raise Http404("No such file.")  # a temporary file being written
    private = visibility.is_private(path)
    if private and not _may_see_private(request, path):
        raise Http404("No such file.")
    try:
        full = _resolve(Path(settings.MEDIA_ROOT), path)
    except Http404:
        name = _rendition(path)
        try:
            full = Path(default_storage.path(name))
        except NotImplementedError:
            return HttpResponseRedirect(default_storage.url(name))
    content_type = SAFE_TYPES.get(full.suffix.lower())
    accel = setting("DATELINE_MEDIA_ACCEL_PREFIX")
    if accel:
        response = _handed_to_nginx(accel, full, content_type)
    elif content_type is None or content_type == "image/svg+xml":
        # Never the type guessed from the name (text/html for .html): a download of bytes.
        response = FileResponse(
            full.open("rb"), as_attachment=True, content_type="application/octet-stream"
        )
    else:
        response = ranged_file_response(request, full, content_type)
    if private:
        response["Cache-Control"] = "private, no-store"
    else:
        keys = surrogates.keys_for(
            canonical_path(request.path_info), asset_ids=visibility.assets_of_file(path)
        )
        surrogates.apply_media_headers(response, keys)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _handed_to_nginx(prefix: str, full: Path, content_type: str | None) -> HttpResponse:
    """Return an empty answer that tells nginx to send ``full`` from its internal location.

    nginx keeps this answer's Content-Type, Content-Disposition and Cache-Control, and
    answers Range requests itself.
    """
    relative = Path(os.path.relpath(full, os.path.abspath(settings.MEDIA_ROOT))).as_posix()
    response = HttpResponse(content_type=content_type or "application/octet-stream")
    if content_type is None or content_type == "image/svg+xml":
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(relative)
    return response


def serve_static(request: HttpRequest, path: str) -> HttpResponse:
    """Serve the app's static files (CSS, icons) without DEBUG."""
    found = finders.find(posixpath.normpath(path).lstrip("/"))
    if not found:
        raise Http404("No such file.")
    full = Path(found)
    content_type = SAFE_TYPES.get(full.suffix.lower()) or mimetypes.guess_type(full.name)[0]
    response = FileResponse(
        full.open("rb"), content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
