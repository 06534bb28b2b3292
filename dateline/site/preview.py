"""Signed, expiring preview links for items readers cannot see yet."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from dateline.conf import setting

_SALT = "dateline.site.preview"
# One cookie per previewed item, sent only with media requests: it lets the holder of a
# preview link see the draft's pictures, which readers are refused (dateline.media.visibility).
MEDIA_COOKIE_PREFIX = "dateline_preview_"


def make_token(article_id: int) -> str:
    """Return a signed token that opens the preview of ``article_id`` until it expires."""
    return signing.dumps({"a": article_id}, salt=_SALT, compress=True)


def read_token(token: str) -> int | None:
    """Return the article id in ``token``, or None if it is forged, malformed or expired."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=setting("DATELINE_PREVIEW_MAX_AGE"))
    except signing.BadSignature:
        return None
    article_id = data.get("a") if isinstance(data, dict) else None
    return article_id if isinstance(article_id, int) else None


def preview_path(article_id: int) -> str:
    """Return the site-relative preview URL of ``article_id``."""
    from django.urls import reverse

    return reverse("desk-preview", kwargs={"token": make_token(article_id)})


def grant_media(response: HttpResponse, article_id: int, token: str) -> None:
    """Let the browser showing this preview fetch the item's media until the link expires."""
    response.set_cookie(
        f"{MEDIA_COOKIE_PREFIX}{article_id}",
        token,
        max_age=setting("DATELINE_PREVIEW_MAX_AGE"),
        path=settings.MEDIA_URL,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def previewed_items(request: HttpRequest) -> list[int]:
    """Return the ids of the items whose valid, unexpired preview links ``request`` holds."""
    found = (
        read_token(value)
        for name, value in request.COOKIES.items()
        if name.startswith(MEDIA_COOKIE_PREFIX)
    )
    return [article_id for article_id in found if article_id is not None]
