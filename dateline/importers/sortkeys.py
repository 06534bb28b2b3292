"""Sort keys for imported items that bring none: a fixed function of their publication time.

Keys fall as time rises (docs/sort-keys.md). An import may come in any order, in many batches
and many runs; a key computed from the item's own time, not from when its batch was stored,
orders every imported item by publication time whatever the order it arrived in. The band of
these keys lies above ``DATELINE_SORT_KEY_START``: an archive is older than what the site
publishes itself, which takes its keys from the counter below.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from dateline.articles.models import Article
from dateline.importers.rows import select_in

# Keys of the year 1970 (and a second's worth of slots per second since).
BAND_BASE = 10**13
# Items one second can hold; more in one second spill into the next second's keys (newer by
# a second at most), still unique.
SLOTS_PER_SECOND = 1000
# Times outside these bounds are clamped: the band stays between 5.5e12 and 1.3e13.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def time_key(moment: datetime, ident: str) -> int:
    """Return the key of an item of ``moment``: its second's keys, a slot picked by ``ident``."""
    moment = min(max(moment, EARLIEST), LATEST)
    seconds = int(moment.timestamp())
    return BAND_BASE - seconds * SLOTS_PER_SECOND - zlib.crc32(ident.encode()) % SLOTS_PER_SECOND


def allocate_time_keys(items: Iterable[tuple[str, datetime | None]]) -> dict[str, int]:
    """Return a free sort key for each ``(ident, published_at)``, from its time.

    An item without a time (a draft) is keyed at the moment of the import. A key already
    taken, in the database or earlier in ``items``, moves to the next free slot: one query per
    round, and a second round is rare.
    """
    now = timezone.now()
    pending = {ident: time_key(moment or now, ident) for ident, moment in items}
    keys: dict[str, int] = {}
    used: set[int] = set()
    while pending:
        taken = {row[0] for row in select_in(Article, ["sort"], "sort", pending.values())}
        clashes: dict[str, int] = {}
        for ident, key in pending.items():
            if key in taken or key in used:
                clashes[ident] = key - 1
            else:
                keys[ident] = key
                used.add(key)
        pending = clashes
    return keys
