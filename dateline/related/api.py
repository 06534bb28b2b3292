"""``GET /api/v1/articles/{id}/related``: the reference's related-items JSON."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from dateline.articles.models import Article
from dateline.related.engine import related_items
from dateline.related.formats import reference_items

router = Router(tags=["related"])


class RelatedItem(Schema):
    """One related item exactly as the reference site wrote it: every value a string."""

    id: str
    sort: str
    contenttypeid: str
    pic: str
    title: str


class Error(Schema):
    detail: str


@router.get(
    "/{int:article_id}/related",
    response={200: list[RelatedItem], 404: Error},
    summary="Related items of an article, oldest first",
)
def related(request: HttpRequest, article_id: int):
    """Return the related items of a published article in the reference shape, oldest first."""
    article = Article.objects.public().filter(pk=article_id).first()
    if article is None:
        raise Http404(f"No published article with id {article_id}")
    return reference_items(related_items(article))
