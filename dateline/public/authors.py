"""Author pages: a person's profile and their published items in the edition's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from dateline.articles.paginator import keyset_page
from dateline.conf import setting
from dateline.people.credits import articles_by
from dateline.people.models import Person


def author(request: HttpRequest, slug: str) -> HttpResponse:
    """Render a person's page: photo, title, bio, links and their public items, newest first,
    paged by key (``?after=`` older, ``?before=`` newer)."""
    person = get_object_or_404(Person, slug=slug)
    edition = translation.get_language() or setting("DATELINE_LANGUAGES")[0]
    items = articles_by(person).public().for_listing().filter(language=edition)
    page = keyset_page(
        items,
        setting("DATELINE_FRONT_PAGE_SIZE"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    context = {
        "person": person,
        "name": person.name_in(edition),
        "title": person.title_in(edition),
        "bio": person.bio_in(edition),
        "page": page,
    }
    return render(request, "public/author.html", context)
