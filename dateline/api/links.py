"""OpenAPI links: which value of one operation's answer names the resource of another.

A client (or the stateful fuzzer in tests/hardening) follows them from a list to its first
item, from an item to what it refers to, and from a page to the next. Each operation lists
its links in its decorator as ``openapi_extra=links.declare(...)``; the targets are the
operation ids of ``operations.py``.
"""

from __future__ import annotations

from dateline.api import operations


def body(pointer: str) -> str:
    """Return the runtime expression of the value at JSON ``pointer`` in the response body."""
    return f"$response.body#{pointer}"


def path(name: str) -> str:
    """Return the runtime expression of the request's path parameter ``name``."""
    return f"$request.path.{name}"


def to(operation_id: str, description: str, **parameters: str) -> dict:
    """Return one link to ``operation_id``, each parameter given by a runtime expression."""
    return {"operationId": operation_id, "parameters": parameters, "description": description}


def declare(status: int = 200, response: dict | None = None, **named: dict) -> dict:
    """Return the ``openapi_extra`` that adds the ``named`` links to the ``status`` response.

    ``status`` is an int, as ninja keys its responses, so the links join that response;
    ``response`` describes the response itself where ninja cannot (another media type).
    """
    return {"responses": {status: {**(response or {}), "links": named}}}


_ARTICLE_DOCUMENTS = {
    "article": (operations.ARTICLE, "The article"),
    "ninjs": (operations.ARTICLE_NINJS, "The article as IPTC ninjs"),
    "related": (operations.RELATED, "The article's related items"),
}


def article_links(id_expression: str, *names: str) -> dict:
    """Return the links from an article's id to its documents ``names`` (default: all)."""
    chosen = names or tuple(_ARTICLE_DOCUMENTS)
    return {
        name: to(target, text, article_id=id_expression)
        for name, (target, text) in _ARTICLE_DOCUMENTS.items()
        if name in chosen
    }


def summary_links(prefix: str) -> dict:
    """Return the links from an article summary at ``prefix`` to what it refers to."""
    return {
        "section": to(operations.SECTION, "Its section", slug=body(f"{prefix}/section/slug")),
        "story": to(operations.STORY, "Its story", story_id=body(f"{prefix}/story_id")),
        "lead_media": to(
            operations.MEDIA, "Its lead picture or video", media_id=body(f"{prefix}/lead_media/id")
        ),
    }


def next_page(operation_id: str) -> dict:
    """Return the link from a cursor page to the next page of the same list."""
    return {"next_page": to(operation_id, "The next page", cursor=body("/next_cursor"))}
