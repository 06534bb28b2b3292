"""Background tasks of baking: the long tail of a change with
``DATELINE_BAKE_TAIL_IN_BACKGROUND``, and CDN purges that need not hold up a step. (Whole
events go to the worker through ``dateline.events.run_steps``.)"""

from __future__ import annotations

from django_tasks import task

from dateline.publishing.changes import rebuild_marked
from dateline.publishing.purge import purge_with_retries


@task()
def rebuild_pages(page_ids: list[int]) -> dict:
    """Rebuild the ledger's pages ``page_ids`` (the long tail of a change), purge what
    changed; return the bake summary."""
    report = rebuild_marked(page_ids)
    purge_with_retries(sorted(report.keys))
    return report.summary()


@task()
def purge_keys(keys: list[str]) -> bool:
    """Purge ``keys`` from the CDN, with retries; return whether it went through."""
    return purge_with_retries(keys)
