"""Revisions: every save is a snapshot; a live article is reworked in a working copy.

``save_content`` is the one way content is written. It compares the version the editor
started from with the stored one under a row lock (optimistic locking), so a second editor
saving over a first is refused with ``EditConflict`` instead of silently losing an edit.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from dateline.articles.models import Article
from dateline.desk import fields
from dateline.desk.models import Revision

# The fields a revision carries: the article's words and their presentation. Placement and
# timing (section, topics, embargo, breaking) apply at once and are not held in a working copy.
CONTENT_FIELDS = (
    "headline",
    "slug",
    "summary",
    "body",
    "byline",
    "label_id",
    "label_separator",
    "lead_media_id",
)


class EditConflict(Exception):
    """Someone saved the article after the editor opened it."""

    def __init__(self, article: Article, base_version: int, latest: Revision | None):
        self.article = article
        self.base_version = base_version
        self.latest = latest
        who = (latest.author if latest and latest.author else "someone") if latest else "someone"
        super().__init__(
            f"article {article.pk} was saved by {who} (version {article.version}) after you "
            f"opened version {base_version}; your changes were not saved"
        )


@dataclass(frozen=True)
class FieldDiff:
    field: str
    before: str
    after: str
    lines: list[str]


def snapshot(article: Article) -> dict:
    """Return the content fields of ``article`` as JSON-ready data."""
    return {name: getattr(article, name) for name in CONTENT_FIELDS}


def working_copy(article: Article) -> Revision | None:
    """Return the unpublished working copy of a live article, if an editor made one."""
    latest = article.revisions.order_by("-created_at", "-id").first()
    return latest if latest is not None and latest.is_draft else None


def apply(article: Article, data: dict) -> Article:
    """Set the content fields held in ``data`` on ``article`` (in memory only)."""
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    return article


def _same(one: dict, other: dict) -> bool:
    # A browser sends a textarea's lines ending in CRLF; an imported body ends them in LF.
    def norm(value):
        return value.replace("\r\n", "\n") if isinstance(value, str) else value

    return all(norm(one.get(name)) == norm(other.get(name)) for name in CONTENT_FIELDS)


@transaction.atomic
def save_content(article: Article, user, base_version: int) -> Revision:
    """Save the content fields of ``article`` as edited from ``base_version``; return the revision.

    A published article keeps its live version: an edit that differs from it becomes its
    working copy, published later with ``workflow.publish_working_copy``; one that brings back
    the live text ends the working copy. Saving content that equals the latest revision writes
    nothing and returns that revision (the admin saves the form before every workflow step,
    a correction included). Raise ``EditConflict`` if the stored version moved on since
    ``base_version``.
    """
    stored = Article.objects.select_for_update().get(pk=article.pk)
    if stored.version != base_version:
        latest = stored.revisions.select_related("author").first()
        raise EditConflict(stored, base_version, latest)
    content, live_content = snapshot(article), snapshot(stored)
    latest = stored.revisions.order_by("-created_at", "-id").first()
    if latest is not None and _same(latest.data, content):
        current = latest.data if latest.is_draft else live_content
        if _same(current, content):
            return latest
    live = stored.status == Article.Status.PUBLISHED
    is_draft = live and not _same(live_content, content)
    if not live:
        article.save(update_fields=[*CONTENT_FIELDS, "updated_at"])
    Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
    article.version = base_version + 1
    return Revision.objects.create(
        article=stored,
        data=content,
        author=user,
        is_draft=is_draft,
        base_version=base_version,
    )


def record(article: Article, user) -> Revision:
    """Record the live content of ``article`` as a revision (after a direct save)."""
    return Revision.objects.create(
        article=article, data=snapshot(article), author=user, base_version=article.version
    )


_TAG_BREAK = re.compile(r"(?<=>)(?=<)|(?<=</p>)|\n")


def _lines(value) -> list[str]:
    text = "" if value is None else str(value)
    return [line for line in _TAG_BREAK.split(text) if line.strip()]


def diff(older: dict, newer: dict) -> list[FieldDiff]:
    """Return a readable, per-field line diff between two revision snapshots."""
    changes = []
    for name in CONTENT_FIELDS:
        before, after = older.get(name), newer.get(name)
        if before == after:
            continue
        lines = list(difflib.unified_diff(_lines(before), _lines(after), lineterm="", n=1))[2:]
        changes.append(FieldDiff(name, str(before or ""), str(after or ""), lines))
    return changes


@transaction.atomic
def restore(article: Article, revision: Revision, user) -> Revision:
    """Make ``revision`` the article's content again (a working copy if it is live).

    Raise ``PermissionDenied`` if ``user`` may not edit the article (``desk.fields``).
    """
    if revision.article_id != article.pk:
        raise ValueError(f"revision {revision.pk} belongs to article {revision.article_id}")
    refused = fields.item_refusal(user, article)
    if refused:
        raise PermissionDenied(refused)
    apply(article, revision.data)
    return save_content(article, user, Article.objects.get(pk=article.pk).version)
