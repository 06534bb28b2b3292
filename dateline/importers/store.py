"""Store a batch of records with a fixed number of queries, whatever the batch size.

Per batch: the digests of the records already imported, the sections and topics, the media,
the articles (one bulk insert, one bulk update), their topics, redirects and digests. A record
whose digest is unchanged is not touched at all. The caller runs a batch in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from dateline.articles.ids import sync_id_sequence
from dateline.articles.models import Article, ArticleType
from dateline.importers.media import store_media
from dateline.importers.models import ImportedComment, ImportedItem, Redirect, old_path_key
from dateline.importers.people import store_credits
from dateline.importers.records import MediaRef, Record, Term
from dateline.importers.rows import insert_rows, select_in, update_rows
from dateline.importers.sortkeys import allocate_time_keys
from dateline.taxonomy.models import Section, Topic

KEEP_SUPERSEDED = 5
FIELDS = [
    "headline",
    "slug",
    "summary",
    "body",
    "language",
    "published_at",
    "status",
    "article_type_id",
    "byline",
    "section_id",
    "lead_media_id",
    "scheduled_at",
    "embargo_until",
    "modified_at",
    "is_stub",
]


@dataclass
class StoreContext:
    """What a batch needs besides its records."""

    format: str
    media_root: Path | None
    warn: Callable[[Record, str], None]
    fail: Callable[[Record, str], None]


def _ensure_terms(model, terms: set[Term]) -> dict[str, int]:
    slugs = {t.slug for t in terms}
    if not slugs:
        return {}
    ids = dict(select_in(model, ["slug", "id"], "slug", slugs))
    missing = [model(slug=t.slug, name=t.name) for t in terms if t.slug not in ids]
    if missing:
        model.objects.bulk_create(missing, ignore_conflicts=True)
        ids = dict(select_in(model, ["slug", "id"], "slug", slugs))
    return ids


def _body(record: Record, assets: dict) -> str:
    """Return the body with the old URLs of its stored media replaced by their new ones."""
    body = record.body
    refs = [record.lead_media, *record.media] if record.lead_media else record.media
    for ref in refs:
        asset = assets.get(ref.key)
        if asset is not None and ref.url and ref.url in body:
            body = body.replace(ref.url, asset.url)
    return body


def _values(record: Record, sections: dict, assets: dict) -> dict:
    lead = assets.get(record.lead_media.key) if record.lead_media else None
    return {
        "headline": record.headline,
        "slug": record.slug or slugify(record.headline, allow_unicode=True)[:200],
        "summary": record.summary,
        "body": _body(record, assets) if assets else record.body,
        "language": record.language,
        "published_at": record.published_at,
        "status": record.status,
        "article_type_id": record.article_type_id,
        "byline": record.byline,
        "section_id": sections.get(record.section.slug) if record.section else None,
        "lead_media_id": lead.pk if lead else None,
        "scheduled_at": record.scheduled_at,
        "embargo_until": record.embargo_until,
        "modified_at": record.modified_at,
        "is_stub": False,
    }


def store_records(records: list[Record], context: StoreContext) -> dict[str, str]:
    """Store ``records``; return each stored key's outcome: created, updated or unchanged."""
    digests = {r.key: r.digest() for r in records}
    known = {
        key: (digest, superseded)
        for key, digest, superseded in select_in(
            ImportedItem, ["key", "digest", "superseded"], "key", digests
        )
    }
    outcome = {
        r.key: "unchanged"
        for r in records
        if r.key in known and digests[r.key] in (known[r.key][0], *known[r.key][1])
    }
    todo = [r for r in records if r.key not in outcome]
    if not todo:
        return outcome
    todo = _refuse_bad_references(todo, context)

    sections = _ensure_terms(Section, {r.section for r in todo if r.section})
    topics = _ensure_terms(Topic, {t for r in todo for t in r.topics})
    assets = _store_media(todo, context)

    existing = dict(select_in(Article, ["legacy_key", "id"], "legacy_key", [r.key for r in todo]))
    new = [r for r in todo if r.key not in existing]
    # Keys from each item's own time: right whatever order and batches the items came in.
    keys = allocate_time_keys((r.key, r.published_at) for r in new)
    rows = [{"legacy_key": r.key, "sort": keys[r.key], **_values(r, sections, assets)} for r in new]
    pairs = list(zip(new, rows, strict=True))
    insert_rows(Article, [{"id": r.article_id, **row} for r, row in pairs if r.article_id])
    insert_rows(Article, [row for r, row in pairs if not r.article_id])
    now = timezone.now()
    update_rows(
        Article,
        [
            {"pk": existing[r.key], "updated_at": now, **_values(r, sections, assets)}
            for r in todo
            if r.key in existing
        ],
        FIELDS + ["updated_at"],
    )
    if any(r.article_id for r in new):
        sync_id_sequence()

    articles = {**existing, **_ids_of([r for r in new if not r.article_id])}
    articles.update({r.key: r.article_id for r in new if r.article_id})
    _store_topics(todo, articles, topics, bool(existing))
    _store_redirects(todo, articles, context.format)
    store_credits(todo, articles, {r.key for r in new})
    _store_comments(todo, articles, [existing[r.key] for r in todo if r.key in existing])
    _store_digests(todo, articles, digests, known)
    for record in todo:
        outcome[record.key] = "updated" if record.key in existing else "created"
    return outcome


def _ids_of(records: list[Record]) -> dict[str, int]:
    if not records:
        return {}
    return dict(select_in(Article, ["legacy_key", "id"], "legacy_key", [r.key for r in records]))


def _refuse_bad_references(todo: list[Record], context: StoreContext) -> list[Record]:
    """Drop records whose legacy id belongs to another article or whose type is unknown."""
    types = set(ArticleType.objects.values_list("id", flat=True))
    wanted = [r.article_id for r in todo if r.article_id is not None]
    owners = dict(select_in(Article, ["id", "legacy_key"], "id", wanted))
    kept = []
    for record in todo:
        owner = owners.get(record.article_id, record.key)
        if record.article_id is not None and owner != record.key:
            what = owner or "not an imported one"
            problem = f"id {record.article_id} already belongs to another article ({what})"
            context.fail(record, problem)
        elif record.article_type_id not in types:
            context.fail(record, f"unknown content type {record.article_type_id}")
        else:
            kept.append(record)
    return kept


def _store_media(todo: list[Record], context: StoreContext) -> dict:
    refs: list[tuple[Record, MediaRef]] = []
    for record in todo:
        refs += [(record, ref) for ref in ([record.lead_media] if record.lead_media else [])]
        refs += [(record, ref) for ref in record.media]
    if not refs:
        return {}
    users: dict[str, list[Record]] = {}
    for record, ref in refs:
        users.setdefault(ref.key, []).append(record)

    def warn(ref: MediaRef, problem: str) -> None:
        # A file several posts show is missing for each of them: each gets the warning.
        for record in users[ref.key]:
            context.warn(record, problem)

    return store_media([ref for _r, ref in refs], context.media_root, warn, context.format)


def _store_topics(todo, articles: dict[str, int], topics: dict[str, int], replace: bool) -> None:
    through = Article.topics.through
    if replace:
        through.objects.filter(article_id__in=articles.values()).delete()
    pairs = {
        (articles[r.key], topics[t.slug])
        for r in todo
        if r.key in articles
        for t in r.topics
        if t.slug in topics
    }
    insert_rows(through, [{"article_id": a, "topic_id": t} for a, t in sorted(pairs)])


def _store_redirects(todo, articles: dict[str, int], source: str) -> None:
    wanted = {
        old_path_key(path)[:500]: articles[r.key]
        for r in todo
        if r.key in articles
        for path in r.redirects
    }
    if not wanted:
        return
    current = dict(select_in(Redirect, ["old_path", "article_id"], "old_path", wanted))
    insert_rows(
        Redirect,
        [
            {"old_path": path, "article_id": pk, "media_id": None, "new_path": "", "source": source}
            for path, pk in wanted.items()
            if path not in current
        ],
    )
    for path, pk in wanted.items():
        if path in current and current[path] != pk:
            Redirect.objects.filter(old_path=path).update(article_id=pk, media=None)


def _store_comments(todo, articles: dict[str, int], replaced: list[int]) -> None:
    """Write the records' comments; an updated article's comments are those of its record."""
    if replaced:
        ImportedComment.objects.filter(article_id__in=replaced).delete()
    insert_rows(
        ImportedComment,
        [
            {
                "article_id": articles[r.key],
                "source_id": c.source_id,
                "parent_id": c.parent_id,
                "author_name": c.author_name,
                "author_email": c.author_email,
                "author_url": c.author_url,
                "posted_at": c.posted_at,
                "text": c.text,
                "approved": c.approved,
                "kind": c.kind,
            }
            for r in todo
            if r.key in articles
            for c in r.comments
        ],
    )


def _store_digests(todo, articles: dict[str, int], digests: dict[str, str], known: dict) -> None:
    stored = [r.key for r in todo if r.key in articles]
    rows = [
        {"key": r.key, "article_id": articles[r.key], "media_id": None, "digest": digests[r.key]}
        | ({"meta": r.meta} if r.meta else {})
        for r in todo
        if r.key in articles and r.key not in known
    ]
    # Rows without meta leave it to its default, adapted once for the batch.
    insert_rows(ImportedItem, [row for row in rows if "meta" not in row])
    insert_rows(ImportedItem, [row for row in rows if "meta" in row])
    fresh = {key for key in stored if key in known}
    meta = {r.key: r.meta for r in todo}
    if fresh:
        now = timezone.now()
        ids = dict(select_in(ImportedItem, ["key", "id"], "key", fresh))
        update_rows(
            ImportedItem,
            [
                {
                    "pk": ids[k],
                    "digest": digests[k],
                    "superseded": [*known[k][1], known[k][0]][-KEEP_SUPERSEDED:],
                    "article_id": articles[k],
                    "meta": meta[k],
                    "updated_at": now,
                }
                for k in fresh
            ],
            ["digest", "superseded", "article", "meta", "updated_at"],
        )
