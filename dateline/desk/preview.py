"""Signed, expiring preview links for items readers cannot see yet."""

from __future__ import annotations

from django.core import signing

from dateline.conf import setting

_SALT = "dateline.desk.preview"


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
