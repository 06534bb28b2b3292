"""Text helpers every reader shares: bodies to safe HTML, summaries, dates and terms."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from html import unescape

from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from dateline.articles.html import paragraphs_to_html, sanitize_html
from dateline.importers.records import Term

_BLOCK = re.compile(r"<(p|div|h[1-6]|ul|ol|table|blockquote|figure|pre)[\s>]", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n")
# Enough to read text out of markup for summaries and titles; bodies go through nh3 instead.
_TAG = re.compile(r"<[^>]*>?")
# What slugify leaves as it is: most slugs of an export already look like this.
_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def body_html(text: str) -> str:
    """Return a body as sanitised HTML; text without block tags gets paragraphs (wpautop)."""
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _BLOCK.search(text):
        paragraphs = [p.strip().replace("\n", "<br>\n") for p in _BLANK_LINES.split(text)]
        text = "\n".join(f"<p>{p}</p>" for p in paragraphs if p)
    elif _BLANK_LINES.search(text):
        # Mixed: a classic post whose text runs between figures. Only the runs of bare text
        # become paragraphs; markup and block comments stay as they are.
        text = "\n".join(_paragraph(chunk.strip()) for chunk in _BLANK_LINES.split(text))
    html = sanitize_html(text)
    # WordPress's own classes are dropped by the allow-list, which leaves the attribute empty.
    return html.replace(' class=""', "") if ' class=""' in html else html


def _paragraph(chunk: str) -> str:
    if not chunk or chunk.startswith("<!--") or _BLOCK.search(chunk):
        return chunk
    return "<p>" + chunk.replace("\n", "<br>\n") + "</p>"


def plain_body_html(text: str) -> str:
    """Return plain text (no markup) as escaped paragraphs."""
    return paragraphs_to_html(_BLANK_LINES.split(text.replace("\r\n", "\n")))


def summary_of(html: str, limit: int = 300) -> str:
    """Return the plain-text start of ``html``, cut at a word before ``limit`` characters."""
    text = plain(html[: limit * 3])
    if len(text) < limit and len(html) > limit * 3:
        text = plain(html[: limit * 20])
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def first_words(html: str, words: int = 10, limit: int = 120) -> str:
    """Return the first ``words`` words of ``html``'s text (at most ``limit`` characters),
    with an ellipsis when the text goes on: a headline for an item that has none."""
    text = plain(html[: limit * 20])
    head = " ".join(text.split()[:words])
    if len(head) > limit:
        head = head[:limit].rsplit(" ", 1)[0]
    return head if len(head) == len(text) else head.rstrip(",;:.") + "…"


def plain(text: str | None) -> str:
    """Return ``text`` without tags and entities, its whitespace folded."""
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = unescape(text)
    return " ".join(text.split())


def aware(text: str | None, *, utc: bool = True) -> datetime | None:
    """Return the datetime written in ``text`` (ISO 8601 or ``YYYY-MM-DD HH:MM:SS``), or None.

    A time without a zone is taken as UTC. An unreadable or impossible value gives None.
    """
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        moment = parse_datetime(text.strip())
    except ValueError:
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def slug_of(text: str, limit: int) -> str:
    """Return ``slugify(text, allow_unicode=True)`` cut to ``limit`` characters."""
    if _PLAIN_SLUG.fullmatch(text):
        return text[:limit]  # slugify would give it back unchanged; it costs 10 µs a call
    return slugify(text, allow_unicode=True)[:limit]


@functools.lru_cache(maxsize=20_000)
def term(name: str, slug: str = "") -> Term | None:
    """Return a term for a section or topic name, with a slug made from ``slug`` or the name."""
    name = plain(name)[:200]
    slug = slug_of(slug or name, 100)
    if not slug:
        return None
    return Term(slug=slug, name=name or slug)
