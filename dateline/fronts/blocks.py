"""Turn a front's live layout into the blocks a reader sees, each item once per front.

Blocks are resolved top to bottom: a block shows its hand-placed items (still public), then
fills from its automatic query, newest first, skipping every item an earlier block placed.
A block left empty is not shown. With no live layout, the automatic front
(``automatic_blocks``) stands in, so a newsroom that never arranged a front still has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dateline.articles.models import Article
from dateline.fronts import counter, urgency
from dateline.fronts.layouts import QUERY_FIELDS, active_takeover, live_layout
from dateline.fronts.models import BlockKind, Front, Source
from dateline.site.urlbuilder import urls
from dateline.stories.models import Story
from dateline.taxonomy.models import Section

# Content type ids (dateline.articles.registry): what a kind shows when no type is named.
VIDEO, OPINION, LIVE = 22, 24, 27
AUTOMATIC_SECTIONS = 6


@dataclass
class ShownBlock:
    """A block as the template renders it."""

    kind: str
    heading: str
    items: list[Article]
    more_url: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def template(self) -> str:
        return f"fronts/blocks/{self.kind}.html"

    @property
    def lead(self) -> Article | None:
        return self.items[0] if self.items else None

    @property
    def rest(self) -> list[Article]:
        return self.items[1:]


def automatic_blocks(language: str, section: Section | None = None) -> list[dict]:
    """Return the blocks of the automatic front: what breaks, a lead with secondaries, the
    latest, video and opinion, each section's latest (home only) and the most read."""
    base = {"source": Source.AUTO, "heading": "", "language": "", "items": []}
    base.update(dict.fromkeys(QUERY_FIELDS))
    scope = {"section": section.pk} if section is not None else {}

    def spec(kind: str, count: int, **query) -> dict:
        return {**base, "kind": kind, "count": count, **scope, **query}

    blocks = [
        spec(BlockKind.LIVE_RIBBON, 4),
        spec(BlockKind.LEAD_SECONDARIES, 5),
        spec(BlockKind.ROW, 4),
        spec(BlockKind.LIST, 8),
        spec(BlockKind.VIDEO_RAIL, 4),
        spec(BlockKind.OPINION, 3),
    ]
    if section is None:
        for other in Section.objects.all()[:AUTOMATIC_SECTIONS]:
            blocks.append(spec(BlockKind.SECTION_LATEST, 4, section=other.pk))
    blocks.append(spec(BlockKind.MOST_READ, 5))
    return blocks


def front_for(language: str, kind: str, section: Section | None = None, slug: str = ""):
    """Return the arranged ``Front`` of a page, or None."""
    fronts = Front.objects.filter(language=language, kind=kind)
    if kind == Front.Kind.SECTION:
        fronts = fronts.filter(section=section)
    elif kind == Front.Kind.LANDING:
        fronts = fronts.filter(slug=slug)
    return fronts.first()


def resolve(
    front: Front | None, language: str, section: Section | None = None, fallback: bool = True
) -> list[ShownBlock] | None:
    """Return the blocks of ``front`` in ``language``, the edition's takeover first.

    With no live layout: the automatic front's blocks, or None when not ``fallback``."""
    layout = live_layout(front) if front is not None else None
    if layout is None and not fallback:
        return None
    specs = layout.blocks if layout is not None else automatic_blocks(language, section)
    return resolve_specs(specs, language)


def resolve_specs(specs: list[dict], language: str) -> list[ShownBlock]:
    """Return the blocks ``specs`` (a layout's snapshot) show in ``language``, the edition's
    takeover first; the desk's preview of unpublished blocks renders through here too."""
    placed: set[int] = set()
    shown: list[ShownBlock] = []
    takeover = takeover_block(language)
    if takeover is not None:
        shown.append(takeover)
        placed.add(takeover.items[0].pk)
    manual = _manual_items(specs)
    for spec in specs:
        block = _resolve_block(spec, language, placed, manual)
        if block is not None and block.items:
            shown.append(block)
            placed.update(item.pk for item in block.items)
    return shown


def takeover_block(language: str) -> ShownBlock | None:
    """Return the edition's breaking takeover as a block, while it is on and its item public."""
    takeover = active_takeover(language)
    if takeover is None:
        return None
    item = Article.objects.public().for_listing().filter(pk=takeover.article_id).first()
    return ShownBlock("takeover", _("Breaking"), [item]) if item is not None else None


def _manual_items(specs: list[dict]) -> dict[int, Article]:
    ids = {pk for spec in specs for pk in spec.get("items", [])}
    if not ids:
        return {}
    return Article.objects.public().for_listing().in_bulk(ids)


def _resolve_block(
    spec: dict, language: str, placed: set[int], manual: dict[int, Article]
) -> ShownBlock | None:
    kind, count = spec["kind"], max(1, min(int(spec.get("count") or 1), 50))
    if kind == BlockKind.LEAD:
        count = 1
    items: list[Article] = []
    if spec.get("source") in (Source.MANUAL, Source.BOTH):
        for pk in spec.get("items", []):
            if pk in manual and pk not in placed and manual[pk] not in items:
                items.append(manual[pk])
    items = items[:count]
    wanted = count - len(items)
    if spec.get("source") in (Source.AUTO, Source.BOTH) and wanted > 0:
        skip = placed | {item.pk for item in items}
        if kind == BlockKind.MOST_READ:
            items += counter.most_read(spec.get("language") or language, wanted, skip)
        else:
            query = _query(spec, language)
            if query is None:
                return None
            items += list(query.exclude(pk__in=skip).newest_first()[:wanted])
    heading, more = _heading(spec, language)
    return ShownBlock(kind, heading, items, more)


def _query(spec: dict, language: str):
    kind = spec["kind"]
    rows = Article.objects.public().for_listing().filter(language=spec.get("language") or language)
    filters = {
        "section_id": spec.get("section"),
        "topics": spec.get("topic"),
        "story_id": spec.get("story"),
        "label_id": spec.get("label"),
        "article_type_id": spec.get("article_type"),
    }
    if kind == BlockKind.SECTION_LATEST and not filters["section_id"]:
        return None
    if kind == BlockKind.STORY_TIMELINE and not filters["story_id"]:
        return None
    defaults = {BlockKind.VIDEO_RAIL: VIDEO, BlockKind.OPINION: OPINION}
    if kind in defaults and not filters["article_type_id"]:
        filters["article_type_id"] = defaults[kind]
    rows = rows.filter(**{name: value for name, value in filters.items() if value})
    if kind == BlockKind.LIVE_RIBBON and not filters["article_type_id"]:
        # What is live or still breaking: an urgent mark expires (``urgency``). The few
        # candidates are found by index first (live items, marks still running, the window's
        # newest) and asked for by sort key, which SQLite reads in order on its unique index:
        # filtered in sort order alone, or by id, it read the whole edition to find them
        # (400 ms at a million articles, on every front and in the desk's editor).
        now = timezone.now()
        keys = _sort_keys(article_type_id=LIVE).union(
            _sort_keys(breaking_until__gt=now), _sort_keys(published_at__gt=now - urgency.window())
        )
        rows = rows.filter(sort__in=[key for key in keys if key is not None]).filter(
            Q(article_type_id=LIVE) | urgency.still_breaking(now)
        )
    return rows


def _sort_keys(**filters):
    return Article.objects.filter(**filters).values_list("sort", flat=True).order_by()


def _heading(spec: dict, language: str) -> tuple[str, str]:
    """Return the block's heading and the address of its "more" link."""
    kind = spec["kind"]
    if kind == BlockKind.SECTION_LATEST and spec.get("section"):
        section = Section.objects.filter(pk=spec["section"]).first()
        if section is not None:
            name = section.name_ar if language == "ar" and section.name_ar else section.name
            return spec.get("heading") or name, urls.section(section, language)
    if kind == BlockKind.STORY_TIMELINE and spec.get("story"):
        story = Story.objects.filter(pk=spec["story"]).first()
        if story is not None:
            return spec.get("heading") or story.title, urls.story(story, language)
    defaults = {
        BlockKind.LIVE_RIBBON: _("Breaking"),
        BlockKind.ROW: _("Latest"),
        BlockKind.LIST: _("More news"),
        BlockKind.VIDEO_RAIL: _("Video"),
        BlockKind.OPINION: _("Opinion"),
        BlockKind.MOST_READ: _("Most read"),
    }
    return spec.get("heading") or str(defaults.get(kind, "")), ""
