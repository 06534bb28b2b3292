"""SQL shared by the database backends: filters on the entry table ``e``."""

from __future__ import annotations

from dateline.search.backends.base import Filters


def filter_sql(filters: Filters, now_ts: int) -> tuple[str, list]:
    """Return the SQL condition on entry ``e`` for ``filters`` and visibility at ``now_ts``.

    Shared by the SQL backends: plain column comparisons both databases understand.
    """
    parts = ["e.published_ts <= %s", "(e.embargo_ts IS NULL OR e.embargo_ts <= %s)"]
    params: list = [now_ts, now_ts]
    for column in ("language", "section_id", "article_type_id", "label_id"):
        value = getattr(filters, column)
        if value is not None:
            parts.append(f"e.{column} = %s")
            params.append(value)
    if filters.since_ts is not None:
        parts.append("e.published_ts >= %s")
        params.append(filters.since_ts)
    if filters.until_ts is not None:
        parts.append("e.published_ts < %s")
        params.append(filters.until_ts)
    if filters.topic_id is not None:
        parts.append(
            "e.article_id IN (SELECT article_id FROM articles_article_topics WHERE topic_id = %s)"
        )
        params.append(filters.topic_id)
    return " AND ".join(parts), params
