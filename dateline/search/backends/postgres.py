"""PostgreSQL full-text search: one tsvector per article under its language's configuration.

Text is folded first (alef and yeh forms, diacritics, tatweel: ``terms.fold_for_stemmer``),
then stemmed by PostgreSQL's own Snowball configuration for the language
(``arabic``, ``english``; ``simple`` for the rest). Weights: A headline, B summary and body,
D each folded word once, unstemmed, which is what ``prefix*`` queries match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.db import connection, transaction

from dateline.conf import setting
from dateline.search.backends.base import Candidate, Filters, SearchBackend
from dateline.search.backends.sql import filter_sql
from dateline.search.documents import ENTRY_COLUMNS, SearchDocument
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
# Days of the recent windows tried before the whole index (see _candidates).
RECENT_WINDOWS_DAYS = (30, 365)


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


def _narrowed(filters: Filters, since_ts: int | None) -> Filters:
    """Return ``filters`` with its start moved up to ``since_ts`` (if that is later)."""
    if since_ts is None or (filters.since_ts is not None and filters.since_ts >= since_ts):
        return filters
    return replace(filters, since_ts=since_ts)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def index(self, documents: Iterable[SearchDocument]) -> int:
        rows = [
            (
                *d.entry_row(),
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
                f"INSERT INTO search_searchentry ({ENTRY_COLUMNS}, config, document) "
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
        """Return the newest matches, looking at recent days first.

        GIN finds every match of a common word but cannot give them newest first, and
        reading thousands of matching rows costs more than the query budget. So the recent
        days are tried first (a bitmap AND of the GIN and ``published_ts`` indexes) and the
        window widens only while it holds fewer than ``limit`` matches. Without an edition
        filter, each language's configuration is asked in turn.
        """
        if filters.language is not None:
            configs = [config_for(filters.language)]
        else:
            configs = sorted({*setting("DATELINE_SEARCH_CONFIGS").values(), "simple"})
        for days in (*RECENT_WINDOWS_DAYS, None):
            since = None if days is None else now_ts - days * 86400
            found = self._candidates(query, configs, _narrowed(filters, since), now_ts, limit)
            if len(found) >= limit or days is None:
                return found
        return found

    def _candidates(
        self, query: ParsedQuery, configs: list[str], filters: Filters, now_ts: int, limit: int
    ) -> list[Candidate]:
        cases, matches, case_params, match_params = [], [], [], []
        for config in configs:
            tsquery, query_params = tsquery_sql(query, config)
            cases.append(f"WHEN e.config = %s::regconfig THEN ({tsquery})")
            matches.append(f"(e.config = %s::regconfig AND e.document @@ ({tsquery}))")
            case_params += [config, *query_params]
            match_params += [config, *query_params]
        where, params = filter_sql(filters, now_ts)
        # One query for every configuration (a bitmap OR of GIN scans reads each row once);
        # ts_rank reads the whole tsvector, so only the rows the LIMIT keeps are ranked.
        # "sort + 0": the planner underestimates common words and would walk the sort index
        # row by row, testing every tsvector (seconds at 1M rows); the matches of the
        # window, found through the indexes, are few enough to sort.
        sql = (
            "SELECT m.article_id, m.sort, ts_rank(m.document, m.q), m.published_ts, "
            "m.language, m.section_id, m.article_type_id, m.label_id "
            f"FROM (SELECT e.*, CASE {' '.join(cases)} END AS q FROM search_searchentry e "
            f"WHERE ({' OR '.join(matches)}) AND {where} ORDER BY e.sort + 0 LIMIT %s) m "
            "ORDER BY m.sort"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*case_params, *match_params, *params, limit])
            return [Candidate(*row) for row in cursor.fetchall()]

    def size_bytes(self) -> int | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('search_searchentry')")
            return cursor.fetchone()[0]
