"""Record which articles a render loads: the dependency record of a page.

Every ``Article`` instantiated from the database while a ``track()`` block is open is
noted. A page depends on the articles it loaded, so a change to any of them rebuilds it.
This needs no cooperation from views, feeds or sitemaps written elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_init

_open: ContextVar[tuple[set[int], ...]] = ContextVar("dateline_tracking", default=())


@contextmanager
def track() -> Iterator[set[int]]:
    """Yield a set that fills with the ids of the articles loaded inside the block."""
    seen: set[int] = set()
    token = _open.set((*_open.get(), seen))
    try:
        yield seen
    finally:
        _open.reset(token)


def _noticed(sender, instance, **kwargs) -> None:
    sets = _open.get()
    if sets and instance.pk is not None:
        for seen in sets:
            seen.add(instance.pk)


def connect() -> None:
    from dateline.articles.models import Article

    post_init.connect(_noticed, sender=Article, dispatch_uid="dateline-publishing-tracking")
