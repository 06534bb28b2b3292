"""Publishing front layouts and breaking takeovers: each change is one recorded event.

``publish`` copies a front's working blocks into a new ``Layout`` version, live now or at a
time; ``revert`` publishes an old version again; ``start_takeover`` and ``end_takeover`` put a
breaking item on top of every front of an edition and take it off. Each records a
``FrontChange`` naming the front pages it alters, in the same transaction; after the commit
``signals.layout_changed`` is sent with it, and ``dateline.fronts.rebuild`` bakes exactly those
pages again and purges them. Scheduled layouts and timed takeover ends are carried out by
``dateline worker`` (``run_due``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.fronts import signals
from dateline.fronts.models import Block, BlockItem, Front, FrontChange, Layout, Takeover
from dateline.site.urlbuilder import urls
from dateline.taxonomy.models import Section

logger = logging.getLogger("dateline.fronts")

# The automatic query's fields of a block, as stored in a snapshot.
QUERY_FIELDS = ("section", "topic", "story", "label", "article_type")


def snapshot(front: Front) -> list[dict]:
    """Return the front's working blocks as a layout stores them (plain JSON)."""
    blocks = []
    for block in front.blocks.order_by("position", "pk").prefetch_related("placed"):
        spec = {
            "kind": block.kind,
            "source": block.source,
            "heading": block.heading,
            "count": block.count,
            "language": block.language,
            "items": [p.article_id for p in sorted(block.placed.all(), key=_placed_order)],
        }
        spec.update({name: getattr(block, f"{name}_id") for name in QUERY_FIELDS})
        blocks.append(spec)
    return blocks


def _placed_order(placed: BlockItem) -> tuple[int, int]:
    return (placed.position, placed.pk)


def live_layout(front: Front, now: datetime | None = None) -> Layout | None:
    """Return the layout readers see: the one that went live last."""
    return (
        Layout.objects.filter(front=front, live_since__isnull=False)
        .order_by("-live_since", "-version")
        .first()
    )


def front_paths(front: Front) -> list[str]:
    return [urls.front(front)]


def edition_paths(language: str) -> list[str]:
    """Return the paths of every front of an edition: home, each section, each landing page."""
    paths = [urls.home(language)]
    paths += [urls.section(s, language) for s in Section.objects.all()]
    landing = Front.objects.filter(language=language, kind=Front.Kind.LANDING)
    return paths + [urls.front(f) for f in landing]


def _record(kind: str, paths: list[str]) -> FrontChange:
    change = FrontChange.objects.create(kind=kind, paths=sorted(set(paths)))
    transaction.on_commit(lambda: signals.layout_changed.send(sender=FrontChange, change=change))
    return change


@transaction.atomic
def publish(
    front: Front, at: datetime | None = None, user=None, note: str = "", blocks=None
) -> Layout:
    """Publish the front's working blocks (or ``blocks``) as a new version: live now, or
    at ``at`` (through the worker) when that is in the future; return it."""
    now = timezone.now()
    # The front row is locked so two editors publishing at once get distinct versions.
    Front.objects.select_for_update().filter(pk=front.pk).first()
    last = Layout.objects.filter(front=front).aggregate(v=Max("version"))["v"] or 0
    scheduled = at is not None and at > now
    layout = Layout.objects.create(
        front=front,
        version=last + 1,
        blocks=snapshot(front) if blocks is None else blocks,
        go_live_at=at if scheduled else now,
        live_since=None if scheduled else now,
        note=note[:200],
        created_by=user if getattr(user, "pk", None) else None,
    )
    if not scheduled:
        _record(FrontChange.Kind.PUBLISHED, front_paths(front))
    return layout


@transaction.atomic
def revert(layout: Layout, user=None) -> Layout:
    """Publish ``layout``'s blocks again as a new version, live now, and make them the
    working blocks; return the new version."""
    restore_working_blocks(layout)
    return publish(
        layout.front, user=user, note=f"revert to v{layout.version}", blocks=layout.blocks
    )


def restore_working_blocks(layout: Layout) -> None:
    """Replace the front's working blocks by those of ``layout``."""
    front = layout.front
    front.blocks.all().delete()
    known = set(
        Article.objects.filter(pk__in=_item_ids(layout.blocks)).values_list("pk", flat=True)
    )
    for position, spec in enumerate(layout.blocks):
        block = Block.objects.create(
            front=front,
            position=position,
            kind=spec["kind"],
            source=spec["source"],
            heading=spec.get("heading", ""),
            count=spec.get("count", 4),
            language=spec.get("language", ""),
            **{f"{name}_id": spec.get(name) for name in QUERY_FIELDS},
        )
        BlockItem.objects.bulk_create(
            BlockItem(block=block, article_id=pk, position=n)
            for n, pk in enumerate(spec.get("items", []))
            if pk in known
        )


def _item_ids(blocks: list[dict]) -> set[int]:
    return {pk for spec in blocks for pk in spec.get("items", [])}


def active_takeover(language: str, now: datetime | None = None) -> Takeover | None:
    now = now or timezone.now()
    return (
        Takeover.objects.filter(language=language, ended_at__isnull=True, starts_at__lte=now)
        .exclude(ends_at__lte=now)
        .select_related("article")
        .order_by("-starts_at", "-pk")
        .first()
    )


@transaction.atomic
def start_takeover(
    article: Article, ends_at: datetime | None = None, user=None, language: str | None = None
) -> Takeover:
    """Put ``article`` on top of every front of its edition until ended (or ``ends_at``)."""
    language = language or article.language
    if language not in setting("DATELINE_LANGUAGES"):
        raise ValueError(f"{language!r} is not an edition (DATELINE_LANGUAGES)")
    takeover = Takeover.objects.create(
        language=language,
        article=article,
        ends_at=ends_at,
        created_by=user if getattr(user, "pk", None) else None,
    )
    _record(FrontChange.Kind.TAKEOVER_ON, edition_paths(language))
    return takeover


def end_takeover(takeover: Takeover, now: datetime | None = None) -> bool:
    """Take ``takeover`` off every front of its edition; return whether it was still on."""
    return _end(takeover, now or timezone.now()) is not None


@transaction.atomic
def _end(takeover: Takeover, now: datetime) -> FrontChange | None:
    # Locked, so that an editor and the worker ending it at once record one change; saved
    # (not ``update()``), so the page cache sees the write (dateline.publishing.pagecache).
    row = Takeover.objects.select_for_update().filter(pk=takeover.pk, ended_at__isnull=True)
    ended = row.first()
    if ended is None:
        return None
    ended.ended_at = now
    ended.save(update_fields=["ended_at"])
    return _record(FrontChange.Kind.TAKEOVER_OFF, edition_paths(takeover.language))


def run_due(now: datetime | None = None) -> list[FrontChange]:
    """Carry out what is due: scheduled layouts go live, timed takeovers end, and changes
    whose rebuild did not finish are sent again; return the changes sent. Called by
    ``dateline worker`` every round; safe with several workers."""
    now = now or timezone.now()
    changes: list[FrontChange] = []
    for pk in Layout.objects.filter(live_since__isnull=True, go_live_at__lte=now).values_list(
        "pk", flat=True
    )[:100]:
        change = _go_live(pk, now)
        if change is not None:
            changes.append(change)
    for takeover in Takeover.objects.filter(ended_at__isnull=True, ends_at__lte=now)[:100]:
        change = _end(takeover, now)
        if change is not None:
            changes.append(change)
    sent = {change.pk for change in changes}
    changes += [change for change in resend_unfinished() if change.pk not in sent]
    return changes


@transaction.atomic
def _go_live(pk: int, now: datetime) -> FrontChange | None:
    layout = (
        Layout.objects.select_for_update(skip_locked=True)
        .select_related("front")
        .filter(pk=pk, live_since__isnull=True)
        .first()
    )
    if layout is None:
        return None
    layout.live_since = now
    layout.save(update_fields=["live_since"])
    return _record(FrontChange.Kind.WENT_LIVE, front_paths(layout.front))


def resend_unfinished(patience_seconds: int = 60) -> list[FrontChange]:
    """Send again the changes whose rebuild has not finished after ``patience_seconds``
    (a process killed after the commit, a failed bake)."""
    # The clock, not a ``now`` given to run_due: a change just made is not yet stale.
    now = timezone.now()
    stale = FrontChange.objects.filter(
        done_at__isnull=True, created_at__lte=now - timedelta(seconds=patience_seconds)
    ).order_by("pk")[:100]
    sent = []
    for change in stale:
        signals.layout_changed.send(sender=FrontChange, change=change)
        sent.append(change)
    return sent
