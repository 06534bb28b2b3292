"""Search settings, registered in the one settings registry (``dateline.conf``)."""

from dateline.conf import register

register(
    "DATELINE_SEARCH_CONFIGS",
    {"en": "english", "ar": "arabic"},
    "PostgreSQL text search configuration per language; other languages use 'simple'.",
)
register("DATELINE_SEARCH_PAGE_SIZE", 20, "Search results per page (page and API).")
register(
    "DATELINE_SEARCH_MAX_CANDIDATES",
    500,
    "How many of the newest matching articles are ranked and counted in facets; more "
    "matches are reported as a lower bound.",
)
register(
    "DATELINE_SEARCH_HALF_LIFE_DAYS",
    30,
    "Age in days at which recency's boost to relevance halves (it never more than halves it).",
)
register("DATELINE_SEARCH_MAX_QUERY_LENGTH", 500, "Longest search query accepted, in characters.")
