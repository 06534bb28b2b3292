"""An in-memory search backend for tests and tiny sites: the shared analysis, no database."""

from __future__ import annotations

from collections.abc import Iterable

from dateline.analysis import tokenize
from dateline.search.backends.base import Candidate, Filters, SearchBackend
from dateline.search.documents import SearchDocument
from dateline.search.query import Clause, ParsedQuery

_STORE: dict[int, tuple[SearchDocument, list[str], list[str], set[str]]] = {}


class MemoryBackend(SearchBackend):
    """Keep documents in a process-wide dict; match phrases on analysed term sequences."""

    name = "memory"

    def index(self, documents: Iterable[SearchDocument]) -> int:
        count = 0
        for d in documents:
            title, body = d.title_terms().split(), d.body_terms().split()
            _STORE[d.article_id] = (d, title, body, set(tokenize(f"{d.title} {d.body}")))
            count += 1
        return count

    def remove(self, article_ids: Iterable[int]) -> None:
        for article_id in article_ids:
            _STORE.pop(article_id, None)

    def clear(self) -> None:
        _STORE.clear()

    def candidates(
        self, query: ParsedQuery, filters: Filters, now_ts: int, limit: int
    ) -> list[Candidate]:
        found = []
        for d, title, body, raw in _STORE.values():
            if not _visible(d, filters, now_ts):
                continue
            if not all(_score(c, title, body, raw) for c in query.required):
                continue
            if any(_score(c, title, body, raw) for c in query.excluded):
                continue
            relevance = sum(_score(c, title, body, raw) for c in query.required)
            found.append(
                Candidate(
                    d.article_id,
                    d.sort,
                    float(relevance),
                    d.published_ts,
                    d.language,
                    d.section_id,
                    d.article_type_id,
                    d.label_id,
                )
            )
        return sorted(found, key=lambda c: c.sort)[:limit]


def _visible(d: SearchDocument, filters: Filters, now_ts: int) -> bool:
    if d.published_ts > now_ts or (d.embargo_ts is not None and d.embargo_ts > now_ts):
        return False
    for name in ("language", "section_id", "article_type_id", "label_id"):
        wanted = getattr(filters, name)
        if wanted is not None and getattr(d, name) != wanted:
            return False
    if filters.since_ts is not None and d.published_ts < filters.since_ts:
        return False
    if filters.until_ts is not None and d.published_ts >= filters.until_ts:
        return False
    if filters.topic_id is not None:
        from dateline.articles.models import Article

        return Article.topics.through.objects.filter(
            article_id=d.article_id, topic_id=filters.topic_id
        ).exists()
    return True


def _score(clause: Clause, title: list[str], body: list[str], raw: set[str]) -> int:
    """Return how often ``clause`` occurs (headline occurrences count four times)."""
    if clause.prefix:
        return sum(1 for word in raw if word.startswith(clause.prefix))
    return 4 * _occurrences(clause.terms, title) + _occurrences(clause.terms, body)


def _occurrences(terms: tuple[str, ...], words: list[str]) -> int:
    n = len(terms)
    return sum(1 for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == terms)
