"""The path of a change: one event per change, its consumers run in the order declared here.

A change that alters what readers see of an item is announced once, after its commit
(``dateline.articles.lifecycle.announce``). The event is recorded in the same transaction
(``track``: the desk keeps the records), so it has an id and survives a process killed after
the commit. Then the steps below run, in this order, whatever the order of
``INSTALLED_APPS``:

1. ``stories``: a story named after an item that left the public outputs takes another name;
2. ``related``: the item's story and related list, and the lists that name it, are
   recomputed (in a task: the related index lives in worker processes); the pages that show a
   list or story it changed are rebuilt after it (``follow_up``);
3. ``search``: the item is indexed, or dropped;
4. ``publishing``: the baked pages that showed the item or now should are rebuilt, then their
   surrogate keys purged;
5. ``syndication``: the WebSub hub is pinged and one webhook delivery queued per endpoint.

Each app registers its step in ``AppConfig.ready()`` (``register``). ``where`` is the one
place that decides whether a step runs in the process that committed or in ``dateline
worker``. Each finished step is noted on the event's record, so an event sent again after a
crash (``announcements.finish_interrupted``) runs only the steps it had not finished.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django_tasks import task

from dateline.articles import signals
from dateline.articles.models import Article
from dateline.cache import pages_changed
from dateline.conf import setting

logger = logging.getLogger("dateline.events")

ORDER = ("stories", "related", "search", "publishing", "syndication")
# Events after which readers must no longer see the item: their steps never wait for a worker.
HIDING = frozenset({"unpublished", "killed"})
INLINE, WORKER = "inline", "worker"


@dataclass
class Event:
    """One change of one article, as its consumers see it."""

    kind: str
    article: Article
    id: int | None = None
    # Articles whose story or related list an earlier step changed; their pages are rebuilt.
    touched: set[int] = field(default_factory=set)
    # A follow-up after the related step: only the pages of ``touched`` need rebuilding.
    follow_up: bool = False
    # Run by ``run_steps`` in the worker: every step runs here (queueing it again would loop).
    in_worker: bool = False

    @property
    def hides(self) -> bool:
        return self.kind in HIDING

    @cached_property
    def withdraws_part(self) -> bool:
        """Whether the event takes part of its item off readers' pages (a live entry killed):
        the item stays, but like a hiding event its steps never wait for a worker."""
        return self.id is not None and any(check(self) for check in _part_withdrawals)


Step = Callable[[Event], object]
_steps: dict[str, Step] = {}
_part_withdrawals: list[Callable[[Event], bool]] = []


def withdraws_part_when(check: Callable[[Event], bool]) -> None:
    """Register ``check``: an event it answers True for takes part of its item off (its
    steps run inline); from ``AppConfig.ready()``."""
    if check not in _part_withdrawals:
        _part_withdrawals.append(check)


def register(name: str, step: Step) -> None:
    """Make ``step`` the consumer called ``name`` (one of ``ORDER``); from ``ready()``."""
    if name not in ORDER:
        raise ImproperlyConfigured(f"{name!r} is not a step of dateline.events.ORDER {ORDER}")
    _steps[name] = step
    for kind, signal in signals.BY_NAME.items():
        signal.connect(_received, sender=Article, dispatch_uid=f"dateline-events-{kind}")


def where(name: str, event: Event) -> str:
    """Return where step ``name`` of ``event`` runs: ``INLINE`` (in the process that
    committed, right after the commit) or ``WORKER`` (in a task, with every later step).

    - An event that hides its item runs every step inline: a kill is often a legal takedown,
      so its pages, feeds and CDN copies go before the editor's step returns. So does one
      that takes part of its item off (``withdraws_part``: a live entry killed).
    - ``DATELINE_BAKE_IN_BACKGROUND`` sends baking, purging and webhooks to the worker.
    - ``publishing-tail`` (the pages that are not urgent: section, topic and story pages
      and feeds, API documents, related JSON) goes to the worker with
      ``DATELINE_BAKE_TAIL_IN_BACKGROUND``.
    - ``purge`` (the CDN purge after a rebuild) goes to the worker, so a slow CDN never
      holds up a step, unless the purge backend is the null one.
    - The related step always queues its work as a task (a worker, or at once with the
      immediate task backend); its consequences are rebuilt by ``follow_up``.
    """
    if event.hides or event.withdraws_part or event.in_worker:
        return INLINE
    if name in ("publishing", "syndication") and setting("DATELINE_BAKE_IN_BACKGROUND"):
        return WORKER
    if name == "publishing-tail" and setting("DATELINE_BAKE_TAIL_IN_BACKGROUND"):
        return WORKER
    if name == "purge" and not setting("DATELINE_PURGE_BACKEND").endswith(".NullPurgeBackend"):
        return WORKER
    return INLINE


def _received(sender, article: Article, signal, event_id: int | None = None, **kwargs) -> None:
    kind = next(k for k, s in signals.BY_NAME.items() if s is signal)
    run(Event(kind, article, event_id))


def run(event: Event, names: Iterable[str] = ORDER) -> bool:
    """Run the steps ``names`` of ``event`` in order, skipping those its record says are
    done; return whether all finished (a failure is logged, and the record kept for the
    worker to try that step again)."""
    names = list(names)
    # Before any step: the bake then renders the change, and no reader gets a page kept
    # from before it.
    pages_changed()
    done = _done(event.id)
    finished = True
    for position, name in enumerate(names):
        if name in done or name not in _steps:
            continue
        if where(name, event) == WORKER:
            queued = run_steps.enqueue(names[position:], event.kind, event.article.pk, event.id)
            _hand_over(event.id, str(queued.id))
            return True
        try:
            _steps[name](event)
        except Exception:
            # The change has committed; one consumer's failure must not stop the others.
            logger.exception(
                "The %s step of the %s event of article %s failed (event %s)",
                name,
                event.kind,
                event.article.pk,
                event.id,
            )
            finished = False
            continue
        _mark_done(event.id, name)
    # After the steps too: the related step may have rewritten lists shown elsewhere.
    pages_changed()
    if finished:
        _finish(event.id)
    return finished


def follow_up(event: Event, touched: set[int]) -> None:
    """After the related step changed the stories or lists of ``touched``, run the later
    steps that show them again (the baked pages) for those articles only."""
    pages_changed()
    if touched and "publishing" in _steps:
        _steps["publishing"](
            Event(event.kind, event.article, event.id, touched=set(touched), follow_up=True)
        )


@task()
def run_steps(names: list[str], kind: str, article_id: int, event_id: int | None) -> bool:
    """Run the steps ``names`` of an event in the worker; return whether all finished."""
    article = Article.objects.filter(pk=article_id).first() or Article(pk=article_id)
    return run(Event(kind, article, event_id, in_worker=True), names)


# The event's record: which steps are done. The desk keeps the records (its
# ``UnfinishedRelease`` model and ``announcements.track``) and hands them over in its
# ``ready()``, so that this module, and every consumer, knows nothing of the desk.

_records: dict[str, object] = {}


def keep_records(model: type, recorder: Callable[[Article, str], int]) -> None:
    """Make ``model`` the event records and ``recorder(article, kind)`` the function that
    records an event and returns its id (from the desk's ``AppConfig.ready()``)."""
    _records["model"], _records["recorder"] = model, recorder


def track(article: Article, kind: str) -> int:
    """Announce ``kind`` for ``article`` after the commit, recorded; return the event's id.
    Call it inside the transaction of the change."""
    if "recorder" not in _records:
        raise ImproperlyConfigured("no event records: dateline.desk must be installed")
    return _records["recorder"](article, kind)


def _record_model():
    if "model" not in _records:
        raise ImproperlyConfigured("no event records: dateline.desk must be installed")
    return _records["model"]


def _done(event_id: int | None) -> set[str]:
    if event_id is None:
        return set()
    records = _record_model()
    row = records.objects.filter(pk=event_id).values_list("done", flat=True).first()
    return set((row or "").split())


def _mark_done(event_id: int | None, name: str) -> None:
    if event_id is None:
        return
    records = _record_model()
    done = _done(event_id) | {name}
    records.objects.filter(pk=event_id).update(done=" ".join(sorted(done)))


def _hand_over(event_id: int | None, task_id: str) -> None:
    # The task's owner is no process: a replay waits for its patience, not for a pid to end.
    if event_id is None:
        return
    records = _record_model()
    records.objects.filter(pk=event_id).update(owner=f"task:{task_id}"[:120])


def _finish(event_id: int | None) -> None:
    if event_id is None:
        return
    records = _record_model()
    records.objects.filter(pk=event_id).delete()
