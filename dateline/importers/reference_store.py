"""Store a parsed reference page: the article, its related stubs and the pins between them.

All or nothing: one transaction per page. Importing the same page again changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from dateline.articles.html import paragraphs_to_html
from dateline.articles.ids import sync_id_sequence
from dateline.articles.labels import split_label
from dateline.articles.models import Article, ArticleType, Label
from dateline.articles.sortkeys import allocate_sort_key
from dateline.desk.models import Desk, Signature
from dateline.importers.reference_page import (
    PageError,
    ReferencePage,
    RelatedEntry,
    parse_signature,
)
from dateline.media.measure import record_file
from dateline.media.models import MediaAsset
from dateline.media.paths import parse_media_path
from dateline.related.models import RelatedPin
from dateline.stories.models import Story


@dataclass
class PageOutcome:
    article: Article
    created: bool
    changed: bool
    # (kind, reason) for the import report, as ``Record.notes``.
    notes: list[tuple[str, str]] = field(default_factory=list)


def page_key(page: ReferencePage) -> str:
    """Return the stable identity of a page: its headline and dateline."""
    digest = hashlib.sha256(f"{page.headline}\n{page.published_at.isoformat()}".encode())
    return "page:" + digest.hexdigest()[:40]


def _assign(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _media(path: str) -> MediaAsset | None:
    if not path:
        return None
    name = parse_media_path(path).storage_name
    existing = MediaAsset.objects.filter(file=name).first()
    if existing:
        return existing
    asset = MediaAsset.from_path(path)
    # A file already in the media storage is measured; a related item's picture that was
    # never copied stays unmeasured (no renditions, no length).
    record_file(asset)
    asset.save()
    return asset


def _labels() -> dict[str, Label]:
    return {label.code: label for label in Label.objects.all()}


def unknown_type_name(type_id: int) -> str:
    """Return the name a content type id the registry lacks is registered under."""
    return f"unknown type {type_id}"


def _ensure_type(entry: RelatedEntry, notes: list[tuple[str, str]]) -> None:
    """Register a content type id the registry lacks, so that the page still imports.

    An archive holds types the registry never listed (the reference's 33, say); an editor
    finds them in the admin under their number and names them.
    """
    if ArticleType.objects.filter(pk=entry.contenttypeid).exists():
        return
    ArticleType.objects.create(
        pk=entry.contenttypeid,
        code=f"unknown-{entry.contenttypeid}",
        name=unknown_type_name(entry.contenttypeid),
    )
    reason = (
        f"related item {entry.id}: contenttypeid {entry.contenttypeid} is not in the registry;"
        f" registered as '{unknown_type_name(entry.contenttypeid)}'"
    )
    notes.append(("flagged", reason))


def _signature(text: str | None) -> Signature | None:
    """Return the desk signature written as ``text`` (either script), creating it if needed."""
    parsed = parse_signature(text) if text else None
    if parsed is None:
        return None
    desk, _created = Desk.objects.get_or_create(code=parsed[0])
    signature, _created = Signature.objects.get_or_create(desk=desk, editor_code=parsed[1])
    return signature


def _store_stub(entry: RelatedEntry, page: ReferencePage, language: str, labels) -> Article:
    clash = Article.objects.filter(sort=entry.sort).exclude(pk=entry.id).first()
    if clash:
        raise PageError(
            page.source, None, f"related item {entry.id}: sort {entry.sort} belongs to {clash.pk}"
        )
    titled = split_label(entry.title, set(labels))
    media = _media(entry.pic)
    values = {
        "headline": titled.headline,
        "label": labels.get(titled.label) if titled.label else None,
        "label_separator": titled.separator,
        "article_type_id": entry.contenttypeid,
        "sort": entry.sort,
        "lead_media": media,
    }
    article = Article.objects.filter(pk=entry.id).first()
    if article is None:
        # The media path's ticks are the best clue to when an archived stub was published.
        published_at = (
            parse_media_path(entry.pic).moment.replace(microsecond=0)
            if entry.pic
            else page.published_at
        )
        article = Article(
            pk=entry.id,
            slug=slugify(titled.headline, allow_unicode=True)[:200],
            language=language,
            status=Article.Status.PUBLISHED,
            published_at=published_at,
            is_stub=True,
            **values,
        )
        article.save(force_insert=True)
    elif article.is_stub and _assign(article, values):
        article.save()
    return article


def _refuse_taken_id(page: ReferencePage, key: str, article_id: int | None) -> None:
    """Refuse to store a page under an id that another article holds (a stub it may fill)."""
    if article_id is None:
        return
    owner = Article.objects.filter(pk=article_id).values_list("legacy_key", "is_stub").first()
    if owner is not None and owner[0] != key and not owner[1]:
        what = owner[0] or "written in Dateline"
        problem = f"id {article_id} already belongs to another article ({what})"
        raise PageError(page.source, None, problem)


def _refuse_self_reference(page: ReferencePage, article_id: int) -> None:
    for number, entry in enumerate(page.related, 1):
        if entry.id == article_id:
            problem = f"related item {number} is the page itself (id {article_id})"
            raise PageError(page.source, None, problem)


@transaction.atomic
def store_reference_page(
    page: ReferencePage, language: str = "en", article_id: int | None = None
) -> PageOutcome:
    """Create or update the page's article, its related stubs and their pins."""
    labels = _labels()
    key = page_key(page)
    titled = split_label(page.headline, set(labels))
    signature = _signature(page.signature)
    notes: list[tuple[str, str]] = []
    values = {
        "headline": titled.headline,
        "label": labels.get(titled.label) if titled.label else None,
        "label_separator": titled.separator,
        "body": paragraphs_to_html(page.paragraphs),
        "summary": page.paragraphs[0],
        "language": language,
        "published_at": page.published_at,
        "signature": signature,
        "status": Article.Status.PUBLISHED,
        "is_stub": False,
    }
    _refuse_taken_id(page, key, article_id)
    # Stubs first, so that a new page's own id is allocated after the legacy ids it lists.
    for entry in page.related:
        _ensure_type(entry, notes)
    stubs = [_store_stub(entry, page, language, labels) for entry in page.related]
    if stubs:
        sync_id_sequence()
    article = Article.objects.filter(legacy_key=key).first()
    if article is None and article_id is not None:
        article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        _refuse_self_reference(page, article.pk)
    created = article is None
    if created:
        article = Article(pk=article_id, legacy_key=key, article_type_id=21, **values)
        article.slug = slugify(titled.headline, allow_unicode=True)[:200]
        article.sort = allocate_sort_key()
        article.save(force_insert=article_id is not None)
        if article_id is not None:
            sync_id_sequence()
        changed = True
    else:
        changed = _assign(article, values)
        if article.legacy_key != key:
            article.legacy_key, changed = key, True
        if article.sort is None:
            article.sort, changed = allocate_sort_key(), True
        if changed:
            article.save()

    wanted = [(stub.pk, position) for position, stub in enumerate(stubs)]
    current = list(article.pins.order_by("position").values_list("target_id", "position"))
    if current != wanted:
        article.pins.all().delete()
        RelatedPin.objects.bulk_create(
            RelatedPin(article=article, target_id=pk, position=pos) for pk, pos in wanted
        )
        changed = True
    return PageOutcome(article, created, changed, notes)


@transaction.atomic
def import_reference_page(
    page: ReferencePage, language: str = "en", article_id: int | None = None
) -> PageOutcome:
    """Store a page and join it and its related items in one story, all or nothing.

    The one path of ``dateline import-page`` and ``dateline import --format pages``.
    """
    outcome = store_reference_page(page, language, article_id)
    if join_story(outcome.article):
        outcome.changed = True
    return outcome


def join_story(article: Article) -> bool:
    """Put a page's article and its pinned related items in one story; return True if changed.

    The story is the first one any of them already belongs to, or a new one named after the
    page; members already in another story stay there.
    """
    members = [article.pk, *article.pins.values_list("target_id", flat=True)]
    if len(members) < 2:
        return False
    story_id = article.story_id or (
        Article.objects.filter(pk__in=members, story__isnull=False)
        .order_by("pk")
        .values_list("story_id", flat=True)
        .first()
    )
    if story_id is None:
        story = Story.objects.create(
            title=article.headline[:300], slug=slugify(article.headline, allow_unicode=True)[:200]
        )
        story_id = story.pk
    return bool(Article.objects.filter(pk__in=members, story__isnull=True).update(story=story_id))
