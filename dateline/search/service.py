"""Search as the site and the API use it: parse, match, rank, count facets, paginate, snippet.

Engines only match (see ``backends.base``); everything a reader sees is decided here, once,
so every backend ranks and counts the same way.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.utils.safestring import SafeString

from dateline.articles.models import Article, ArticleType, Label
from dateline.conf import load_backend, setting
from dateline.search.backends.base import Candidate, Filters, SearchBackend
from dateline.search.documents import plain_text
from dateline.search.highlight import SNIPPET_WORDS, highlight
from dateline.search.query import ParsedQuery, parse_query
from dateline.taxonomy.models import Section, Topic

FACETS = ("edition", "section", "topic", "type", "label")
_CHUNK = 500


@dataclass(frozen=True)
class FacetValue:
    key: str  # what to send back as the filter parameter
    name: str
    count: int


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float
    title: SafeString
    snippet: SafeString


@dataclass
class SearchResults:
    """One page of results, the facet counts of every match, and the totals."""

    query: ParsedQuery
    page: Page
    hits: list[Hit]
    total: int
    # True when more articles match than were ranked (DATELINE_SEARCH_MAX_CANDIDATES).
    total_is_lower_bound: bool
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def backend() -> SearchBackend:
    """Return the configured search backend."""
    return load_backend("DATELINE_SEARCH_BACKEND")


def search(
    text: str,
    filters: Filters | None = None,
    page: object = 1,
    language: str | None = None,
    page_size: int | None = None,
) -> SearchResults:
    """Search published articles for ``text``; raise ``QueryError`` for an over-long query.

    Ranking blends relevance with recency over the newest matching articles, up to
    ``DATELINE_SEARCH_MAX_CANDIDATES``; an empty query matches nothing.
    """
    filters = filters or Filters()
    query = parse_query(text, language or filters.language or "en")
    limit = setting("DATELINE_SEARCH_MAX_CANDIDATES")
    now = int(time.time())
    found = [] if query.is_empty else backend().candidates(query, filters, now, limit)
    ranked = rank(found, now)
    paginator = Paginator(ranked, page_size or setting("DATELINE_SEARCH_PAGE_SIZE"))
    current = paginator.get_page(page)
    return SearchResults(
        query=query,
        page=current,
        hits=_hits(current.object_list, query),
        total=len(found),
        total_is_lower_bound=len(found) >= limit,
        facets=facet_counts(found),
    )


def rank(found: list[Candidate], now_ts: int) -> list[Candidate]:
    """Order candidates by relevance blended with recency; the newer wins among equals.

    Relevance is scaled to the best match (engines score on different scales); an
    article's age halves its recency factor every ``DATELINE_SEARCH_HALF_LIFE_DAYS`` days,
    and recency can at most halve relevance, so an old exact match still beats a new
    passing mention.
    """
    if not found:
        return []
    best = max(c.relevance for c in found) or 1.0
    half_life = setting("DATELINE_SEARCH_HALF_LIFE_DAYS") * 86400

    def score(c: Candidate) -> float:
        age = max(0, now_ts - c.published_ts)
        recency = math.pow(0.5, age / half_life)
        return (c.relevance / best) * (0.5 + 0.5 * recency)

    return sorted(found, key=lambda c: (-round(score(c), 9), c.sort))


def facet_counts(found: list[Candidate]) -> dict[str, list[FacetValue]]:
    """Count the matches per edition, section, topic, content type and label."""
    counts = {
        "edition": Counter(c.language for c in found),
        "section": Counter(c.section_id for c in found if c.section_id is not None),
        "type": Counter(c.article_type_id for c in found if c.article_type_id is not None),
        "label": Counter(c.label_id for c in found if c.label_id is not None),
        "topic": _topic_counts([c.article_id for c in found]),
    }
    names = {
        "edition": {code: (code, code) for code in counts["edition"]},
        "section": _names(Section, counts["section"], "slug", "name"),
        "topic": _names(Topic, counts["topic"], "slug", "name"),
        "type": _names(ArticleType, counts["type"], "code", "name"),
        "label": _names(Label, counts["label"], "code", "code"),
    }
    return {
        facet: [
            FacetValue(key=names[facet][value][0], name=names[facet][value][1], count=n)
            for value, n in counts[facet].most_common()
            if value in names[facet]
        ]
        for facet in FACETS
    }


def _topic_counts(article_ids: list[int]) -> Counter:
    through = Article.topics.through
    counts: Counter = Counter()
    for start in range(0, len(article_ids), _CHUNK):
        chunk = article_ids[start : start + _CHUNK]
        counts.update(
            through.objects.filter(article_id__in=chunk).values_list("topic_id", flat=True)
        )
    return counts


def _names(model, ids, key_field: str, name_field: str) -> dict:
    rows = model.objects.filter(pk__in=list(ids)).values_list("pk", key_field, name_field)
    return {pk: (key, name) for pk, key, name in rows}


def snippet_source(article: Article) -> str:
    """Return the text a result's snippet is cut from: the summary, then the body, the lead
    sentence once (a summary is often the body's opening, cut short with an ellipsis)."""
    summary, body = plain_text(article.summary), plain_text(article.body)
    opening = summary.rstrip("….").strip()
    if opening and opening in body:
        return body
    return f"{summary} {body}".strip()


def _hits(page_rows: list[Candidate], query: ParsedQuery) -> list[Hit]:
    """Load the page's articles through the public filter, in rank order, with snippets."""
    ids = [c.article_id for c in page_rows]
    # Primary-key reads, then the public rule (Article.is_public, the same rule as
    # Article.objects.public()) in Python: with the status filter in SQL, SQLite picks a
    # status index and scans every published row instead of looking up twenty keys.
    found = Article.objects.for_listing().in_bulk(ids)
    articles = {pk: article for pk, article in found.items() if article.is_public}
    hits = []
    for c in page_rows:
        article = articles.get(c.article_id)
        if article is None:  # unpublished since it was indexed; the signal will catch up
            continue
        text = snippet_source(article)
        hits.append(
            Hit(
                article=article,
                score=c.relevance,
                title=highlight(article.headline, query, article.language),
                snippet=highlight(text, query, article.language, words=SNIPPET_WORDS),
            )
        )
    return hits
