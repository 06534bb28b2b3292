"""``/api/v1/authors``: the people credited on public articles, and each one's articles."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema

from dateline.api import operations
from dateline.api.conditional import cached_json
from dateline.api.filters import is_slug
from dateline.api.formats import article_summary, person_item
from dateline.api.pagination import cursor_page
from dateline.api.params import PageQuery, SlugPath, page_limit
from dateline.api.schemas import ArticlePage, MediaItem
from dateline.articles.models import Article
from dateline.people.credits import articles_by, credited_people, with_credits
from dateline.people.models import Person

router = Router(tags=["authors"])


class PersonItem(Schema):
    slug: str
    name: str
    name_ar: str
    title: str
    title_ar: str
    bio: str
    bio_ar: str
    is_active: bool
    photo: MediaItem | None
    links: list[str]
    urls: dict[str, str]
    api_url: str


class PersonPage(Schema):
    items: list[PersonItem]
    next_cursor: str | None


def _found(slug: str) -> Person:
    person = credited_people().filter(slug=slug).first() if is_slug(slug) else None
    if person is None:
        raise Http404(f"No author {slug!r} credited on a public article")
    return person


@router.get(
    "",
    operation_id=operations.AUTHORS,
    summary="People credited on public articles (cursor on id)",
    response={200: PersonPage},
)
def list_authors(request: HttpRequest, page: Query[PageQuery]):
    people = credited_people().select_related("photo__poster").prefetch_related("links")
    rows, next_cursor = cursor_page(people, "id", page.cursor, page_limit(page))
    return cached_json(
        request, {"items": [person_item(p) for p in rows], "next_cursor": next_cursor}
    )


@router.get(
    "/{slug}", operation_id=operations.AUTHOR, summary="One author", response={200: PersonItem}
)
def get_author(request: HttpRequest, path: Path[SlugPath]) -> HttpResponse:
    return cached_json(request, person_item(_found(path.slug)))


@router.get(
    "/{slug}/articles",
    operation_id=operations.AUTHOR_ARTICLES,
    summary="An author's public articles, newest first (cursor on sort)",
    response={200: ArticlePage},
)
def author_articles(
    request: HttpRequest, page: Query[PageQuery], path: Path[SlugPath]
) -> HttpResponse:
    person = _found(path.slug)
    items = with_credits(Article.objects.public().for_listing().filter(pk__in=articles_by(person)))
    rows, next_cursor = cursor_page(items, "sort", page.cursor, page_limit(page))
    payload = {"items": [article_summary(a) for a in rows], "next_cursor": next_cursor}
    return cached_json(request, payload)
