"""The consumer of front changes: rebuild exactly the baked fronts a change names, then
purge their surrogate keys (the same baker and purge as article events use)."""

from __future__ import annotations

import logging

from django.utils import timezone

from dateline.conf import setting
from dateline.fronts.models import FrontChange
from dateline.publishing.baker import bake_pages, mark_dirty
from dateline.publishing.buildables import buildable_for
from dateline.publishing.purge import purge_with_retries
from dateline.publishing.targets import publish_target
from dateline.publishing.tasks import purge_keys
from dateline.site.processes import new_worker_id

logger = logging.getLogger("dateline.fronts")


def pages_of(change: FrontChange) -> dict[str, str]:
    """Return ``path -> kind`` of the baked pages ``change`` alters."""
    pages = {}
    for path in change.paths:
        buildable = buildable_for(path)
        pages[path] = buildable.name if buildable is not None else "front"
    return pages


def rebuild_change(sender, change: FrontChange, **kwargs) -> None:
    """Rebuild and purge the fronts of ``change``; mark it done when all went through (a
    failure leaves it for ``dateline worker`` to send again)."""
    try:
        finished = _rebuild(change)
    except Exception:
        # The layout change has committed; its record stays and the worker tries again.
        logger.exception("Rebuilding the fronts of change %s failed", change.pk)
        return
    if finished:
        FrontChange.objects.filter(pk=change.pk).update(done_at=timezone.now())


def _rebuild(change: FrontChange) -> bool:
    if not setting("DATELINE_BAKE"):
        return True
    report = bake_pages(mark_dirty(pages_of(change)), new_worker_id(), publish_target())
    keys = sorted(report.keys)
    if setting("DATELINE_PURGE_BACKEND").endswith(".NullPurgeBackend"):
        purged = purge_with_retries(keys)
    else:
        # A slow CDN must not hold up the editor's save: the purge goes to the worker.
        purge_keys.enqueue(keys)
        purged = True
    if report.failures or report.skipped:
        logger.error("Rebuild after front change %s: %s", change.pk, report.failures)
        return False
    return purged
