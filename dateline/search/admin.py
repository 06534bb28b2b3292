"""The admin's article search through the search backend (stems, Arabic variants, phrases).

The article admin mixes ``BackendSearchMixin`` in: published articles are found by the
backend, drafts and other unindexed items by the admin's usual ``search_fields`` lookup.
"""

from __future__ import annotations

from dateline.search.backends.base import Filters
from dateline.search.query import QueryError, parse_query
from dateline.search.service import backend

# Far enough ahead that embargoed and scheduled items are found too: editors see everything.
_EDITORS_HORIZON = 2**62


class BackendSearchMixin:
    """A ``ModelAdmin`` mixin for Article admins."""

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        try:
            query = parse_query(search_term)
        except QueryError:
            return found, duplicates
        if query.is_empty:
            return found, duplicates
        limit = 1000
        ids = [
            c.article_id for c in backend().candidates(query, Filters(), _EDITORS_HORIZON, limit)
        ]
        return found | queryset.filter(pk__in=ids), duplicates
