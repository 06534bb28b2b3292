"""The editorial workflow: which role may move an article from which status to which.

Every step goes through ``perform`` (or ``correct`` / ``publish_working_copy``): it locks the
row, checks the user's permission and the article's status, applies the change through
``dateline.articles.lifecycle`` (so the publishing signals fire after commit), records the
event with ``announcements.track`` (so a process killed after the commit cannot lose it) and
writes an audit entry (who, when, from, to, why).

Edits go through ``save_edit``: each changed field is checked against ``desk.fields.RULES``
(role and state), and a change to what readers see of a live or embargoed item is a step of
its own, audited and announced like the others.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dateline.articles import lifecycle
from dateline.articles.models import Article
from dateline.desk import announcements, fields, revisions
from dateline.desk.models import Correction, Transition

S = Article.Status


class TransitionNotAllowed(Exception):
    """The article's status does not allow the requested step."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    needs_reason: bool = False


def _action(name, label, sources, target, permission, needs_reason=False) -> Action:
    return Action(name, label, frozenset(sources), target, permission, needs_reason)


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        _action("submit", "Submit for review", [S.DRAFT], S.IN_REVIEW, "articles.submit_article"),
        _action(
            "return",
            "Return to draft",
            [S.IN_REVIEW, S.SCHEDULED],
            S.DRAFT,
            "articles.publish_article",
        ),
        _action(
            "schedule",
            "Schedule",
            [S.DRAFT, S.IN_REVIEW, S.UNPUBLISHED],
            S.SCHEDULED,
            "articles.publish_article",
        ),
        _action(
            "publish",
            "Publish now",
            [S.DRAFT, S.IN_REVIEW, S.SCHEDULED, S.UNPUBLISHED],
            S.PUBLISHED,
            "articles.publish_article",
        ),
        _action("unpublish", "Unpublish", [S.PUBLISHED], S.UNPUBLISHED, "articles.publish_article"),
        _action(
            "kill",
            "Kill",
            [S.DRAFT, S.IN_REVIEW, S.SCHEDULED, S.PUBLISHED, S.UNPUBLISHED],
            S.KILLED,
            "articles.kill_article",
            needs_reason=True,
        ),
    ]
}


# How refusals name each step ("cannot unpublish it"), in the desk's language.
STEP_VERBS = {
    "submit": gettext_lazy("submit"),
    "return": gettext_lazy("return to draft"),
    "schedule": gettext_lazy("schedule"),
    "publish": gettext_lazy("publish"),
    "unpublish": gettext_lazy("unpublish"),
    "kill": gettext_lazy("kill"),
}


def _status_words(status: str) -> str:
    return str(S(status).label)


# The publishing event each step sends (after commit), which ``announcements`` sees through.
EVENT_OF_STEP = {"publish": "published", "unpublish": "unpublished", "kill": "killed"}


def available_actions(article: Article, user) -> list[Action]:
    """Return the steps ``user`` may take on ``article`` in its current status."""
    if fields.item_refusal(user, article):
        return []
    return [
        a for a in ACTIONS.values() if article.status in a.sources and user.has_perm(a.permission)
    ]


def _check_permission(user, permission: str, what: str, article: Article) -> None:
    # ``user=None`` is the worker acting on a decision an editor already took (a schedule).
    if user is not None and not user.has_perm(permission):
        raise PermissionDenied(
            _("%(user)s may not %(step)s article %(id)s: needs %(perm)s")
            % {
                "user": user,
                "step": STEP_VERBS.get(what, what),
                "id": article.pk,
                "perm": permission,
            }
        )


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _audit(article: Article, action: str, before: str, user, reason: str = "") -> Transition:
    return Transition.objects.create(
        article=article,
        action=action,
        from_status=before,
        to_status=article.status,
        user=user,
        reason=reason,
    )


@transaction.atomic
def perform(
    article: Article, name: str, user, *, reason: str = "", at: datetime | None = None
) -> Article:
    """Take workflow step ``name`` on ``article`` as ``user`` and return the updated article.

    Raise ``PermissionDenied`` if the user's role lacks the step, ``TransitionNotAllowed`` if
    the status does not allow it, and ``ValueError`` for a missing reason or schedule time.
    """
    action = ACTIONS.get(name)
    if action is None:
        raise ValueError(f"unknown workflow step {name!r}; choose one of {', '.join(ACTIONS)}")
    _check_permission(user, action.permission, name, article)
    current = _locked(article)
    if current.status not in action.sources:
        raise TransitionNotAllowed(
            _("article %(id)s is %(status)s; cannot %(step)s it (allowed from: %(sources)s)")
            % {
                "id": article.pk,
                "status": _status_words(current.status),
                "step": STEP_VERBS[name],
                "sources": ", ".join(_status_words(s) for s in sorted(action.sources)),
            }
        )
    if action.needs_reason and not reason.strip():
        raise ValueError(
            _("%(step)s needs a reason, recorded in the audit log") % {"step": STEP_VERBS[name]}
        )
    refused = fields.item_refusal(user, current)
    if refused:
        raise PermissionDenied(refused)
    before = current.status
    _apply(current, action, user, at)
    if name in EVENT_OF_STEP:
        announcements.track(current, EVENT_OF_STEP[name])
    _audit(current, name, before, user, reason)
    _copy_state(current, article)
    return article


def _apply(article: Article, action: Action, user, at: datetime | None) -> None:
    if action.name == "publish":
        _release(article, user, at)
    elif action.name == "schedule":
        if at is None:
            raise ValueError("schedule needs a time (at=...)")
        if at < timezone.now() - timedelta(minutes=1):
            raise ValueError(
                _("schedule time %(at)s is in the past; publish now")
                % {"at": f"{at:%Y-%m-%d %H:%M:%S %Z}"}
            )
        article.status = S.SCHEDULED
        article.scheduled_at = at
        article.save(update_fields=["status", "scheduled_at", "updated_at"])
    elif action.name == "unpublish":
        lifecycle.unpublish(article)
    elif action.name == "kill":
        lifecycle.kill(article)
    else:
        article.status = action.target
        article.save(update_fields=["status", "updated_at"])


def _release(article: Article, user, at: datetime | None) -> None:
    """Publish, signing the article with the releasing editor's desk signature."""
    signature = getattr(user, "desk_signature", None) if user is not None else None
    if signature is not None:
        article.signature = signature
    first_time = article.status != S.UNPUBLISHED or article.published_at is None
    lifecycle.publish(article, at=(at or timezone.now()) if first_time else None)


def _copy_state(source: Article, target: Article) -> None:
    if source is target:
        return
    for field in ("status", "published_at", "scheduled_at", "signature_id", "sort", "version"):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def correct(article: Article, user, kind: str, text: str) -> Correction:
    """Append a public correction, clarification or update to a published article.

    The article's ``modified_at`` moves to now and ``article_updated`` is sent after commit.
    """
    _check_permission(user, "articles.correct_article", "correct", article)
    if kind not in Correction.Kind.values:
        raise ValueError(f"correction kind {kind!r} is not one of {', '.join(Correction.Kind)}")
    if not text.strip():
        raise ValueError("a correction needs its text")
    current = _locked(article)
    if current.status != S.PUBLISHED:
        raise TransitionNotAllowed(
            f"article {article.pk} is {current.status}; only published ones are corrected"
        )
    now = timezone.now()
    entry = Correction.objects.create(
        article=current, kind=kind, text=text.strip(), at=now, author=user
    )
    current.modified_at = now
    current.save(update_fields=["modified_at", "updated_at"])
    _audit(current, "correct", S.PUBLISHED, user, f"{kind}: {text.strip()}")
    announcements.track(current, "updated")
    article.modified_at = now
    return entry


@transaction.atomic
def publish_working_copy(article: Article, user) -> Article:
    """Put the working copy of a live article live, without unpublishing it in between.

    ``modified_at`` moves to now and ``article_updated`` is sent after commit.
    """
    _check_permission(user, "articles.publish_article", "publish changes to", article)
    current = _locked(article)
    draft = revisions.working_copy(current)
    if current.status != S.PUBLISHED or draft is None:
        raise TransitionNotAllowed(f"article {article.pk} has no working copy to publish")
    revisions.apply(current, draft.data)
    current.modified_at = timezone.now()
    current.save(update_fields=[*revisions.CONTENT_FIELDS, "modified_at", "updated_at"])
    current.revisions.filter(is_draft=True).update(is_draft=False)
    _audit(current, "update", S.PUBLISHED, user, "published the working copy")
    lifecycle.publish(current)
    announcements.track(current, "updated")
    revisions.apply(article, draft.data)
    article.modified_at = current.modified_at
    return article


@dataclass
class Edit:
    """What ``save_edit`` did: the fields waiting in the working copy, the fields applied,
    and the event announced (None when nothing readers see has changed)."""

    held: list[str] = dataclasses.field(default_factory=list)
    applied: list[str] = dataclasses.field(default_factory=list)
    event: str | None = None


def _attname(name: str) -> str:
    return Article._meta.get_field(name).attname


def _value(article: Article, name: str):
    value = getattr(article, _attname(name))
    if isinstance(value, str):
        # A browser sends a textarea's lines ending in CRLF; the same text stored ends in LF.
        return value.replace("\r\n", "\n")
    if isinstance(value, datetime):
        # The form shows times to the second: an untouched one comes back without microseconds.
        return value.replace(microsecond=0)
    return value


def _differs(article: Article, base: Article) -> list[str]:
    return [
        name
        for name in fields.RULES
        if name != "topics" and _value(article, name) != _value(base, name)
    ]


def _topics_differ(topics, base: Article | None) -> bool:
    if topics is None:
        return False
    before = set() if base is None else set(base.topics.values_list("pk", flat=True))
    return {topic.pk for topic in topics} != before


@transaction.atomic
def save_edit(article: Article, user, *, base_version: int | None = None, topics=None) -> Edit:
    """Save ``article`` as ``user`` edited it (its fields set in memory); return what was done.

    Every field that differs from the stored item (a live one's working copy included) is
    checked against ``fields.RULES``: one refused raises ``fields.FieldRefused`` and nothing
    is saved. ``topics`` (a list) replaces the topics when given. A new article is created;
    its first revision makes ``user`` its owner. Before release a change is saved at once. On
    a live or embargoed item the held fields (the words) go to the working copy, published
    later with ``publish_working_copy``; every other change is an update step, audited and
    announced: ``published`` when it makes the item public (an embargo cleared),
    ``unpublished`` when it hides it (an embargo set), ``updated`` otherwise. Raise
    ``revisions.EditConflict`` if the item was saved since ``base_version``.
    """
    if article.pk is None:
        return _create(article, user, topics)
    stored = _locked(article)
    if base_version is not None and stored.version != base_version:
        raise revisions.EditConflict(stored, base_version, stored.revisions.first())
    seen = Article.objects.get(pk=stored.pk)
    draft = revisions.working_copy(seen)
    if draft is not None:
        revisions.apply(seen, draft.data)
    changed = _differs(article, seen) + (["topics"] if _topics_differ(topics, stored) else [])
    fields.check(user, stored, changed)
    edit = Edit(
        held=[name for name in changed if name in fields.HELD],
        applied=[name for name in changed if name not in fields.HELD],
    )
    if edit.held:
        revisions.save_content(article, user, stored.version)
    elif edit.applied:
        Article.objects.filter(pk=stored.pk).update(version=stored.version + 1)
    stored.version = article.version = Article.objects.values_list("version", flat=True).get(
        pk=stored.pk
    )
    if edit.applied:
        edit.event = _apply_placement(stored, article, edit.applied, topics, user)
        _copy_state(stored, article)
        article.modified_at = stored.modified_at
    return edit


def _create(article: Article, user, topics) -> Edit:
    changed = _differs(article, Article()) + (["topics"] if _topics_differ(topics, None) else [])
    fields.check(user, None, changed)
    article.save()
    if topics is not None:
        article.topics.set(topics)
    revisions.record(article, user)
    return Edit(applied=changed)


def _apply_placement(
    stored: Article, article: Article, names: list[str], topics, user
) -> str | None:
    """Apply the placement fields ``names`` from ``article`` to ``stored``; on a live or
    embargoed item, audit and announce the change. Return the event announced."""
    state = fields.state_of(stored)
    was_public = stored.is_public
    values = {}
    for name in names:
        if name != "topics":
            values[_attname(name)] = getattr(article, _attname(name))
    for attname, value in values.items():
        setattr(stored, attname, value)
    if state not in fields.PUBLIC_FACE:
        event = None
    elif stored.is_public == was_public:
        event = "updated"
    else:
        event = "published" if stored.is_public else "unpublished"
    now = timezone.now()
    if event == "updated" and stored.is_public:
        # Readers see the change: dateModified, Last-Modified and ETags move with it.
        values["modified_at"] = stored.modified_at = now
    # A plain update: the step announces the change itself, no save receiver should read it.
    Article.objects.filter(pk=stored.pk).update(**values, updated_at=now)
    if topics is not None and "topics" in names:
        stored.topics.set(topics)
    if event is None:
        return None
    action = {"published": "lift embargo", "unpublished": "embargo"}.get(event, "update")
    _audit(stored, action, stored.status, user, f"changed {', '.join(names)}")
    announcements.track(stored, event)
    return event
