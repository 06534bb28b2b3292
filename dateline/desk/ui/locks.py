"""Edit locks with presence: who has an item open in the editor, since when.

A lock is a soft claim kept in the shared cache (``dateline/cache.py``: one SQLite file or
Redis for every worker process), renewed by the editor page's heartbeat and gone
``LOCK_SECONDS`` after the last one: a closed tab or a crashed laptop frees the item without
anyone cleaning up. It never guards the data (``workflow.save_edit`` refuses a save made from
an older version, lock or not); it tells a second editor that someone is writing, and lets
them read only or take over. The editor taken over from learns it at their next heartbeat
and keeps their text on screen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

# Three missed heartbeats (the page beats every 20 seconds) and the lock is free.
LOCK_SECONDS = 60


@dataclass(frozen=True)
class Lock:
    """The editor holding an item: user id, the name shown, and since when (ISO 8601)."""

    user_id: int
    name: str
    since: str
    taken_from: str = ""
    # The editor page (one per load) that holds it: a closing tab releases only its own lock,
    # not the one its reload has just taken.
    page: str = ""

    @property
    def since_time(self) -> datetime:
        return datetime.fromisoformat(self.since)


def _key(article_id: int) -> str:
    return f"desk:lock:{article_id}"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def holder(article_id: int) -> Lock | None:
    """Return the lock on ``article_id``, or None if no one has it open."""
    data = cache.get(_key(article_id))
    return Lock(**data) if isinstance(data, dict) else None


def acquire(article_id: int, user, *, take_over: bool = False, page: str = "") -> Lock:
    """Claim (or renew) ``article_id`` for ``user``; return the lock now held.

    If another editor holds it and ``take_over`` is false, return their lock unchanged: the
    caller compares ``user_id`` to learn whether it got the item.
    """
    current = holder(article_id)
    if current is not None and current.user_id != user.pk and not take_over:
        return current
    if current is not None and current.user_id == user.pk:
        lock = replace(current, page=page or current.page)
    else:
        taken_from = current.name if current is not None else ""
        lock = Lock(user.pk, _name(user), timezone.now().isoformat(), taken_from, page)
    cache.set(_key(article_id), asdict(lock), LOCK_SECONDS)
    return lock


def release(article_id: int, user, page: str = "") -> None:
    """Give up ``article_id`` if ``user`` holds it from ``page`` (that editor page closed)."""
    current = holder(article_id)
    if current is not None and current.user_id == user.pk and current.page == page:
        cache.delete(_key(article_id))


def holders(article_ids: list[int]) -> dict[int, Lock]:
    """Return the locks held on any of ``article_ids`` (for lists), in one cache read."""
    found = cache.get_many([_key(pk) for pk in article_ids])
    return {
        int(key.rsplit(":", 1)[1]): Lock(**value)
        for key, value in found.items()
        if isinstance(value, dict)
    }
