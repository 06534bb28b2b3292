"""The reader's search page, one per edition: ``/<edition>/search/?q=...``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from dateline.conf import setting
from dateline.search.forms import SearchForm
from dateline.search.query import QueryError
from dateline.search.service import search


def search_page(request: HttpRequest) -> HttpResponse:
    """Search the current edition; invalid parameters answer 400 with the form and a reason."""
    edition = translation.get_language() or setting("DATELINE_LANGUAGES")[0]
    form = SearchForm(request.GET or None)
    context = {"form": form, "results": None, "error": "", "q": request.GET.get("q", "")}
    if form.is_bound and form.is_valid():
        try:
            context["results"] = search(
                form.cleaned_data["q"],
                form.filters(edition=edition),
                page=request.GET.get("page"),
                language=edition,
            )
        except QueryError as exc:
            context["error"] = str(exc)
    elif form.is_bound:
        context["error"] = form.error_text()
    status = 400 if context["error"] else 200
    return render(request, "search/results.html", context, status=status)
