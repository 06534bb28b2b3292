"""SQLite FTS5 search: our analysis (Arabic folding, Snowball stems) feeds a plain FTS5 index.

SQLite has no Arabic (or English) stemmer, so the index holds terms already analysed by
``dateline.analysis`` and the query is analysed the same way. The FTS5 rowid is the article's
sort key, so FTS5 yields matches newest first and a ``LIMIT`` stops early on common words.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction

from dateline.search.backends.base import Candidate, Filters, SearchBackend
from dateline.search.backends.sql import filter_sql
from dateline.search.documents import ENTRY_COLUMNS, SearchDocument
from dateline.search.query import Clause, ParsedQuery

SCHEMA = [
    # Columns: analysed title, analysed summary and body, each folded word once (prefixes).
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, raw, tokenize = 'unicode61 remove_diacritics 0')",
]
DROP = ["DROP TABLE IF EXISTS search_fts"]
# bm25 column weights: a word in the headline counts four times one in the body.
_BM25 = "bm25(search_fts, 4.0, 1.0, 0.0)"
_CHUNK = 500


def match_expression(query: ParsedQuery) -> str:
    """Return the FTS5 MATCH string of ``query``; every term is quoted, so no user syntax."""
    required = " AND ".join(_clause(c) for c in query.required)
    if not query.excluded:
        return required
    excluded = " OR ".join(_clause(c) for c in query.excluded)
    return f"({required}) NOT ({excluded})"


def _clause(clause: Clause) -> str:
    # Terms come from the tokenizer (letters and digits only), so quoting cannot be escaped.
    if clause.prefix:
        return f'raw : "{clause.prefix}" *'
    return '{title body} : "' + " ".join(clause.terms) + '"'


class SQLiteBackend(SearchBackend):
    name = "sqlite-fts5"

    def index(self, documents: Iterable[SearchDocument]) -> int:
        rows = [(d, d.title_terms(), d.body_terms(), d.raw_tokens()) for d in documents]
        if not rows:
            return 0
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, [d.article_id for d, *_ in rows])
            # Rows whose entry went with a deleted article (or a database flush) would
            # otherwise block their sort key forever.
            self._delete_rowids(cursor, [d.sort for d, *_ in rows])
            cursor.executemany(
                f"INSERT INTO search_searchentry ({ENTRY_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                [d.entry_row() for d, *_ in rows],
            )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body, raw) VALUES (%s, %s, %s, %s)",
                [(d.sort, title, body, raw) for d, title, body, raw in rows],
            )
        return len(rows)

    def remove(self, article_ids: Iterable[int]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            self._delete(cursor, list(article_ids))

    def _delete(self, cursor, article_ids: list[int]) -> None:
        old_sorts = []
        for start in range(0, len(article_ids), _CHUNK):
            chunk = article_ids[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT sort FROM search_searchentry WHERE article_id IN ({marks})", chunk
            )
            old_sorts += [sort for (sort,) in cursor.fetchall()]
            cursor.execute(f"DELETE FROM search_searchentry WHERE article_id IN ({marks})", chunk)
        self._delete_rowids(cursor, old_sorts)

    def _delete_rowids(self, cursor, sorts: list[int]) -> None:
        # One rowid at a time: FTS5 looks up "rowid = ?" directly but scans for "rowid IN".
        cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(s,) for s in sorts])

    def clear(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")
            cursor.execute("DELETE FROM search_searchentry")

    def candidates(
        self, query: ParsedQuery, filters: Filters, now_ts: int, limit: int
    ) -> list[Candidate]:
        where, params = filter_sql(filters, now_ts)
        sql = (
            f"SELECT e.article_id, e.sort, -{_BM25}, e.published_ts, e.language, "
            "e.section_id, e.article_type_id, e.label_id "
            "FROM search_fts JOIN search_searchentry e ON e.sort = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where} ORDER BY search_fts.rowid LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match_expression(query), *params, limit])
            return [Candidate(*row) for row in cursor.fetchall()]

    def size_bytes(self) -> int | None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search\\_%' ESCAPE '\\'"
                )
                return cursor.fetchone()[0]
        except DatabaseError:  # dbstat is a compile-time option of SQLite
            return None
