"""The reader site: fronts, section and topic pages, story timelines and the article page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from dateline.articles.models import Article
from dateline.articles.paginator import CappedPaginator
from dateline.conf import setting
from dateline.fronts import blocks
from dateline.related.engine import related_items
from dateline.site.urlbuilder import request_path, urls
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
    """Send the bare domain to the reader's edition: the one they last switched to (the
    language cookie the edition switcher sets), else the first of their browser's languages
    (``Accept-Language``) that is an edition, else the default edition."""
    editions = setting("DATELINE_LANGUAGES")
    # Django's own order: the language cookie, then Accept-Language, then LANGUAGE_CODE.
    chosen = translation.get_language_from_request(request)
    response = redirect(urls.home(chosen if chosen in editions else editions[0]))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def home(request: HttpRequest) -> HttpResponse:
    """Render an edition's front: its arranged layout, or the automatic front."""
    edition = _edition()
    front = blocks.front_for(edition, "home")
    shown = blocks.resolve(front, edition)
    context = {"blocks": shown, "front": front, "listed": _shown_items(shown)}
    return render(request, "public/home.html", context)


def _shown_items(shown: list[blocks.ShownBlock]) -> list[Article]:
    return [item for block in shown for item in block.items]


def section(request: HttpRequest, slug: str) -> HttpResponse:
    """Render a section's front: its arranged layout on the first page, else (and on later
    pages) its items newest first."""
    section = get_object_or_404(Section, slug=slug)
    edition = _edition()
    context = {"title": _section_name(section, edition), "kind": "section", "subject": section}
    context["feed_scope"] = Scope("section", obj=section)
    if not request.GET.get("page"):
        front = blocks.front_for(edition, "section", section=section)
        shown = blocks.resolve(front, edition, section=section, fallback=False)
        if shown:
            context.update(blocks=shown, front=front, listed=_shown_items(shown))
            return render(request, "public/front.html", context)
    items = Article.objects.public().for_listing().filter(section=section, language=edition)
    takeover = blocks.takeover_block(edition)
    if takeover is not None:
        # The takeover tops the first page; the list never shows it a second time.
        items = items.exclude(pk=takeover.lead.pk)
    context["page"] = _page(request, items.newest_first())
    if context["page"].number == 1:
        context["takeover"] = takeover
    return render(request, "public/listing.html", context)


def landing(request: HttpRequest, slug: str) -> HttpResponse:
    """Render a landing page a newsroom arranged (elections, a topic, a developing story)."""
    edition = _edition()
    front = blocks.front_for(edition, "landing", slug=slug)
    if front is None:
        raise Http404("No such page.")
    shown = blocks.resolve(front, edition, fallback=False) or []
    context = {"title": front.title or front.slug, "kind": "landing", "subject": None}
    context.update(blocks=shown, front=front, listed=_shown_items(shown))
    return render(request, "public/front.html", context)


def _section_name(section: Section, edition: str) -> str:
    return section.name_ar if edition == "ar" and section.name_ar else section.name


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    items = Article.objects.public().for_listing().filter(topics=topic, language=_edition())
    page = _page(request, items.newest_first())
    context = {"title": topic.name, "page": page, "kind": "topic", "subject": topic}
    context["feed_scope"] = Scope("topic", obj=topic)
    return render(request, "public/listing.html", context)


def story(request: HttpRequest, pk: int) -> HttpResponse:
    """Render a story's timeline, oldest first, a page at a time."""
    story = get_object_or_404(Story, pk=pk)
    if story.merged_into_id:
        # Merges are flattened (a story never points at a merged one), so one hop suffices.
        return HttpResponsePermanentRedirect(urls.story(story.merged_into))
    items = Article.objects.public().for_listing().filter(story=story).order_by("-sort")
    page = _page(request, items)
    if not page.object_list:
        raise Http404("This story has no published items.")
    context = {"story": story, "page": page, "timeline": list(page.object_list)}
    context["feed_scope"] = Scope("story", obj=story)
    return render(request, "public/story.html", context)


def article(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    """Render an article with its dateline, body, signature and related items."""
    found = (
        Article.objects.select_related(
            "signature__desk", "lead_media__poster", "label", "section", "story"
        )
        # The head's structured data and the foot both show the corrections: read them once.
        .prefetch_related("corrections")
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
