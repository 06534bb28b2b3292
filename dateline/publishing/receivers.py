"""The ``publishing`` step of ``dateline.events``: rebuild the baked pages a change alters,
then purge their surrogate keys from the CDN.

The step runs where ``dateline.events.where`` says: in the process that committed (the
default, so one process with no worker still publishes), or in ``dateline worker`` with
``DATELINE_BAKE_IN_BACKGROUND``; with ``DATELINE_BAKE_TAIL_IN_BACKGROUND`` only the urgent
pages are rebuilt here and the long tail is left to a task. A change that hides an item is
never deferred: every page that showed it is rebuilt, and purged, before the step returns.
The pages to build are first marked in the ledger, so a crash leaves work that ``dateline
bake --resume`` finishes.
"""

from __future__ import annotations

from dateline import events
from dateline.conf import setting
from dateline.publishing import changes
from dateline.publishing.baker import mark_dirty
from dateline.publishing.purge import purge_with_retries
from dateline.publishing.tasks import purge_keys, rebuild_pages


class HidingIncomplete(Exception):
    """A change that hides an item could not take it out of every baked page or the CDN."""


def rebuild(event: events.Event) -> None:
    """Rebuild and purge the pages ``event`` alters; raise ``HidingIncomplete`` when a hidden
    item may still show somewhere (the event's record stays, and a worker tries again)."""
    if not setting("DATELINE_BAKE"):
        return
    pages = changes.pages_of(event)
    if events.where("publishing-tail", event) == events.WORKER:
        pages, tail = changes.split_urgent(pages)
        if tail:
            rebuild_pages.enqueue(mark_dirty(tail))
    report = changes.rebuild(pages, None if event.follow_up else event.article.pk)
    keys = sorted(report.keys)
    if events.where("purge", event) == events.WORKER:
        purge_keys.enqueue(keys)
        purged = True
    else:
        purged = purge_with_retries(keys)
    if (event.hides or event.withdraws_part) and (report.failures or report.skipped or not purged):
        raise HidingIncomplete(
            f"article {event.article.pk} was {event.kind} but may still show"
            f"{' a withdrawn part' if event.withdraws_part else ''}: "
            f"{len(report.failures)} pages failed, {report.skipped} were held by another "
            f"worker, the CDN purge {'went through' if purged else 'failed'}"
        )


def connect() -> None:
    """Register the step (from ``PublishingConfig.ready``)."""
    events.register("publishing", rebuild)
