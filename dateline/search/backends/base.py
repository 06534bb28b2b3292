"""The search backend interface every engine implements, and the shapes it exchanges.

A backend stores ``SearchDocument`` rows and answers one question: which indexed articles
match a parsed query and filters, newest first, up to a limit, with a relevance score each.
Ranking, facets, snippets and pagination are engine-independent and live in
``dateline.search.service``, so every backend behaves the same beyond matching.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from dateline.search.documents import SearchDocument
from dateline.search.query import ParsedQuery


@dataclass(frozen=True)
class Filters:
    """Facet filters, already resolved to ids; ``None`` means "any"."""

    language: str | None = None
    section_id: int | None = None
    topic_id: int | None = None
    article_type_id: int | None = None
    label_id: int | None = None
    since_ts: int | None = None
    until_ts: int | None = None


class Candidate(NamedTuple):
    """One matching article with what ranking and facet counting need."""

    article_id: int
    sort: int
    relevance: float  # higher is more relevant; only comparable within one result set
    published_ts: int
    language: str
    section_id: int | None
    article_type_id: int | None
    label_id: int | None


class SearchBackend:
    """Base class of search engines. Subclasses implement the five methods below."""

    name = "base"

    def index(self, documents: Iterable[SearchDocument]) -> int:
        """Add or replace ``documents``; return how many were written."""
        raise NotImplementedError

    def remove(self, article_ids: Iterable[int]) -> None:
        """Take the given articles out of the index; unknown ids are ignored."""
        raise NotImplementedError

    def clear(self) -> None:
        """Empty the index."""
        raise NotImplementedError

    def candidates(
        self, query: ParsedQuery, filters: Filters, now_ts: int, limit: int
    ) -> list[Candidate]:
        """Return up to ``limit`` matches visible at ``now_ts``, newest (smallest sort) first.

        ``query`` is never empty. Visible means published at or before ``now_ts`` and out
        of embargo.
        """
        raise NotImplementedError

    def size_bytes(self) -> int | None:
        """Return the index's size on disk when the engine can tell, else ``None``."""
        return None
