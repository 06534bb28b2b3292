"""Who may change which field of an article, by role and by the article's state.

One table (``RULES``) read by every writer: the admin form makes the fields a user may not
change read-only and refuses a crafted request that changes one anyway; the save service
(``workflow.save_edit``) checks every changed field again, so no path applies a change the
table does not allow. The roles hold permissions (``dateline.desk.roles``); the table names
permissions, never roles.

Two rules stand above the table: a killed item is never edited, and a user who may not
publish (a contributor) edits only their own drafts, the items whose first revision they
wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk.models import Revision

S = Article.Status

CHANGE = "articles.change_article"
PUBLISH = "articles.publish_article"
# Signatures name the desk that released an item: the desk chiefs manage them.
SIGN = "desk.change_signature"


class State(StrEnum):
    """The states the table speaks of: the workflow status, with embargoed items apart."""

    DRAFT = "draft"
    IN_REVIEW = "in review"
    SCHEDULED = "scheduled"
    EMBARGOED = "embargoed"
    LIVE = "live"
    UNPUBLISHED = "unpublished"
    KILLED = "killed"


# Published items, shown or waiting behind an embargo: every change to them that readers
# will see is a workflow step (audited and announced), or waits in the working copy.
PUBLIC_FACE = frozenset({State.LIVE, State.EMBARGOED})


@dataclass(frozen=True)
class Rule:
    """The permission a field needs before release and on a live (or embargoed) item.

    ``None`` means no one changes the field by editing: a workflow step sets it. ``held``
    fields of a live item wait in its working copy until an editor publishes the changes.
    """

    before: str | None
    live: str | None
    held: bool = False
    why: str = ""


_STEPS_ONLY = "it is set by the workflow steps (publish, schedule, unpublish)"

RULES: dict[str, Rule] = {
    # The words and their presentation: a live item's copy waits for "Publish changes".
    "headline": Rule(CHANGE, CHANGE, held=True),
    "slug": Rule(CHANGE, CHANGE, held=True),
    "summary": Rule(CHANGE, CHANGE, held=True),
    "body": Rule(CHANGE, CHANGE, held=True),
    "byline": Rule(CHANGE, CHANGE, held=True),
    "label": Rule(CHANGE, CHANGE, held=True),
    "label_separator": Rule(CHANGE, CHANGE, held=True),
    "lead_media": Rule(CHANGE, CHANGE, held=True),
    # Placement: on a live item the change is an "update" step, for those who may publish.
    "article_type": Rule(CHANGE, PUBLISH),
    "section": Rule(CHANGE, PUBLISH),
    "topics": Rule(CHANGE, PUBLISH),
    "story": Rule(CHANGE, PUBLISH),
    "translation_key": Rule(CHANGE, PUBLISH),
    # Setting an embargo hides a live item (an unpublish); clearing one publishes it.
    "embargo_until": Rule(CHANGE, PUBLISH),
    "breaking_until": Rule(PUBLISH, PUBLISH, why="the breaking banner is an editor's call"),
    "signature": Rule(SIGN, SIGN, why="a signature names the releasing desk"),
    "language": Rule(
        CHANGE, None, why="a live item's language is its edition and address; unpublish it first"
    ),
    "published_at": Rule(None, None, why=_STEPS_ONLY),
    "scheduled_at": Rule(None, None, why=_STEPS_ONLY),
    "status": Rule(None, None, why=_STEPS_ONLY),
}

# The fields whose change waits in a live item's working copy.
HELD = frozenset(name for name, rule in RULES.items() if rule.held)


class FieldRefused(PermissionDenied):
    """The user's role may not change one or more fields in the article's state."""

    def __init__(self, refusals: dict[str, str]):
        self.refusals = refusals
        super().__init__("; ".join(refusals.values()))


def state_of(article: Article | None, now=None) -> State:
    """Return the state of ``article`` as the table speaks of it (a new one is a draft)."""
    if article is None or article.pk is None:
        return State.DRAFT
    if article.status == S.PUBLISHED:
        now = now or timezone.now()
        embargoed = article.embargo_until is not None and article.embargo_until > now
        return State.EMBARGOED if embargoed else State.LIVE
    return {
        S.DRAFT: State.DRAFT,
        S.IN_REVIEW: State.IN_REVIEW,
        S.SCHEDULED: State.SCHEDULED,
        S.UNPUBLISHED: State.UNPUBLISHED,
        S.KILLED: State.KILLED,
    }[article.status]


def owner_id(article: Article | None) -> int | None:
    """Return the id of the user who wrote the first revision of ``article`` (its owner)."""
    if article is None or article.pk is None:
        return None
    first = Revision.objects.filter(article_id=article.pk).order_by("created_at", "id")
    return first.values_list("author_id", flat=True).first()


def item_refusal(user, article: Article | None) -> str | None:
    """Return why ``user`` may not edit ``article`` at all, or None if they may."""
    if user is None:
        return None  # the worker, acting on a decision an editor already took
    state = state_of(article)
    what = "a new article" if article is None or article.pk is None else f"article {article.pk}"
    if state == State.KILLED:
        return f"{what} is killed; a killed item is not edited"
    if not user.has_perm(CHANGE):
        return f"{user} may not edit {what}: needs {CHANGE}"
    if user.has_perm(PUBLISH):
        return None
    if state != State.DRAFT:
        return f"{user} may not edit {what} ({state}): contributors edit only their own drafts"
    if article is not None and article.pk is not None and owner_id(article) != user.pk:
        return f"{user} may not edit {what}: it is another writer's draft"
    return None


def _rule_refusal(user, article: Article | None, name: str) -> str | None:
    rule = RULES.get(name)
    if rule is None:
        return f"{name} is not an editable field of an article"
    state = state_of(article)
    permission = rule.live if state in PUBLIC_FACE else rule.before
    if permission is None:
        return f"{name} cannot be changed on a {state} item: {rule.why}"
    if user is not None and not user.has_perm(permission):
        reason = f" ({rule.why})" if rule.why else ""
        return f"{user} may not change {name} of a {state} item: needs {permission}{reason}"
    return None


def refusals(user, article: Article | None, names: Iterable[str]) -> dict[str, str]:
    """Return the fields of ``names`` that ``user`` may not change on ``article``, with why."""
    # The item rule once (it reads the owner from the database), then each field's.
    item = item_refusal(user, article)
    found = {name: item or _rule_refusal(user, article, name) for name in names}
    return {name: reason for name, reason in found.items() if reason}


def locked(user, article: Article | None) -> dict[str, str]:
    """Return the fields ``user`` may not change on ``article``, each with the reason."""
    return refusals(user, article, RULES)


def check(user, article: Article | None, changed: Iterable[str]) -> None:
    """Raise ``FieldRefused`` naming every field of ``changed`` that ``user`` may not change."""
    refused = refusals(user, article, changed)
    if refused:
        raise FieldRefused(refused)
