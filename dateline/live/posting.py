"""The desk's steps on a live item: post, edit, delete entries; summary, start and end.

Each step is one transaction that writes the entry, its audit row and the item's
``modified_at``, and records one ``updated`` event of the live item
(``dateline.events.track``), so the baked page and its update resource follow
after the commit. Posts from several journalists at once only insert rows: nothing locks
the entries of other posts.

Who may do what, with the newsroom's existing permissions (``dateline.desk.roles``): anyone
who edits articles posts (an entry may be posted under embargo), and edits their own entries;
changing another's entry, or marking a change as a correction, needs ``correct_article``;
deleting, unpublishing and republishing entries, setting or lifting an entry's embargo, the
summary and the live state need ``publish_article``; killing an entry needs ``kill_article``.

An entry has the states of an article: embargoed (invisible everywhere until its time; the
worker announces the lift, ``lift_passed_embargoes``), unpublished (taken off, may come back),
killed (taken off for good) and corrected (shown "Corrected" with the note). A step that takes
off an entry readers may have seen is recorded on its audit row with its event's id, and
``withdraws_entry`` makes that event run every step inline, as a kill of an article does.
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
from dateline.live.models import LIVE_TYPE_ID, Coverage, Entry, EntryAudit, EntryAuthor
from dateline.people.credits import join_names
from dateline.people.models import Person

POST = "articles.change_article"
CORRECT = "articles.correct_article"
MANAGE = "articles.publish_article"
KILL = "articles.kill_article"
# The audit actions that take an entry off the reader's page.
WITHDRAWING = (
    EntryAudit.Action.DELETED,
    EntryAudit.Action.UNPUBLISHED,
    EntryAudit.Action.KILLED,
)


@dataclass(frozen=True)
class Draft:
    """What a journalist typed for an entry."""

    body: str
    headline: str = ""
    byline: str = ""
    is_key_event: bool = False
    posted_at: datetime | None = None
    # Hold the entry back until then (only on posting: later, ``set_embargo``).
    embargo_until: datetime | None = None
    # The people credited, in byline order; their names replace the typed byline.
    authors: tuple[Person, ...] = ()


def _byline(draft: Draft, language: str) -> str:
    people = list(dict.fromkeys(draft.authors))
    if people:
        return join_names([p.name_in(language) for p in people], language)[:300]
    return draft.byline.strip()[:300]


def _credit(entry: Entry, draft: Draft) -> None:
    EntryAuthor.objects.filter(entry=entry).delete()
    EntryAuthor.objects.bulk_create(
        EntryAuthor(entry=entry, person=person, position=n)
        for n, person in enumerate(dict.fromkeys(draft.authors))
    )


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


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _snapshot(entry: Entry) -> dict:
    return {
        "headline": entry.headline,
        "body": entry.body,
        "byline": entry.byline,
        "is_key_event": entry.is_key_event,
        "posted_at": entry.posted_at.isoformat(),
        "state": entry.state,
        "embargo_until": _iso(entry.embargo_until),
        "authors": list(entry.credits.values_list("person__slug", flat=True)),
    }


def _changed(article: Article) -> int | None:
    """Note the change on the item and record its event (only a published item has readers);
    return the event's id (None: no event)."""
    now = timezone.now()
    Article.objects.filter(pk=article.pk).update(modified_at=now)
    article.modified_at = now
    if article.status == Article.Status.PUBLISHED:
        return events.track(article, "updated")
    return None


def _record(entry: Entry, action: str, user, reason: str = "") -> EntryAudit:
    """Announce the change of ``entry`` and write its audit row, with the event's id."""
    event_id = _changed(entry.article)
    return EntryAudit.objects.create(
        entry=entry,
        action=action,
        user=user,
        reason=(reason or "")[:500],
        data=_snapshot(entry),
        event_id=event_id,
    )


def withdraws_entry(event: events.Event) -> bool:
    """Return whether ``event`` takes off an entry readers may have seen (registered with
    ``events.withdraws_part_when``: its steps then run inline, never waiting for a worker)."""
    return EntryAudit.objects.filter(event_id=event.id, action__in=WITHDRAWING).exists()


def _locked(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("article").get(pk=entry.pk)


def _refuse_gone(entry: Entry, what: str) -> None:
    if entry.killed_at is not None:
        raise ValidationError(f"entry {entry.pk} is killed; it cannot be {what}")
    if entry.deleted_at is not None:
        raise ValidationError(f"entry {entry.pk} is deleted; it cannot be {what}")


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
    now = timezone.now()
    embargo = draft.embargo_until if draft.embargo_until and draft.embargo_until > now else None
    entry = Entry.objects.create(
        article=article,
        # Held back, it is shown as posted when its embargo lifts, with the news of then.
        posted_at=embargo or draft.posted_at or now,
        headline=draft.headline.strip()[:300],
        body=_clean_body(draft.body),
        byline=_byline(draft, article.language),
        is_key_event=draft.is_key_event,
        embargo_until=embargo,
        created_by=user,
    )
    entry.article = article
    _credit(entry, draft)
    _record(entry, EntryAudit.Action.POSTED, user)
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
    entry = _locked(entry)
    _refuse_gone(entry, "edited")
    _require(user, POST, f"edit entry {entry.pk}")
    if user is not None and entry.created_by_id != user.pk:
        _require(user, CORRECT, f"edit entry {entry.pk}, which another journalist posted")
    if correction:
        _require(user, CORRECT, f"mark a change to entry {entry.pk} as a correction")
    seen = _seen_by_readers(entry)
    entry.headline = draft.headline.strip()[:300]
    entry.body = _clean_body(draft.body)
    entry.byline = _byline(draft, entry.article.language)
    _credit(entry, draft)
    entry.is_key_event = draft.is_key_event
    if draft.posted_at is not None:
        entry.posted_at = draft.posted_at
    if seen:
        entry.revised_at = timezone.now()
        # A correction stays a correction: a later plain update does not hide it.
        if correction or entry.revision != Entry.Revision.CORRECTED:
            entry.revision = Entry.Revision.CORRECTED if correction else Entry.Revision.UPDATED
        if correction:
            entry.revision_note = " ".join(reason.split())[:500]
    entry.version += 1
    entry.save()
    action = EntryAudit.Action.CORRECTED if correction else EntryAudit.Action.EDITED
    _record(entry, action, user, reason)
    return entry


@transaction.atomic
def delete_entry(entry: Entry, user, *, reason: str = "") -> Entry:
    """Take ``entry`` off the live item as ``user`` (the row and its audit stay)."""
    entry = _locked(entry)
    _require(user, MANAGE, f"delete entry {entry.pk}")
    if entry.deleted_at is None:
        entry.deleted_at = timezone.now()
        _withdraw(entry, "deleted_at", EntryAudit.Action.DELETED, user, reason)
    return entry


def _withdraw(entry: Entry, stamp: str, action: str, user, reason: str) -> None:
    entry.version += 1
    entry.save(update_fields=[stamp, "version", "updated_at"])
    _record(entry, action, user, reason)


@transaction.atomic
def unpublish_entry(entry: Entry, user, *, reason: str = "") -> Entry:
    """Take ``entry`` off every public output for now (``republish_entry`` puts it back)."""
    entry = _locked(entry)
    _require(user, MANAGE, f"unpublish entry {entry.pk}")
    _refuse_gone(entry, "unpublished")
    if entry.unpublished_at is None:
        entry.unpublished_at = timezone.now()
        _withdraw(entry, "unpublished_at", EntryAudit.Action.UNPUBLISHED, user, reason)
    return entry


@transaction.atomic
def republish_entry(entry: Entry, user, *, reason: str = "") -> Entry:
    """Put an unpublished ``entry`` back where it was."""
    entry = _locked(entry)
    _require(user, MANAGE, f"republish entry {entry.pk}")
    _refuse_gone(entry, "republished")
    if entry.unpublished_at is not None:
        entry.unpublished_at = None
        entry.version += 1
        entry.save(update_fields=["unpublished_at", "version", "updated_at"])
        _record(entry, EntryAudit.Action.REPUBLISHED, user, reason)
    return entry


@transaction.atomic
def kill_entry(entry: Entry, user, *, reason: str) -> Entry:
    """Take ``entry`` off for good (a legal takedown); the row and its audit stay."""
    entry = _locked(entry)
    _require(user, KILL, f"kill entry {entry.pk}")
    if not (reason or "").strip():
        raise ValidationError(f"killing entry {entry.pk} needs a reason (it is audited)")
    if entry.killed_at is None:
        entry.killed_at = timezone.now()
        _withdraw(entry, "killed_at", EntryAudit.Action.KILLED, user, reason)
    return entry


@transaction.atomic
def set_embargo(entry: Entry, user, until: datetime | None, *, reason: str = "") -> Entry:
    """Hold ``entry`` back until ``until``, or (``None``) lift its embargo now.

    An entry readers may already have seen is not embargoed: unpublish it instead.
    """
    entry = _locked(entry)
    _require(user, MANAGE, f"change the embargo of entry {entry.pk}")
    _refuse_gone(entry, "embargoed")
    now = timezone.now()
    if until is not None and until > now:
        if Entry.objects.filter(pk=entry.pk).visible().exists() and entry.article.is_public:
            raise ValidationError(
                f"readers may have seen entry {entry.pk}; unpublish it instead of embargoing"
            )
        entry.embargo_until, entry.embargo_lifted, entry.posted_at = until, False, until
        action = EntryAudit.Action.EMBARGOED
    elif entry.embargo_until is not None and not entry.embargo_lifted:
        entry.embargo_until, entry.embargo_lifted = None, True
        entry.posted_at = min(entry.posted_at, now)
        action = EntryAudit.Action.LIFTED
    else:
        return entry
    entry.version += 1
    entry.save(
        update_fields=["embargo_until", "embargo_lifted", "posted_at", "version", "updated_at"]
    )
    _record(entry, action, user, reason)
    return entry


def passed_embargoes(now: datetime | None = None):
    """Return the entries whose embargo has passed and whose lift was not announced yet."""
    return Entry.objects.filter(embargo_until__lte=now or timezone.now(), embargo_lifted=False)


def lift_passed_embargoes(now: datetime | None = None, limit: int = 100) -> list[int]:
    """Announce up to ``limit`` passed entry embargoes (the worker's job, every round), so the
    baked pages and feeds show the entries; return their ids. Safe with several workers."""
    now = now or timezone.now()
    ids = list(passed_embargoes(now).order_by("embargo_until").values_list("pk", flat=True))
    return [pk for pk in ids[:limit] if _lift_one(pk, now)]


@transaction.atomic
def _lift_one(pk: int, now: datetime) -> bool:
    # skip_locked: a second worker passes over the row the first is lifting.
    entry = (
        passed_embargoes(now)
        .select_for_update(skip_locked=True)
        .select_related("article")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        return False
    entry.embargo_lifted = True
    entry.save(update_fields=["embargo_lifted", "updated_at"])
    _record(entry, EntryAudit.Action.LIFTED, None, f"embargo until {entry.embargo_until} passed")
    return True


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
