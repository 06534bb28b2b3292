"""``GET /api/v1/search``: the same search as the public page, as JSON."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from dateline.public.dates import format_dateline
from dateline.public.urlbuilder import urls
from dateline.search.forms import SearchForm
from dateline.search.query import QueryError
from dateline.search.service import SearchResults, search

router = Router(tags=["search"])


class FacetSchema(Schema):
    key: str
    name: str
    count: int


class HitSchema(Schema):
    id: int
    url: str
    language: str
    title: str
    title_html: str
    snippet_html: str
    published_at: str
    dateline: str
    score: float


class ResultsSchema(Schema):
    query: str
    total: int
    total_is_lower_bound: bool
    page: int
    pages: int
    results: list[HitSchema]
    facets: dict[str, list[FacetSchema]]


class Error(Schema):
    detail: str


@router.get(
    "",
    response={200: ResultsSchema, 400: Error},
    summary="Full-text search of published articles, with facets",
    url_name="search",
)
def search_api(
    request: HttpRequest,
    q: str = "",
    edition: str = "",
    section: str = "",
    topic: str = "",
    type: str = "",
    label: str = "",
    since: str = "",
    until: str = "",
    page: str = "1",
):
    """Search for ``q`` ("phrases", -exclusions, prefix*), filtered by the facet parameters.

    An empty ``q``, an unknown filter value or a bad date answers 400 naming the parameter.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        raise HttpError(400, form.error_text())
    try:
        results = search(form.cleaned_data["q"], form.filters(), page=page)
    except QueryError as exc:
        raise HttpError(400, f"q: {exc}") from exc
    if results.query.is_empty:
        raise HttpError(400, "q: give at least one word to search for")
    return to_json(results)


def to_json(results: SearchResults) -> dict:
    """Return ``results`` as the API's JSON document (a pure function of the results)."""
    return {
        "query": results.query.text,
        "total": results.total,
        "total_is_lower_bound": results.total_is_lower_bound,
        "page": results.page.number,
        "pages": results.page.paginator.num_pages,
        "results": [
            {
                "id": hit.article.pk,
                "url": urls.absolute(urls.article(hit.article)),
                "language": hit.article.language,
                "title": hit.article.display_title,
                "title_html": str(hit.title),
                "snippet_html": str(hit.snippet),
                "published_at": hit.article.published_at.isoformat(),
                "dateline": format_dateline(hit.article.published_at, hit.article.language),
                "score": hit.score,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"key": v.key, "name": v.name, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
    }
