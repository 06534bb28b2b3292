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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# How the reasons name each state, in the desk's language.
STATE_WORDS = {
    State.DRAFT: gettext_lazy("draft"),
    State.IN_REVIEW: gettext_lazy("in review"),
    State.SCHEDULED: gettext_lazy("scheduled"),
    State.EMBARGOED: gettext_lazy("embargoed"),
    State.LIVE: gettext_lazy("live"),
    State.UNPUBLISHED: gettext_lazy("unpublished"),
    State.KILLED: gettext_lazy("killed"),
}

# Published items, shown or waiting behind an embargo: every change to them that readers
# will see is a workflow step (audited and announced), or waits in the working copy.
PUBLIC_FACE = frozenset({State.LIVE, State.EMBARGOED})


@dataclass(frozen=True)
class Rule:
    """The permission a field needs before release and on a live (or embargoed) item.

    ``None`` means no one changes the field by editing: a workflow step sets it. ``held``
    fields of a live item wait in its working copy until an editor publishes the changes.
    ``words`` name the field in the reasons; ``why`` explains a refusal. Both are
    translated when a reason is written, in the language of the desk that asks.
    """

    before: str | None
    live: str | None
    words: str
    held: bool = False
    why: str = ""


_STEPS_ONLY = gettext_lazy("it is set by the workflow steps (publish, schedule, unpublish)")

RULES: dict[str, Rule] = {
    # The words and their presentation: a live item's copy waits for "Publish changes".
    "headline": Rule(CHANGE, CHANGE, gettext_lazy("headline"), held=True),
    "slug": Rule(CHANGE, CHANGE, gettext_lazy("address (slug)"), held=True),
    "summary": Rule(CHANGE, CHANGE, gettext_lazy("summary"), held=True),
    "body": Rule(CHANGE, CHANGE, gettext_lazy("body"), held=True),
    "byline": Rule(CHANGE, CHANGE, gettext_lazy("byline"), held=True),
    "label": Rule(CHANGE, CHANGE, gettext_lazy("label"), held=True),
    "label_separator": Rule(CHANGE, CHANGE, gettext_lazy("label separator"), held=True),
    "lead_media": Rule(CHANGE, CHANGE, gettext_lazy("lead picture"), held=True),
    # Placement: on a live item the change is an "update" step, for those who may publish.
    "article_type": Rule(CHANGE, PUBLISH, gettext_lazy("content type")),
    "section": Rule(CHANGE, PUBLISH, gettext_lazy("section")),
    "topics": Rule(CHANGE, PUBLISH, gettext_lazy("topics")),
    "story": Rule(CHANGE, PUBLISH, gettext_lazy("story")),
    "translation_key": Rule(CHANGE, PUBLISH, gettext_lazy("translation key")),
    # Setting an embargo hides a live item (an unpublish); clearing one publishes it.
    "embargo_until": Rule(CHANGE, PUBLISH, gettext_lazy("embargo")),
    "breaking_until": Rule(
        PUBLISH,
        PUBLISH,
        gettext_lazy("breaking until"),
        why=gettext_lazy("the breaking banner is an editor's call"),
    ),
    "signature": Rule(
        SIGN,
        SIGN,
        gettext_lazy("signature"),
        why=gettext_lazy("a signature names the releasing desk"),
    ),
    "language": Rule(
        CHANGE,
        None,
        gettext_lazy("edition"),
        why=gettext_lazy("a live item's language is its edition and address; unpublish it first"),
    ),
    "published_at": Rule(None, None, gettext_lazy("publication time"), why=_STEPS_ONLY),
    "scheduled_at": Rule(None, None, gettext_lazy("scheduled time"), why=_STEPS_ONLY),
    "status": Rule(None, None, gettext_lazy("status"), why=_STEPS_ONLY),
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
    new = article is None or article.pk is None
    what = _("a new article") if new else _("article %(id)s") % {"id": article.pk}
    if state == State.KILLED:
        return _("%(what)s is killed; a killed item is not edited") % {"what": what}
    if not user.has_perm(CHANGE):
        return _("%(user)s may not edit %(what)s: needs %(perm)s") % {
            "user": user,
            "what": what,
            "perm": CHANGE,
        }
    if user.has_perm(PUBLISH):
        return None
    if state != State.DRAFT:
        return _(
            "%(user)s may not edit %(what)s (%(state)s): contributors edit only their own drafts"
        ) % {"user": user, "what": what, "state": STATE_WORDS[state]}
    if not new and owner_id(article) != user.pk:
        return _("%(user)s may not edit %(what)s: it is another writer's draft") % {
            "user": user,
            "what": what,
        }
    return None


def _rule_refusal(user, article: Article | None, name: str) -> str | None:
    rule = RULES.get(name)
    if rule is None:
        return _("%(field)s is not an editable field of an article") % {"field": name}
    state = state_of(article)
    permission = rule.live if state in PUBLIC_FACE else rule.before
    words = {"field": rule.words, "state": STATE_WORDS[state], "why": rule.why}
    if permission is None:
        return _("The %(field)s cannot be changed on a %(state)s item: %(why)s") % words
    if user is not None and not user.has_perm(permission):
        words |= {"user": user, "perm": permission}
        if rule.why:
            return (
                _(
                    "%(user)s may not change the %(field)s of a %(state)s item: needs %(perm)s "
                    "(%(why)s)"
                )
                % words
            )
        return _("%(user)s may not change the %(field)s of a %(state)s item: needs %(perm)s") % (
            words
        )
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
