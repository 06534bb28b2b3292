"""``GET /api/v1/search``: the same search as the public page, as JSON."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from dateline.api import operations
from dateline.api.params import SLUG_OR_EMPTY_PATTERN
from dateline.conf import setting
from dateline.search.forms import SearchForm
from dateline.search.query import QueryError
from dateline.search.service import SearchResults, search
from dateline.site.dates import format_dateline
from dateline.site.urlbuilder import urls

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


def _query_length(field_schema: dict) -> None:
    # Read when the document is built: the limit is a setting.
    field_schema.update(minLength=1, maxLength=setting("DATELINE_SEARCH_MAX_QUERY_LENGTH"))


def _editions(field_schema: dict) -> None:
    field_schema.update(type="string", enum=["", *setting("DATELINE_LANGUAGES")])


def _facet(what: str) -> object:
    return Field(
        "",
        description=f"Only articles of the {what} with this slug or code; one that does not "
        "exist answers 400 naming it (empty: any).",
        json_schema_extra={"pattern": SLUG_OR_EMPTY_PATTERN},
    )


def _day(what: str) -> object:
    return Field(
        "",
        description=f"Only articles published {what} (YYYY-MM-DD; empty: no bound); a start "
        "after the end answers 400.",
        json_schema_extra={"anyOf": [{"format": "date"}, {"maxLength": 0}]},
    )


class SearchQuery(Schema):
    """The query string; ``SearchForm`` reads it (the declarations say what it accepts)."""

    q: str = Field(
        ...,
        description='Words to find: "phrases", -exclusions, prefix*. A query with no word '
        "left to search for (only operators, punctuation or stop words) answers 400.",
        json_schema_extra=_query_length,
    )
    edition: str = Field(
        "", description="Only articles of this edition (empty: all).", json_schema_extra=_editions
    )
    section: str = _facet("section")
    topic: str = _facet("topic")
    type: str = _facet("content type")
    label: str = _facet("label")
    since: str = _day("on or after this day")
    until: str = _day("on or before this day")
    page: str = Field(
        "1",
        description="The page of results, from 1: a value that is not a page number gives "
        "the first page, one past the last page the last.",
    )


@router.get(
    "",
    operation_id=operations.SEARCH,
    response={200: ResultsSchema, 400: Error},
    summary="Full-text search of published articles, with facets",
    url_name="search",
    openapi_extra={
        "responses": {
            "400": {
                "description": "q has no word to search for or is too long, a facet names "
                "nothing that exists, a date is not a date, or since is after until; the "
                "detail names the parameter."
            }
        }
    },
)
def search_api(request: HttpRequest, params: Query[SearchQuery]):
    """Search for ``q`` ("phrases", -exclusions, prefix*), filtered by the facet parameters.

    An empty ``q``, an unknown filter value or a bad date answers 400 naming the parameter.
    """
    form = SearchForm(request.GET)
    if not form.is_valid():
        raise HttpError(400, form.error_text())
    try:
        results = search(form.cleaned_data["q"], form.filters(), page=params.page)
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
