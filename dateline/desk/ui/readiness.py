"""What must be true of an item before it goes out: every picture described and credited.

The desk refuses Publish, Schedule and Publish changes while ``problems`` names anything;
the editor shows the same list beside the buttons, so the journalist fixes it before asking.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from lxml import html as lxml_html
from lxml.etree import ParserError

from dateline.articles.models import Article


def _figures(body: str) -> list:
    try:
        root = lxml_html.fragment_fromstring(body, create_parent="div")
    except (ParserError, ValueError):
        return []
    return root.findall(".//figure")


def problems(article: Article) -> list[str]:
    """Return what stops ``article`` (its words as edited) from being released, in words."""
    found = []
    if not article.headline.strip():
        found.append(_("The headline is empty."))
    # Only image figures carry no class; a gallery's pictures are image figures of their own.
    pictures = [
        (figure, figure.find("img"))
        for figure in _figures(article.body or "")
        if not figure.get("class") and figure.find("img") is not None
    ]
    for n, (figure, image) in enumerate(pictures, start=1):
        caption = figure.find("figcaption")
        credit = caption.find("cite") if caption is not None else None
        if not (image.get("alt") or "").strip():
            found.append(_("Picture %(n)d in the body has no alt text.") % {"n": n})
        if caption is None or not (caption.text or "").strip():
            found.append(_("Picture %(n)d in the body has no caption.") % {"n": n})
        if credit is None or not (credit.text_content() or "").strip():
            found.append(_("Picture %(n)d in the body has no credit.") % {"n": n})
    media = article.lead_media
    if media is not None and not media.is_video and not media.alt_text.strip():
        found.append(_("The lead picture has no alt text (edit it in the media library)."))
    return found
