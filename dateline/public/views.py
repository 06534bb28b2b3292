"""The reader site: fronts, section and topic pages, story timelines and the article page."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation

from dateline.articles.models import Article
from dateline.articles.paginator import CappedPaginator
from dateline.conf import setting
from dateline.public.urlbuilder import request_path, urls
from dateline.related.engine import related_items
from dateline.stories.models import Story
from dateline.syndication.scopes import Scope
from dateline.taxonomy.models import Section, Topic


def _edition() -> str:
    return translation.get_language() or setting("DATELINE_LANGUAGES")[0]


def _page(request: HttpRequest, queryset) -> object:
    # Counting a section of a million-article archive costs more than the page itself; the
    # capped count stops at 10,000 rows. get_page turns "0", "-1", "abc" and "9999" into a
    # valid page, never an error.
    paginator = CappedPaginator(queryset, setting("DATELINE_FRONT_PAGE_SIZE"))
    return paginator.get_page(request.GET.get("page"))


def root(request: HttpRequest) -> HttpResponse:
    """Send the bare domain to the default edition."""
    return redirect(urls.home(setting("DATELINE_LANGUAGES")[0]))


def home(request: HttpRequest) -> HttpResponse:
    """Render an edition's front: urgent items first, then the latest."""
    edition = _edition()
    public = Article.objects.public().for_listing().filter(language=edition)
    # An urgent item leads the front until its breaking end time, when the desk set one.
    still_breaking = Q(breaking_until__isnull=True) | Q(breaking_until__gt=timezone.now())
    urgent = list(public.filter(still_breaking, label__is_breaking=True).newest_first()[:3])
    latest = list(public.exclude(pk__in=[a.pk for a in urgent]).newest_first()[:30])
    sections = Section.objects.all()
    return render(
        request,
        "public/home.html",
        {"urgent": urgent, "lead": latest[:1], "latest": latest[1:], "sections": sections},
    )


def section(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    items = Article.objects.public().for_listing().filter(section=section, language=_edition())
    page = _page(request, items.newest_first())
    context = {"title": section.name, "page": page, "kind": "section", "subject": section}
    context["feed_scope"] = Scope("section", obj=section)
    return render(request, "public/listing.html", context)


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    items = Article.objects.public().for_listing().filter(topics=topic, language=_edition())
    page = _page(request, items.newest_first())
    context = {"title": topic.name, "page": page, "kind": "topic", "subject": topic}
    context["feed_scope"] = Scope("topic", obj=topic)
    return render(request, "public/listing.html", context)


def story(request: HttpRequest, pk: int) -> HttpResponse:
    """Render a story's timeline, oldest first."""
    story = get_object_or_404(Story, pk=pk)
    if story.merged_into_id:
        # Merges are flattened (a story never points at a merged one), so one hop suffices.
        return HttpResponsePermanentRedirect(urls.story(story.merged_into))
    timeline = list(
        Article.objects.public().for_listing().filter(story=story).order_by("-sort")[:500]
    )
    if not timeline:
        raise Http404("This story has no published items.")
    context = {"story": story, "timeline": timeline, "feed_scope": Scope("story", obj=story)}
    return render(request, "public/story.html", context)


def article(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    """Render an article with its dateline, body, signature and related items."""
    found = (
        Article.objects.select_related(
            "signature__desk", "lead_media__poster", "label", "section", "story"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such article.")
    if found.status == Article.Status.KILLED:
        return render(request, "public/gone.html", status=410)
    if not found.is_public:
        raise Http404("No such article.")
    canonical = urls.article(found)
    if request_path(request) != canonical:
        return HttpResponsePermanentRedirect(canonical)
    context = {
        "article": found,
        "related": related_items(found),
        "topics": list(found.topics.all()),
    }
    return render(request, "public/article.html", context)
