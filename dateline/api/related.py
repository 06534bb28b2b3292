"""``GET /api/v1/articles/{id}/related``: the reference's related-items JSON."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from dateline.api import links, operations
from dateline.articles.models import Article
from dateline.related.engine import by_rank, explained_items, related_items
from dateline.related.formats import explained_item, reference_items

router = Router(tags=["related"])


class RelatedItem(Schema):
    """One related item exactly as the reference site wrote it: every value a string.

    With ``?explain=1`` each item also carries ``rank``, ``score``, ``reasons``, ``pinned`` and
    ``language``.
    """

    id: str
    sort: str
    contenttypeid: str
    pic: str
    title: str
    rank: int | None = Field(
        None, description="With explain=1: 1 for the best item; editor pins rank first."
    )
    score: float | None = Field(
        None,
        description="With explain=1: the engine's score (higher is closer; null when pinned "
        "or chosen without one). Scores fall as rank rises.",
    )
    reasons: str | None = Field(None, description="With explain=1: why the item is listed.")
    pinned: bool | None = Field(None, description="With explain=1: an editor pinned it.")
    language: str | None = Field(
        None,
        description="With explain=1: the item's language code; items in another language than "
        "the article's (DATELINE_RELATED_OTHER_LANGUAGES) come after its own.",
    )


class RelatedQuery(Schema):
    explain: bool = Field(
        False,
        description="Add each item's rank, score, reasons, whether it is pinned and its language.",
    )
    order: Literal["oldest", "rank"] = Field(
        "oldest",
        description="oldest: the reference's order (editor pins, then oldest first); "
        "rank: best first.",
    )


class Error(Schema):
    detail: str


@router.get(
    "/{int:article_id}/related",
    operation_id=operations.RELATED,
    response={200: list[RelatedItem], 404: Error},
    summary="Related items of an article, oldest first (or best first with order=rank)",
    exclude_unset=True,
    openapi_extra=links.declare(
        article=links.to(
            operations.ARTICLE, "The first related article", article_id=links.body("/0/id")
        )
    ),
)
def related(request: HttpRequest, article_id: int, params: Query[RelatedQuery]):
    """Return the related items of a published article in the reference shape, oldest
    first (``order=rank``: best first); ``explain=1`` adds each item's rank, score, reasons,
    whether an editor pinned it and its language. Without parameters the answer is the
    reference's."""
    article = Article.objects.public().filter(pk=article_id).first()
    if article is None:
        raise Http404(f"No published article with id {article_id}")
    if not params.explain and params.order == "oldest":
        return reference_items(related_items(article))
    found = explained_items(article)
    if params.order == "rank":
        found = by_rank(found)
    if params.explain:
        return [explained_item(e) for e in found]
    return reference_items(e.article for e in found)
