"""What readers are shown of a live item: the page's block and the update resource.

The page lists every visible entry, newest first. The update resource lists the newest
``WINDOW`` entries, the recently revised ones and the recently deleted ids, so an open page
can add, replace and remove entries without asking the app: it is baked like the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.live import writers
from dateline.live.models import LIVE_TYPE_ID, Coverage, Entry
from dateline.live.texts import texts

# Entries on the page itself; a longer blog keeps its oldest ones off the page (rare: a day
# of coverage is a few hundred entries).
PAGE_LIMIT = 500
# Entries the update resource carries: more than a reader can miss between two polls.
WINDOW = 20
# Revised and deleted entries it carries, so open pages replace or drop them.
CHANGES = 20


def is_live_item(article: Article) -> bool:
    return article.article_type_id == LIVE_TYPE_ID


@dataclass
class LiveState:
    """A live item as readers see it now."""

    article: Article
    coverage: Coverage
    entries: list[Entry]
    deleted: list[int] = field(default_factory=list)

    @property
    def cursor(self) -> int:
        return max((e.pk for e in self.entries), default=0)

    @property
    def key_events(self) -> list[Entry]:
        return [e for e in self.entries if e.is_key_event]

    @property
    def modified(self) -> datetime:
        moments = [e.updated_at for e in self.entries]
        moments += [m for m in (self.article.modified_at, self.coverage.summary_updated_at) if m]
        moments.append(self.coverage.ended_at or self.coverage.started_at)
        return max(moments)


def coverage_for(article: Article) -> Coverage:
    """Return the stored live state, or the one a live item without any has (not saved)."""
    found = Coverage.objects.filter(article=article).first()
    if found is not None:
        return found
    return Coverage(article=article, started_at=article.published_at or timezone.now())


def page_state(article: Article) -> LiveState:
    """Return what the reader page of ``article`` shows: every visible entry, newest first."""
    entries = Entry.objects.filter(article=article).visible().with_people()
    entries = list(entries.newest_first()[:PAGE_LIMIT])
    return LiveState(article, coverage_for(article), entries)


def public_entries(article: Article, limit: int = PAGE_LIMIT) -> list[Entry]:
    """Return the entries of ``article`` readers see, newest first; none unless the item
    itself is public (an embargoed, unpublished or killed item shows no entry anywhere)."""
    if not (is_live_item(article) and article.is_public):
        return []
    entries = Entry.objects.filter(article=article).visible().with_people()
    return list(entries.newest_first()[:limit])


def newest_entry_time(article: Article) -> datetime | None:
    """Return when the newest public entry of ``article`` was posted (None: none)."""
    entries = public_entries(article, 1)
    return entries[0].posted_at if entries else None


def fresh_live_items(since: datetime) -> dict[int, datetime]:
    """Return ``{item id: newest entry time}`` of the public live items that are live now
    and posted an entry since ``since``: news they still are, whenever they were published."""
    now = timezone.now()
    items = Article.objects.public().filter(article_type_id=LIVE_TYPE_ID)
    items = items.exclude(coverage__ended_at__lte=now).exclude(coverage__started_at__gt=now)
    rows = (
        Entry.objects.visible()
        .filter(article__in=items)
        .values("article")
        .annotate(newest=Max("posted_at"))
        .filter(newest__gte=since)
    )
    return {row["article"]: row["newest"] for row in rows}


def update_state(article: Article, after: int | None = None) -> LiveState:
    """Return what the update resource carries: the newest entries (those after the cursor
    ``after`` when given), the recently revised ones, the ids of those recently taken off."""
    visible = Entry.objects.filter(article=article).visible().with_people()
    newest = visible.newest_first()
    if after is not None:
        newest = newest.filter(pk__gt=after)
    entries = list(newest[:WINDOW])
    shown = {e.pk for e in entries}
    revised = visible.filter(revised_at__isnull=False).order_by("-revised_at")[:CHANGES]
    entries += [e for e in revised if e.pk not in shown]
    # Deleted, unpublished or killed: open pages drop them (an embargoed entry was never
    # shown, so its id is not given away).
    deleted = list(
        Entry.objects.filter(article=article)
        .withdrawn()
        .order_by("-updated_at")
        .values_list("pk", flat=True)[:CHANGES]
    )
    return LiveState(article, coverage_for(article), entries, deleted)


def block_context(state: LiveState) -> dict:
    """Return the template context of the live block of a reader page."""
    from dateline.site.urlbuilder import urls

    return {
        "live": state,
        "coverage": state.coverage,
        "entries": state.entries,
        "key_events": state.key_events,
        "t": texts(state.article.language),
        "feed_url": urls.live_entries(state.article),
        "poll_seconds": setting("DATELINE_LIVE_POLL_SECONDS"),
    }


def entry_html(entry: Entry, language: str) -> str:
    """Return the HTML of one entry as the page shows it."""
    with translation.override(language):
        return render_to_string(
            "live/_entry.html", {"entry": entry, "t": texts(language), "language": language}
        )


def update_document(state: LiveState) -> dict:
    """Return the update resource of a live item as a JSON-ready dict."""
    language = state.article.language
    return writers.update_document(
        item=state.article.pk,
        is_live=state.coverage.is_live,
        started_at=state.coverage.started_at,
        ended_at=state.coverage.ended_at,
        summary=state.coverage.safe_summary,
        entries=[(entry, entry_html(entry, language)) for entry in state.entries],
        deleted=state.deleted,
        modified=state.modified,
    )


def api_fields(article: Article) -> dict | None:
    """Return the coverage and entries of a live item as the API lists them (None for an
    item that is not live)."""
    if not is_live_item(article):
        return None
    coverage = coverage_for(article)
    return writers.coverage_document(
        is_live=coverage.is_live,
        started_at=coverage.started_at,
        ended_at=coverage.ended_at,
        summary=coverage.safe_summary,
        entries=public_entries(article),
        language=article.language,
    )


def jsonld_fields(article: Article, page_url: str) -> dict:
    """Return the ``LiveBlogPosting`` properties of ``article`` (coverage and updates)."""
    state = page_state(article)
    return writers.live_blog_fields(
        started_at=state.coverage.started_at,
        ended_at=state.coverage.ended_at,
        entries=state.entries,
        page_url=page_url,
        language=article.language,
    )
