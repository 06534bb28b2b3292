"""The worker side of related items: keep the index current, place articles in stories,
compute and store each article's related list.

Everything here runs in a background task after the publishing transaction commits; page
views only read the stored ``RelatedLink`` rows.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.related import dense
from dateline.related.features import DocFeatures, article_features
from dateline.related.index import RelatedIndex
from dateline.related.models import IndexChange, RelatedExclusion, RelatedLink, RelatedPin
from dateline.related.ranking import DAY, Candidate, other_languages, rank, select

log = logging.getLogger("dateline.related")
_lock = threading.RLock()
_state: dict[str, object] = {}
# How many lists that name a changed article are refreshed inline; the rest wait for the
# next change or a rebuild, so one edit cannot turn into an unbounded job.
MAX_DEPENDENTS = 200
# A process that has not caught up with the change log for this long restarts from the
# snapshot anyway; older rows only cost space.
CHANGE_LOG_DAYS = 7


def index_path() -> Path:
    """Return where the index snapshot lives (``DATELINE_RELATED_INDEX_PATH``)."""
    configured = setting("DATELINE_RELATED_INDEX_PATH")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "related-index.npz"


def get_index() -> RelatedIndex:
    """Return this process's index: loaded from the snapshot once, then caught up with the
    changes other processes logged since."""
    with _lock:
        path = index_path()
        index = _state.get(str(path))
        if index is None:
            index = _load(path)
            _state[str(path)] = index
        _catch_up(index)
        return index


def reset_index() -> None:
    """Forget this process's index copy (tests; after a rebuild in another process)."""
    with _lock:
        _state.clear()


def _load(path: Path) -> RelatedIndex:
    if path.exists():
        try:
            return RelatedIndex.load(path)
        except ValueError as exc:
            log.warning("%s; starting an empty index (run `dateline rebuild-related`)", exc)
    return RelatedIndex()


def _catch_up(index: RelatedIndex) -> None:
    changes = IndexChange.objects.filter(pk__gt=index.watermark).order_by("pk")
    rows = list(changes.values_list("pk", "article_id")[:10_000])
    if not rows:
        return
    ids = {article_id for _, article_id in rows}
    public = {a.pk: a for a in Article.objects.public().filter(pk__in=ids)}
    for article_id in ids:
        if article_id in public:
            index_article(index, public[article_id], log_change=False)
        else:
            index.remove(article_id)
    index.watermark = rows[-1][0]


def _record(index: RelatedIndex, article_id: int) -> None:
    change = IndexChange.objects.create(article_id=article_id)
    # Our own change is already applied; only skip the watermark past it if nothing
    # from another process is waiting in between.
    if change.pk == index.watermark + 1:
        index.watermark = change.pk


def index_article(
    index: RelatedIndex, article: Article, *, log_change: bool = True, vector=None
) -> tuple[DocFeatures, object]:
    """(Re)index a public article; return its features and dense vector (or None).

    ``vector`` is the article's dense vector when the caller encoded a batch already."""
    features = article_features(article)
    if vector is None:
        vector = dense.article_vector(article)
    index.add(article.pk, features, dense=vector)
    if log_change:
        _record(index, article.pk)
    return features, vector


def drop_article(index: RelatedIndex, article_id: int) -> None:
    """Remove an article from the index and its own stored list."""
    index.remove(article_id)
    RelatedLink.objects.filter(article_id=article_id).delete()
    _record(index, article_id)


def score_candidates(
    article: Article,
    index: RelatedIndex,
    features: DocFeatures | None = None,
    vector=None,
    excluded: set[int] | None = None,
) -> list[Candidate]:
    """Return every candidate for ``article`` best first, excluded items left out
    (``excluded``: the article's exclusions when the caller read them for many at once)."""
    if features is None:
        features = article_features(article)
        # The vector the index holds was computed from this text (the index is kept
        # current), so the article is never encoded a second time for its list.
        vector = index.vector(article.pk) if dense.available() else None
        if vector is None:
            vector = dense.article_vector(article)
    before = features.published if article.published_at else None
    horizon = setting("DATELINE_RELATED_HORIZON_DAYS") * DAY
    after = before - horizon if before is not None and horizon else None
    found = rank(index, features, pk=article.pk, before=before, after=after, dense=vector)
    if excluded is None:
        excluded = set(article.related_exclusions.values_list("target_id", flat=True))
    return [c for c in found if c.pk not in excluded]


def exclusions_of(article_ids: list[int]) -> dict[int, set[int]]:
    """Return {article id: the items editors excluded from its list} for many articles."""
    found: dict[int, set[int]] = {pk: set() for pk in article_ids}
    rows = RelatedExclusion.objects.filter(article_id__in=article_ids)
    for article_id, target_id in rows.values_list("article_id", "target_id"):
        found[article_id].add(target_id)
    return found


def store_lists(articles: list[Article], index: RelatedIndex) -> dict[int, list[RelatedLink]]:
    """Recompute and store the lists of ``articles`` (topics prefetched) together: their
    exclusions, pins and links read and written once for all."""
    excluded = exclusions_of([a.pk for a in articles])
    return store_related_many(
        [(a, score_candidates(a, index, excluded=excluded[a.pk])) for a in articles]
    )


def store_related(article: Article, candidates: list[Candidate]) -> list[RelatedLink]:
    """Replace the stored related list of ``article`` with the best of ``candidates``: in its
    own language, but for up to ``DATELINE_RELATED_OTHER_LANGUAGES`` items at the end that
    cover the same event in another language (``ranking.select``)."""
    return store_related_many([(article, candidates)])[article.pk]


def store_related_many(
    scored: list[tuple[Article, list[Candidate]]],
) -> dict[int, list[RelatedLink]]:
    """Replace the stored lists of many articles at once, as ``store_related`` does one,
    with the batch's reads and writes shared: a rebuild stores a million lists, and six
    queries per list cost more than ranking it."""
    limit = setting("DATELINE_RELATED_LIMIT")
    others = other_languages()
    ids = [article.pk for article, _ in scored]
    pinned: dict[int, set[int]] = {pk: set() for pk in ids}
    for article_id, target_id in RelatedPin.objects.filter(article_id__in=ids).values_list(
        "article_id", "target_id"
    ):
        pinned[article_id].add(target_id)
    pools = {
        article.pk: [c for c in candidates if c.pk not in pinned[article.pk]]
        for article, candidates in scored
    }
    checked = {c.pk for pool in pools.values() for c in pool[: limit * 3]}
    alive = _alive_ids(checked)
    chosen: dict[int, list[Candidate]] = {}
    for article, _ in scored:
        pool = pools[article.pk]
        pool = [c for c in pool[: limit * 3] if c.pk in alive] + pool[limit * 3 :]
        while True:
            picked = select(pool, limit, language=article.language or "en", other_languages=others)
            # Story items and other-language coverage may sit deeper than the window checked.
            unchecked = {c.pk for c in picked if c.pk not in checked}
            if not unchecked:
                break
            checked |= unchecked
            alive |= _alive_ids(unchecked)
            pool = [c for c in pool if c.pk in alive or c.pk not in unchecked]
        chosen[article.pk] = picked
    names = _topic_names([c for picked in chosen.values() for c in picked])
    links = {
        pk: [
            RelatedLink(
                article_id=pk,
                target_id=c.pk,
                rank=position,
                score=round(c.score, 4),
                reasons=c.reasons(names)[:500],
            )
            for position, c in enumerate(picked)
        ]
        for pk, picked in chosen.items()
    }
    with transaction.atomic():
        RelatedLink.objects.filter(article_id__in=ids).delete()
        RelatedLink.objects.bulk_create([link for rows in links.values() for link in rows])
    return links


def _alive_ids(pks: set[int]) -> set[int]:
    """Return those of ``pks`` that are still public (and not deleted).

    The index learns of deletions and embargo changes asynchronously; storing a link to a
    row that is gone would break the foreign key. Rows are read by primary key and checked
    with ``is_public``: SQLite's planner picks the status index for ``public()`` here.
    """
    if not pks:
        return set()
    rows = Article.objects.filter(pk__in=list(pks)).only("status", "published_at", "embargo_until")
    return {a.pk for a in rows if a.is_public}


def _topic_names(candidates: list[Candidate]) -> dict[int, str]:
    from dateline.taxonomy.models import Topic

    ids = {t for c in candidates for t in c.shared_topics}
    return dict(Topic.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def refresh_article(article_id: int) -> set[int]:
    """Bring everything derived from one article up to date after it changed; return the
    ids of the articles whose story or stored related list changed.

    A public article is indexed, placed in a story and given a stored related list; any
    other is dropped. Lists that named it are recomputed, so no list keeps a dead item.
    """
    from dateline.related.placement import place_article

    index = get_index()
    article = Article.objects.public().filter(pk=article_id).first()
    before = _story_and_list(article_id)
    if article is None:
        drop_article(index, article_id)
    else:
        features, vector = index_article(index, article)
        features = place_article(article, features, vector, index)
        store_related(article, score_candidates(article, index, features, vector))
    touched = {article_id} if _story_and_list(article_id) != before else set()
    touched |= refresh_dependents(article_id)
    if article is not None:
        touched |= falling_back_near(article)
    _maybe_snapshot(index)
    return touched


def _story_and_list(article_id: int) -> tuple:
    story = Article.objects.filter(pk=article_id).values_list("story_id", flat=True).first()
    return story, _stored_list(article_id)


def _stored_list(article_id: int) -> list[int]:
    return _stored_lists([article_id]).get(article_id, [])


def _stored_lists(article_ids: list[int]) -> dict[int, list[int]]:
    """Return {article id: its stored list's target ids in rank order}, in one query."""
    found: dict[int, list[int]] = {}
    rows = RelatedLink.objects.filter(article_id__in=article_ids).order_by("article_id", "rank")
    for article_id, target_id in rows.values_list("article_id", "target_id"):
        found.setdefault(article_id, []).append(target_id)
    return found


def falling_back_near(article: Article) -> set[int]:
    """Return the later public articles with no stored list that share ``article``'s story
    or a topic: their lists are read with the simple engine's query, which may now name it.

    That query shows a reader the latest items before it sharing its story or a topic, so a
    reader with ``DATELINE_RELATED_LIMIT`` newer items of a shared topic or story between
    it and ``article`` cannot show it: only the next few items after ``article`` in each of
    its topics and in its story are looked at (twice the list's length, for the items a
    reader excludes). Asked the other way, which articles of the topic lack a list, SQLite
    read every article of the topic: 250-540 ms at a million articles.
    """
    if article.sort is None:
        return set()
    reach = 2 * setting("DATELINE_RELATED_LIMIT")
    later = Article.objects.public().filter(sort__lt=article.sort).order_by("-sort")
    groups = [later.filter(topics=topic) for topic in article.topics.values_list("pk", flat=True)]
    if article.story_id:
        groups.append(later.filter(story_id=article.story_id))
    readers = {pk for group in groups for pk in group.values_list("pk", flat=True)[:reach]}
    readers.discard(article.pk)
    listless = Article.objects.filter(pk__in=readers, related_links__isnull=True)
    return set(listless.values_list("pk", flat=True))


def refresh_dependents(article_id: int) -> set[int]:
    """Recompute the stored lists that name ``article_id``; return the ids of those that
    changed."""
    index = get_index()
    listing = RelatedLink.objects.filter(target_id=article_id).exclude(article_id=article_id)
    ids = list(listing.values_list("article_id", flat=True)[:MAX_DEPENDENTS])
    articles = list(Article.objects.public().filter(pk__in=ids).prefetch_related("topics"))
    if not articles:
        return set()
    before = _stored_lists([a.pk for a in articles])
    after = store_lists(articles, index)
    return {pk for pk, links in after.items() if [x.target_id for x in links] != before.get(pk, [])}


def _maybe_snapshot(index: RelatedIndex) -> None:
    every = setting("DATELINE_RELATED_SNAPSHOT_EVERY")
    pending = _state.get("pending", 0) + 1
    _state["pending"] = pending
    if every and pending >= every:
        save_index(index)


def save_index(index: RelatedIndex) -> Path:
    """Write the snapshot a restarted process loads instead of re-analysing every article,
    and prune change-log rows old enough that every live process has replayed them."""
    with _lock:
        path = index_path()
        index.save(path)
        _state["pending"] = 0
        cutoff = timezone.now() - timedelta(days=CHANGE_LOG_DAYS)
        IndexChange.objects.filter(at__lt=cutoff, pk__lte=index.watermark).delete()
        return path


def refresh_many(article_ids: list[int]) -> None:
    """Re-index and recompute the lists of ``article_ids`` without moving their stories."""
    index = get_index()
    articles = Article.objects.public().filter(pk__in=article_ids).prefetch_related("topics")
    scored = []
    excluded = exclusions_of(list(article_ids))
    for article in articles:
        features, vector = index_article(index, article)
        candidates = score_candidates(article, index, features, vector, excluded[article.pk])
        scored.append((article, candidates))
    if scored:
        store_related_many(scored)
