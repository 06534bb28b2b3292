"""Template helpers of fronts and lists: relative times, expiring urgent marks, key items."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from dateline.articles.models import Article
from dateline.fronts import urgency
from dateline.site.dates import format_dateline

register = template.Library()

# Content types whose items carry a picture in a compact timeline (video, gallery, report,
# live): the moments a reader scanning a story wants to see.
_KEY_TYPES = {22, 23, 26, 27}


@register.simple_tag
def reltime(value: datetime | None, language: str = "en") -> str:
    """Render ``<time>`` with the exact time in ``datetime`` and ``title``.

    The text is the exact time to the minute, the same whenever the page is rendered, so a
    baked page equals a fresh one; ``static/dateline/time.js`` turns it into "2 hours ago"
    ("قبل ساعتين") in the reader's browser, true however old the baked file is.
    """
    if value is None:
        return ""
    exact = format_dateline(value, language)
    iso = timezone.localtime(value).isoformat(timespec="seconds")
    return format_html(
        '<time datetime="{}" title="{}" data-relative>{}</time>', iso, exact, exact[:-3]
    )


@register.filter
def breaking_now(item: Article) -> bool:
    """Return whether ``item``'s urgent or breaking mark is still shown (it expires)."""
    return urgency.is_breaking_now(item)


@register.filter
def shows_label(item: Article) -> bool:
    """Return whether ``item``'s label is shown: any label but an expired urgent one."""
    if item.label_id is None:
        return False
    return not item.label.is_breaking or urgency.is_breaking_now(item)


@register.filter
def is_key(item: Article, first: bool = False) -> bool:
    """Return whether ``item`` shows its picture in a compact timeline."""
    if item.lead_media_id is None:
        return False
    return bool(first) or item.article_type_id in _KEY_TYPES or shows_label(item)


@register.filter
def picture_of(item: Article):
    """Return the image a card shows for ``item`` (a video's poster), or None."""
    media = item.lead_media
    return media.picture if media is not None else None


@register.inclusion_tag("fronts/_section_nav.html", takes_context=True)
def section_nav(context) -> dict:
    """Render the sections bar of the edition, marking the section being read."""
    from dateline.site.urlbuilder import urls
    from dateline.taxonomy.models import Section

    edition = context.get("edition") or "en"
    current = context.get("subject")
    sections = [
        {
            "url": urls.section(s, edition),
            "name": s.name_ar if edition == "ar" and s.name_ar else s.name,
            "current": isinstance(current, Section) and current.pk == s.pk,
        }
        for s in Section.objects.all()
    ]
    return {"sections": sections}


@register.filter
def hit_url(item: Article) -> str:
    """Return the read beacon's address for ``item``."""
    from dateline.site.urlbuilder import urls

    return urls.hit(item)


# Picture per slot: (ratio, sizes, loading). The lead is large and loaded at once; row and
# secondary items are small; list slots ("text") show no picture at all.
_SLOTS = {
    "lead": ("16x9", "(min-width: 72em) 42rem, (min-width: 48em) 60vw, 100vw", "eager"),
    "row": ("4x3", "(min-width: 72em) 16rem, (min-width: 48em) 30vw, 45vw", "lazy"),
    "secondary": ("4x3", "7rem", "lazy"),
    "video": ("16x9", "(min-width: 48em) 16rem, 60vw", "lazy"),
    "text": ("4x3", "", "lazy"),
}


@register.inclusion_tag("fronts/_card.html", takes_context=True)
def card(
    context,
    item: Article,
    size: str = "row",
    h: str = "h3",
    standfirst: bool = False,
    page_language: str = "",
):
    """Render ``item`` in a slot of ``size`` (lead, row, secondary, video, text) with its
    title as heading ``h``; a picture-less item gets the text layout, with its standfirst.
    An item in another language than ``page_language`` (when given) has its title marked
    with its ``lang`` and ``dir``, so an Arabic headline reads right to left in an English
    page and the reverse."""
    ratio, sizes, loading = _SLOTS.get(size, _SLOTS["row"])
    pic = picture_of(item) if size != "text" else None
    return {
        "item": item,
        "size": size,
        "h": h,
        "pic": pic,
        "ratio": ratio,
        "sizes": sizes,
        "loading": loading,
        "standfirst": bool(item.summary) and (standfirst or (pic is None and size == "row")),
        "is_video": item.lead_media_id is not None and item.lead_media.is_video,
        "edition": context.get("edition") or item.language,
        "foreign": bool(page_language) and item.language != page_language,
    }
