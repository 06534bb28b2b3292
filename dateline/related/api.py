"""``GET /api/v1/articles/{id}/related``: the reference's related-items JSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from dateline.api import links
from dateline.articles.models import Article
from dateline.related.engine import explained_items, related_items
from dateline.related.formats import explained_item, reference_items

router = Router(tags=["related"])


class RelatedItem(Schema):
    """One related item exactly as the reference site wrote it: every value a string.

    With ``?explain=1`` each item also carries ``score``, ``reasons`` and ``pinned``.
    """

    id: str
    sort: str
    contenttypeid: str
    pic: str
    title: str
    score: float | None = None
    reasons: str | None = None
    pinned: bool | None = None


class Error(Schema):
    detail: str


@router.get(
    "/{int:article_id}/related",
    response={200: list[RelatedItem], 404: Error},
    summary="Related items of an article, oldest first",
    exclude_unset=True,
    openapi_extra=links.declare(
        article=links.to(links.ARTICLE, "The first related article", article_id=links.body("/0/id"))
    ),
)
def related(request: HttpRequest, article_id: int, explain: bool = False):
    """Return the related items of a published article in the reference shape, oldest
    first; ``explain=1`` adds each item's score and reasons."""
    article = Article.objects.public().filter(pk=article_id).first()
    if article is None:
        raise Http404(f"No published article with id {article_id}")
    if explain:
        return [explained_item(e) for e in explained_items(article)]
    return reference_items(related_items(article))
