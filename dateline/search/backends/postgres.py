"""PostgreSQL full-text search: one tsvector per article under its language's configuration.

Text is folded first (alef and yeh forms, diacritics, tatweel: ``terms.fold_for_stemmer``),
then stemmed by PostgreSQL's own Snowball configuration for the language
(``arabic``, ``english``; ``simple`` for the rest). Weights: A headline, B summary and body,
D each folded word once, unstemmed, which is what ``prefix*`` queries match.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from dateline.conf import setting
from dateline.search.backends.base import Candidate, Filters, SearchBackend
from dateline.search.backends.sql import filter_sql
from dateline.search.documents import SearchDocument
from dateline.search.query import Clause, ParsedQuery
from dateline.search.terms import fold_for_stemmer

SCHEMA = [
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS config regconfig "
    "NOT NULL DEFAULT 'simple'",
    "ALTER TABLE search_searchentry ADD COLUMN IF NOT EXISTS document tsvector",
    "CREATE INDEX IF NOT EXISTS search_entry_document ON search_searchentry USING GIN (document)",
]
DROP = [
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS config",
]
_CHUNK = 1000


def config_for(language: str) -> str:
    """Return the text search configuration of ``language`` (``simple`` when none is set)."""
    return setting("DATELINE_SEARCH_CONFIGS").get(language, "simple")


def tsquery_sql(query: ParsedQuery, config: str) -> tuple[str, list]:
    """Return a tsquery SQL expression for ``query`` under ``config``, with its parameters.

    User words only ever reach PostgreSQL as bound parameters of the ``*to_tsquery``
    functions; prefixes are tokenizer output (letters and digits), so ``:*`` is safe.
    """
    parts, params = [], []
    for clause in query.required:
        sql, args = _clause_sql(clause, config)
        parts.append(sql)
        params += args
    for clause in query.excluded:
        sql, args = _clause_sql(clause, config)
        parts.append(f"!!({sql})")
        params += args
    return " && ".join(parts), params


def _clause_sql(clause: Clause, config: str) -> tuple[str, list]:
    if clause.prefix:
        return "to_tsquery('simple', %s)", [f"{clause.prefix}:*D"]
    if clause.is_phrase:
        return "phraseto_tsquery(%s::regconfig, %s)", [config, clause.text]
    return "plainto_tsquery(%s::regconfig, %s)", [config, clause.text]


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def index(self, documents: Iterable[SearchDocument]) -> int:
        rows = [
            (
                d.article_id,
                d.sort,
                d.language,
                d.section_id,
                d.article_type_id,
                d.label_id,
                d.published_ts,
                d.embargo_ts,
                config_for(d.language),
                config_for(d.language),
                fold_for_stemmer(d.title),
                config_for(d.language),
                fold_for_stemmer(d.body),
                d.raw_tokens(),
            )
            for d in documents
        ]
        if not rows:
            return 0
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, [row[0] for row in rows])
            cursor.executemany(
                "INSERT INTO search_searchentry (article_id, sort, language, section_id, "
                "article_type_id, label_id, published_ts, embargo_ts, config, document) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s::regconfig, "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
                "setweight(to_tsvector('simple', %s), 'D'))",
                rows,
            )
        return len(rows)

    def remove(self, article_ids: Iterable[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, list(article_ids))

    def _delete(self, cursor, article_ids: list[int]) -> None:
        for start in range(0, len(article_ids), _CHUNK):
            cursor.execute(
                "DELETE FROM search_searchentry WHERE article_id = ANY(%s)",
                [article_ids[start : start + _CHUNK]],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchentry")

    def candidates(
        self, query: ParsedQuery, filters: Filters, now_ts: int, limit: int
    ) -> list[Candidate]:
        if filters.language is not None:
            configs = [config_for(filters.language)]
        else:
            configs = sorted({*setting("DATELINE_SEARCH_CONFIGS").values(), "simple"})
        found: list[Candidate] = []
        for config in configs:
            found += self._candidates(query, config, filters, now_ts, limit)
        return sorted(found, key=lambda c: c.sort)[:limit]

    def _candidates(
        self, query: ParsedQuery, config: str, filters: Filters, now_ts: int, limit: int
    ) -> list[Candidate]:
        tsquery, query_params = tsquery_sql(query, config)
        where, params = filter_sql(filters, now_ts)
        sql = (
            "SELECT e.article_id, e.sort, ts_rank(e.document, q.q), e.published_ts, "
            "e.language, e.section_id, e.article_type_id, e.label_id "
            f"FROM search_searchentry e, (SELECT {tsquery} AS q) q "
            f"WHERE e.config = %s::regconfig AND e.document @@ q.q AND {where} "
            "ORDER BY e.sort LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*query_params, config, *params, limit])
            return [Candidate(*row) for row in cursor.fetchall()]

    def size_bytes(self) -> int | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_searchentry')")
            return cursor.fetchone()[0]
