"""What each query parameter accepts, declared once for the OpenAPI document and the parsers.

The views read most parameters as strings and parse them themselves, so that a bad value gets
a 400 naming it (``pagination``, ``filters``); the declarations here tell clients and the
schema fuzzer exactly which values those parsers accept, in place of the ``string or null``
that pydantic would infer from ``str | None``.
"""

from __future__ import annotations

from collections.abc import Callable

from ninja import Field, Schema

from dateline.api.pagination import CURSOR_PATTERN, MAX_LIMIT, parse_limit
from dateline.conf import setting

# Slugs as the taxonomy stores them (Unicode letters allowed); the same expression refuses
# NUL bytes, which PostgreSQL cannot store in text.
SLUG_PATTERN = r"^[-\w]{1,100}$"
# An empty value is no filter at all, as an HTML form sends it.
SLUG_OR_EMPTY_PATTERN = r"^[-\w]{0,100}$"


def declared(**schema: object) -> Callable[[dict], None]:
    """Return a ``json_schema_extra`` that declares a parameter as ``schema``.

    Keeps the title, description and default pydantic wrote; ``schema`` replaces the type.
    """

    def replace(field_schema: dict) -> None:
        kept = {k: field_schema[k] for k in ("title", "description") if k in field_schema}
        field_schema.clear()
        field_schema.update(kept)
        field_schema.update(schema)

    return replace


def one_of_languages(field_schema: dict) -> None:
    """Declare a parameter as one of the site's languages (read when the document is built)."""
    declared(type="string", enum=list(setting("DATELINE_LANGUAGES")))(field_schema)


def cursor_field() -> object:
    return Field(
        None,
        description="Where the page starts: the next_cursor of the previous page (empty or "
        "absent for the first page).",
        json_schema_extra=declared(type="string", pattern=CURSOR_PATTERN),
    )


def limit_field() -> object:
    return Field(
        None,
        description=f"Items per page, 1 to {MAX_LIMIT} (default DATELINE_API_PAGE_SIZE).",
        json_schema_extra=declared(type="integer", minimum=1, maximum=MAX_LIMIT),
    )


def slug_filter(what: str) -> object:
    return Field(
        None,
        description=f"Only items of the {what} with this slug (empty: any).",
        json_schema_extra=declared(type="string", pattern=SLUG_OR_EMPTY_PATTERN),
    )


class PageQuery(Schema):
    """A page of a list: the cursor to start after and how many items to give."""

    cursor: str | None = cursor_field()
    limit: str | None = limit_field()


def page_limit(query: PageQuery) -> int:
    """Return the page size ``query`` asks for, or the configured default."""
    return parse_limit(query.limit, setting("DATELINE_API_PAGE_SIZE"))


class SlugPath(Schema):
    """A ``{slug}`` in the path; one that is not a slug names nothing (404)."""

    slug: str = Field(..., json_schema_extra=declared(type="string", pattern=SLUG_PATTERN))
