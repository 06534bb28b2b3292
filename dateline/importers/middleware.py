"""Answer old URLs with a 301 to their new place, from the redirects table.

Only a request the site could not answer (a 404) is looked up, so redirects never shadow a
live page and cost nothing on pages that exist. WordPress's ``/?p=<id>`` links hit the site's
root, which answers, so those id queries are looked up first.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from dateline.importers.models import Redirect, old_path_key
from dateline.site.urlbuilder import canonical_path, request_path

_ID_QUERIES = ("p", "page_id", "attachment_id")


def find_redirect(path: str, query: str = "") -> str | None:
    """Return where an old ``path`` (with ``query``) now lives, or None."""
    path = old_path_key(path)
    if query:
        candidates = [f"{path}?{query}"]
    else:
        candidates = [path, path.rstrip("/") or "/" if path.endswith("/") else path + "/"]
    found = {
        r.old_path: r
        for r in Redirect.objects.filter(old_path__in=candidates).select_related("article", "media")
    }
    for candidate in candidates:
        if candidate in found:
            return _target_if_public(found[candidate])
    return None


def _target_if_public(redirect: Redirect) -> str | None:
    """Return where ``redirect`` leads, or None while its item or file is hidden from readers
    (the Location header would name the hidden item's address)."""
    from dateline.media.visibility import is_private

    if redirect.article_id is not None and not redirect.article.is_public:
        return None
    if redirect.media_id is not None and is_private(redirect.media.file.name):
        return None
    return redirect.target() or None


class LegacyRedirectMiddleware:
    """Turn a 404 (or a WordPress ``?p=<id>`` link) into a 301 when the table knows the URL."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            query = next(
                (f"{k}={request.GET[k]}" for k in _ID_QUERIES if request.GET.get(k, "").isdigit()),
                "",
            )
            if query:
                target = find_redirect(request.path, query)
                if target and canonical_path(target) != request_path(request):
                    return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = find_redirect(request.path)
        if target and canonical_path(target) != request_path(request):
            return HttpResponsePermanentRedirect(target)
        return response
