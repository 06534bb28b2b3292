"""What the related engine knows of an article: weighted terms, entities, topics, time.

A pure function of the article's data, so the index, the stories and the evaluation
harness all see an article the same way.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

from dateline.analysis import analyze
from dateline.analysis.entities import extract_entities

# A 1 MB body says nothing more about its story than its first pages do; the cap keeps
# analysis time and index size bounded whatever arrives.
MAX_TEXT_CHARS = 20_000
MAX_TERMS = 150
HEADLINE_WEIGHT = 3
_TAG = re.compile(r"<[^>]{0,2000}>")


@dataclass(frozen=True)
class DocFeatures:
    """The analysed form of one article."""

    terms: dict[str, int]
    entities: tuple[str, ...] = ()
    topics: tuple[int, ...] = ()
    language: str = "en"
    published: float = 0.0
    story_id: int = 0
    length: int = field(default=0)
    # Entity names as written, aligned with ``entities``, for explanations.
    entity_names: tuple[str, ...] = ()


def plain_text(body_html: str) -> str:
    """Return the text of an HTML body, tags dropped and entities decoded, capped in size."""
    return html.unescape(_TAG.sub(" ", body_html[: MAX_TEXT_CHARS * 4]))[:MAX_TEXT_CHARS]


def text_features(
    headline: str,
    text: str,
    language: str = "en",
    *,
    topics: tuple[int, ...] = (),
    published: float = 0.0,
    story_id: int = 0,
) -> DocFeatures:
    """Return the features of a headline and plain text in ``language``.

    The headline counts ``HEADLINE_WEIGHT`` times; only the ``MAX_TERMS`` most frequent
    terms are kept (ties: first seen), which bounds the index whatever the length.
    """
    text = text[:MAX_TEXT_CHARS]
    counts: Counter[str] = Counter(analyze(text, language))
    for term in analyze(headline[:1000], language):
        counts[term] += HEADLINE_WEIGHT
    length = sum(counts.values())
    kept = dict(counts.most_common(MAX_TERMS))
    found = extract_entities(f"{headline}\n{text}")
    return DocFeatures(
        kept,
        tuple(found),
        tuple(sorted(topics)),
        language,
        published,
        story_id,
        length,
        tuple(found.values()),
    )


def article_row(article) -> tuple:
    """Return what the features of an ``Article`` are computed from, as plain values that a
    worker process can receive (its topics read from the database, or a prefetch)."""
    return (
        article.headline,
        f"{article.summary}\n{plain_text(article.body)}",
        article.language or "en",
        # .all() so a prefetch_related("topics") of a bulk caller is used.
        tuple(t.pk for t in article.topics.all()),
        article.published_at.timestamp() if article.published_at else 0.0,
        article.story_id or 0,
    )


def row_features(row: tuple) -> DocFeatures:
    """Return the features of an ``article_row``."""
    headline, text, language, topics, published, story_id = row
    return text_features(
        headline, text, language, topics=topics, published=published, story_id=story_id
    )


def article_features(article) -> DocFeatures:
    """Return the features of an ``Article``."""
    return row_features(article_row(article))
