"""Public desk pages: the corrections page and signed previews."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.desk import revisions
from dateline.desk.corrections import public_corrections
from dateline.site import preview as previews


def corrections(request: HttpRequest) -> HttpResponse:
    """List the corrections, clarifications and updates of this edition, newest first."""
    items = public_corrections().filter(article__language=translation.get_language())
    page = Paginator(items, setting("DATELINE_FRONT_PAGE_SIZE")).get_page(request.GET.get("page"))
    return render(request, "desk/corrections_page.html", {"page": page})


def preview(request: HttpRequest, token: str) -> HttpResponse:
    """Render an unpublished item (or a live item's working copy) for a signed link."""
    article_id = previews.read_token(token)
    article = Article.objects.filter(pk=article_id).first() if article_id else None
    if article is None or article.status == Article.Status.KILLED:
        raise Http404("This preview link is invalid or has expired.")
    draft = revisions.working_copy(article)
    if draft is not None:
        revisions.apply(article, draft.data)
    with translation.override(article.language):
        response = render(
            request,
            "public/article.html",
            {"article": article, "related": [], "topics": list(article.topics.all())},
        )
    # A preview must never be cached by a shared cache or indexed by a search engine.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    previews.grant_media(response, article.pk, token)
    return response
