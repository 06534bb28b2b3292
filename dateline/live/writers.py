"""The live formats, pure functions of rows: the update resource and the JSON-LD parts.

They know nothing of requests; the view and the structured-data writer feed them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.utils.html import strip_tags

from dateline.live.models import Entry
from dateline.site.urlbuilder import urls


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def update_document(
    *,
    item: int,
    is_live: bool,
    started_at: datetime,
    ended_at: datetime | None,
    summary: str,
    entries: Sequence[tuple[Entry, str]],
    deleted: Iterable[int],
    modified: datetime,
) -> dict:
    """Return the update resource: ``cursor`` is the newest entry id; each entry carries
    its ``version`` (bumped by each change) and its ``html`` as the page shows it."""
    return {
        "item": item,
        "live": is_live,
        "coverage_start": _iso(started_at),
        "coverage_end": _iso(ended_at),
        "modified": _iso(modified),
        "cursor": max((entry.pk for entry, _html in entries), default=0),
        "summary": summary,
        "entries": [
            {
                "id": entry.pk,
                "version": entry.version,
                "posted_at": _iso(entry.posted_at),
                "headline": entry.headline,
                "key_event": entry.is_key_event,
                "revision": entry.revision,
                "html": html,
            }
            for entry, html in entries
        ],
        "deleted": list(deleted),
    }


def entry_text(entry: Entry) -> str:
    """Return the body of ``entry`` as plain text on one line."""
    # Unescaped: the text goes into formats that escape it their own way (``&amp;`` is "&").
    return " ".join(html.unescape(strip_tags(entry.body)).split())


def entry_title(entry: Entry, limit: int = 110) -> str:
    """Return the headline of ``entry``, or the start of its text when it has none."""
    return (entry.headline or entry_text(entry))[:limit]


def entry_document(entry: Entry, language: str) -> dict:
    """Return one entry as the API and ninjs list it: time, headline, body (sanitised HTML),
    key event, and the time and kind of its last change after readers saw it."""
    return {
        "id": entry.pk,
        "posted_at": _iso(entry.posted_at),
        "headline": entry.headline,
        "body_html": entry.safe_body,
        "byline": entry.byline,
        "authors": [
            {
                "slug": person.slug,
                "name": person.name_in(language),
                "url": urls.absolute(urls.author(person, language)),
            }
            for person in entry.people()
        ],
        "key_event": entry.is_key_event,
        "revision": entry.revision or None,
        "revised_at": _iso(entry.revised_at),
        "revision_note": entry.revision_note or None,
    }


def coverage_document(
    *,
    is_live: bool,
    started_at: datetime,
    ended_at: datetime | None,
    summary: str,
    entries: Sequence[Entry],
    language: str,
) -> dict:
    """Return a live item's coverage as the API lists it: state, times, summary, entries
    newest first."""
    return {
        "is_live": is_live,
        "coverage_start": _iso(started_at),
        "coverage_end": _iso(ended_at),
        "summary_html": summary,
        "entries": [entry_document(entry, language) for entry in entries],
    }


def blog_posting(entry: Entry, page_url: str, language: str) -> dict:
    """Return one entry as a schema.org ``BlogPosting`` (a ``liveBlogUpdate``)."""
    text = entry_text(entry)
    data = {
        "@type": "BlogPosting",
        "@id": f"{page_url}#{entry.anchor}",
        "url": f"{page_url}#{entry.anchor}",
        "headline": entry_title(entry),
        "datePublished": _iso(entry.posted_at),
        "dateModified": _iso(entry.revised_at),
        "articleBody": text,
        "inLanguage": language,
    }
    people = entry.people()
    if people:
        data["author"] = [
            {
                "@type": "Person",
                "name": person.name_in(language),
                "url": urls.absolute(urls.author(person, language)),
            }
            for person in people
        ]
    elif entry.byline:
        data["author"] = {"@type": "Person", "name": entry.byline}
    return {key: value for key, value in data.items() if value not in (None, "")}


def live_blog_fields(
    *,
    started_at: datetime,
    ended_at: datetime | None,
    entries: Sequence[Entry],
    page_url: str,
    language: str,
) -> dict:
    """Return the ``LiveBlogPosting`` properties of a live item: coverage times and its
    updates, newest first."""
    data = {
        "coverageStartTime": _iso(started_at),
        "liveBlogUpdate": [blog_posting(e, page_url, language) for e in entries],
    }
    if ended_at is not None:
        data["coverageEndTime"] = _iso(ended_at)
    return data
