"""A synthetic newsroom: developing stories in English and Arabic, written in batches.

``CorpusWriter`` streams any number of articles into the database in fixed-size batches, so
memory stays flat at a million articles. Generation is deterministic for a given seed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.text import slugify

from dateline.articles.html import paragraphs_to_html
from dateline.articles.models import Article, Label
from dateline.articles.sortkeys import allocate_sort_keys
from dateline.demo import vocabulary as V
from dateline.desk.models import Signature
from dateline.media.models import MediaAsset
from dateline.stories.models import Story
from dateline.taxonomy.models import Section, Topic

TopicLink = Article.topics.through


@dataclass
class _StoryPlan:
    kind: str
    place: int
    actor: int
    language: str
    remaining: int
    story: Story | None = None
    members: int = 0


@dataclass
class Taxonomy:
    sections: dict[str, Section]
    place_topics: list[Topic]
    kind_topics: dict[str, Topic]
    signatures: list[Signature]
    labels: dict[str, Label]


def ensure_taxonomy() -> Taxonomy:
    """Create (or find) the demo sections, topics, desks and signatures."""
    sections = {}
    for position, (slug, name, name_ar) in enumerate(V.SECTIONS):
        sections[slug] = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_ar": name_ar, "position": position}
        )[0]
    place_topics = [
        Topic.objects.get_or_create(slug=slugify(en), defaults={"name": en, "name_ar": ar})[0]
        for en, ar, _region in V.PLACES
    ]
    kind_topics = {
        kind: Topic.objects.get_or_create(
            slug=slugify(spec[1][0]), defaults={"name": spec[1][0], "name_ar": spec[1][1]}
        )[0]
        for kind, spec in V.KINDS.items()
    }
    signatures = [Signature.get_or_create_from_text(f"{d} {e}") for d, e in V.DESKS]
    labels = {label.code: label for label in Label.objects.all()}
    return Taxonomy(sections, place_topics, kind_topics, signatures, labels)


@dataclass
class CorpusWriter:
    """Write ``count`` generated articles between ``start`` and ``end``, oldest first."""

    count: int
    start: datetime
    end: datetime
    languages: tuple[str, ...] = ("en", "ar")
    seed: int = 1
    batch_size: int = 2000
    media: list[MediaAsset] = field(default_factory=list)
    videos: list[MediaAsset] = field(default_factory=list)
    active_stories: int = 40

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.taxonomy = ensure_taxonomy()
        self.plans: list[_StoryPlan] = [self._new_plan() for _ in range(self.active_stories)]
        self.step = (self.end - self.start) / max(self.count, 1)

    def _new_plan(self) -> _StoryPlan:
        rng = self.rng
        return _StoryPlan(
            kind=rng.choice(list(V.KINDS)),
            place=rng.randrange(len(V.PLACES)),
            actor=rng.randrange(len(V.ACTORS)),
            language=rng.choice(self.languages),
            remaining=rng.randint(5, 40),
        )

    def write(self, progress: Callable[[int], None] | None = None) -> int:
        """Write every article; call ``progress(n)`` after each batch of n. Return the count."""
        written = 0
        while written < self.count:
            size = min(self.batch_size, self.count - written)
            self._write_batch(written, size)
            written += size
            if progress:
                progress(size)
        return written

    @transaction.atomic
    def _write_batch(self, offset: int, size: int) -> None:
        picks = [self._pick_plan() for _ in range(size)]
        new_stories = [p for p in {id(p): p for p in picks}.values() if p.story is None]
        for plan in new_stories:
            plan.story = Story(title=self._story_title(plan))
        Story.objects.bulk_create([p.story for p in new_stories])
        keys = iter(allocate_sort_keys(size))
        rows, topic_pairs = [], []
        for i, plan in enumerate(picks):
            article, topics = self._article(offset + i, plan, next(keys))
            rows.append(article)
            topic_pairs.append(topics)
        Article.objects.bulk_create(rows)
        TopicLink.objects.bulk_create(
            TopicLink(article_id=a.pk, topic_id=t.pk)
            for a, topics in zip(rows, topic_pairs, strict=True)
            for t in topics
        )

    def _pick_plan(self) -> _StoryPlan:
        index = self.rng.randrange(len(self.plans))
        plan = self.plans[index]
        plan.remaining -= 1
        if plan.remaining <= 0:
            self.plans[index] = self._new_plan()
        return plan

    def _story_title(self, plan: _StoryPlan) -> str:
        topic_en = V.KINDS[plan.kind][1][0]
        return f"{topic_en} in {V.PLACES[plan.place][0]}"

    def _fill(self, template: str, plan: _StoryPlan, language: str) -> str:
        place_en, place_ar, _region = V.PLACES[plan.place]
        actor_en, actor_ar = V.ACTORS[plan.actor]
        actor = actor_ar if language == "ar" else actor_en
        return template.format(
            place=place_ar if language == "ar" else place_en,
            actor=actor,
            Actor=actor[:1].upper() + actor[1:],
            n=self.rng.randint(2, 90),
            day=self.rng.choice(V.DAYS),
        )

    def _article(self, index: int, plan: _StoryPlan, sort: int) -> tuple[Article, list[Topic]]:
        rng = self.rng
        language = plan.language if rng.random() > 0.15 else rng.choice(self.languages)
        section_slug, _topic, heads_en, heads_ar, body_en, body_ar = V.KINDS[plan.kind]
        heads, sentences = (heads_ar, body_ar) if language == "ar" else (heads_en, body_en)
        headline = self._fill(rng.choice(heads), plan, language)
        paragraphs = [
            self._fill(s, plan, language) for s in rng.sample(sentences, k=rng.randint(3, 5))
        ]
        label, article_type, media = None, 21, self._pick(self.media)
        roll = rng.random()
        if roll < 0.04:
            label = self.taxonomy.labels.get("URGENT")
        elif roll < 0.10 and self.videos:
            label, article_type, media = (
                self.taxonomy.labels.get("VIDEO"),
                22,
                self._pick(self.videos),
            )
        elif roll < 0.15:
            label, article_type = self.taxonomy.labels.get("PICS"), 23
        region = V.PLACES[plan.place][2]
        published_at = self.start + self.step * index + timedelta(seconds=rng.randint(0, 59))
        plan.members += 1
        article = Article(
            headline=headline,
            slug=slugify(headline, allow_unicode=True)[:200] or "item",
            summary=paragraphs[0],
            body=paragraphs_to_html(paragraphs),
            language=language,
            published_at=published_at,
            article_type_id=article_type,
            label=label,
            label_separator=": ",
            signature=rng.choice(self.taxonomy.signatures),
            section=self.taxonomy.sections[section_slug or region],
            story=plan.story,
            lead_media=media,
            status=Article.Status.PUBLISHED,
            sort=sort,
            translation_key=uuid.UUID(int=rng.getrandbits(128)).hex if rng.random() < 0.02 else "",
        )
        topics = [self.taxonomy.place_topics[plan.place], self.taxonomy.kind_topics[plan.kind]]
        return article, topics

    def _pick(self, pool: list[MediaAsset]) -> MediaAsset | None:
        return self.rng.choice(pool) if pool else None


def spread(count: int, days: float, end: datetime) -> Iterator[datetime]:
    """Yield ``count`` evenly spaced times over the ``days`` before ``end``."""
    step = timedelta(days=days) / max(count, 1)
    for i in range(count):
        yield end - timedelta(days=days) + step * i
