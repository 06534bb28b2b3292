"""The desk's steps on a live item: post, edit, delete entries; summary, start and end.

Each step is one transaction that writes the entry, its audit row and the item's
``modified_at``, and records one ``updated`` event of the live item
(``dateline.events.track``), so the baked page and its update resource follow
after the commit. Posts from several journalists at once only insert rows: nothing locks
the entries of other posts.

Who may do what, with the newsroom's existing permissions (``dateline.desk.roles``): anyone
who edits articles posts, and edits their own entries; changing another's entry, or marking
a change as a correction, needs ``correct_article``; deleting entries, the summary and the
live state need ``publish_article``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from dateline import events
from dateline.articles.html import clean_pasted_html, sanitize_html
from dateline.articles.models import Article
from dateline.live.models import LIVE_TYPE_ID, Coverage, Entry, EntryAudit

POST = "articles.change_article"
CORRECT = "articles.correct_article"
MANAGE = "articles.publish_article"


@dataclass(frozen=True)
class Draft:
    """What a journalist typed for an entry."""

    body: str
    headline: str = ""
    byline: str = ""
    is_key_event: bool = False
    posted_at: datetime | None = None


def check_live_item(article: Article) -> None:
    """Raise ``ValidationError`` unless ``article`` is a live item that takes entries."""
    if article.article_type_id != LIVE_TYPE_ID:
        raise ValidationError(
            f"article {article.pk} is not a live item (content type "
            f"{article.article_type_id}, live is {LIVE_TYPE_ID})"
        )
    if article.status == Article.Status.KILLED:
        raise ValidationError(f"article {article.pk} is killed; it takes no entries")


def _require(user, permission: str, what: str) -> None:
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(f"{user} may not {what}: needs {permission}")


def coverage_of(article: Article) -> Coverage:
    """Return the live state of ``article``, created on first use (started at publication)."""
    coverage, _created = Coverage.objects.get_or_create(
        article=article, defaults={"started_at": article.published_at or timezone.now()}
    )
    return coverage


def _clean_body(html: str) -> str:
    body = sanitize_html(clean_pasted_html(html or "")).strip()
    # Empty paragraphs are no entry; a picture or an embed without words is one.
    if not strip_tags(body).strip() and "<img" not in body and "<figure" not in body:
        raise ValidationError("an entry needs a body: the text was empty after cleaning")
    return body


def _snapshot(entry: Entry) -> dict:
    return {
        "headline": entry.headline,
        "body": entry.body,
        "byline": entry.byline,
        "is_key_event": entry.is_key_event,
        "posted_at": entry.posted_at.isoformat(),
    }


def _changed(article: Article) -> None:
    """Note the change on the item and record its event (only a published item has readers)."""
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(modified_at=now)
    article.modified_at = now
    if article.status == Article.Status.PUBLISHED:
        events.track(article, "updated")


@transaction.atomic
def post_entry(article: Article, user, draft: Draft) -> Entry:
    """Post a new entry on ``article`` as ``user``; return it.

    Raise ``PermissionDenied`` for a user who may not edit articles and ``ValidationError``
    for an article that is not live, has ended its coverage, or an empty body.
    """
    _require(user, POST, f"post to live item {article.pk}")
    check_live_item(article)
    coverage = coverage_of(article)
    if coverage.ended_at is not None and coverage.ended_at <= timezone.now():
        raise ValidationError(
            f"the coverage of article {article.pk} has ended; reopen it to post again"
        )
    entry = Entry.objects.create(
        article=article,
        posted_at=draft.posted_at or timezone.now(),
        headline=draft.headline.strip()[:300],
        body=_clean_body(draft.body),
        byline=draft.byline.strip()[:300],
        is_key_event=draft.is_key_event,
        created_by=user,
    )
    EntryAudit.objects.create(
        entry=entry, action=EntryAudit.Action.POSTED, user=user, data=_snapshot(entry)
    )
    _changed(article)
    return entry


def _seen_by_readers(entry: Entry) -> bool:
    return entry.article.is_public and entry.posted_at <= timezone.now()


@transaction.atomic
def edit_entry(
    entry: Entry, user, draft: Draft, *, correction: bool = False, reason: str = ""
) -> Entry:
    """Change ``entry`` to ``draft`` as ``user``; return it.

    Once readers have seen the entry the change shows on it, as "Updated" or, with
    ``correction``, "Corrected" (which needs ``correct_article``).
    """
    entry = Entry.objects.select_for_update().select_related("article").get(pk=entry.pk)
    if entry.deleted_at is not None:
        raise ValidationError(f"entry {entry.pk} is deleted; it cannot be edited")
    _require(user, POST, f"edit entry {entry.pk}")
    if user is not None and entry.created_by_id != user.pk:
        _require(user, CORRECT, f"edit entry {entry.pk}, which another journalist posted")
    if correction:
        _require(user, CORRECT, f"mark a change to entry {entry.pk} as a correction")
    seen = _seen_by_readers(entry)
    entry.headline = draft.headline.strip()[:300]
    entry.body = _clean_body(draft.body)
    entry.byline = draft.byline.strip()[:300]
    entry.is_key_event = draft.is_key_event
    if draft.posted_at is not None:
        entry.posted_at = draft.posted_at
    if seen:
        entry.revised_at = timezone.now()
        # A correction stays a correction: a later plain update does not hide it.
        if correction or entry.revision != Entry.Revision.CORRECTED:
            entry.revision = Entry.Revision.CORRECTED if correction else Entry.Revision.UPDATED
    entry.version += 1
    entry.save()
    action = EntryAudit.Action.CORRECTED if correction else EntryAudit.Action.EDITED
    EntryAudit.objects.create(
        entry=entry, action=action, user=user, reason=reason[:500], data=_snapshot(entry)
    )
    _changed(entry.article)
    return entry


@transaction.atomic
def delete_entry(entry: Entry, user, *, reason: str = "") -> Entry:
    """Take ``entry`` off the live item as ``user`` (the row and its audit stay)."""
    entry = Entry.objects.select_for_update().select_related("article").get(pk=entry.pk)
    _require(user, MANAGE, f"delete entry {entry.pk}")
    if entry.deleted_at is None:
        entry.deleted_at = timezone.now()
        entry.version += 1
        entry.save(update_fields=["deleted_at", "version", "updated_at"])
        EntryAudit.objects.create(
            entry=entry,
            action=EntryAudit.Action.DELETED,
            user=user,
            reason=reason[:500],
            data=_snapshot(entry),
        )
        _changed(entry.article)
    return entry


@transaction.atomic
def set_summary(article: Article, user, summary: str) -> Coverage:
    """Replace the pinned "what we know" summary of ``article``."""
    _require(user, MANAGE, f"change the summary of live item {article.pk}")
    check_live_item(article)
    coverage = coverage_of(article)
    coverage.summary = sanitize_html(clean_pasted_html(summary or "")).strip()
    coverage.summary_updated_at = timezone.now()
    coverage.save(update_fields=["summary", "summary_updated_at"])
    _changed(article)
    return coverage


@transaction.atomic
def end_coverage(article: Article, user, at: datetime | None = None) -> Coverage:
    """End the live coverage of ``article`` now (or at ``at``)."""
    _require(user, MANAGE, f"end the coverage of live item {article.pk}")
    check_live_item(article)
    coverage = coverage_of(article)
    coverage.ended_at = at or timezone.now()
    coverage.save(update_fields=["ended_at"])
    _changed(article)
    return coverage


@transaction.atomic
def reopen_coverage(article: Article, user) -> Coverage:
    """Make ``article`` live again after its coverage ended."""
    _require(user, MANAGE, f"reopen the coverage of live item {article.pk}")
    check_live_item(article)
    coverage = coverage_of(article)
    coverage.ended_at = None
    coverage.save(update_fields=["ended_at"])
    _changed(article)
    return coverage
