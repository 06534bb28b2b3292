"""The one place that builds URLs: templates, API, feeds, sitemaps and the baker all use it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from django.conf import settings
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

from dateline.conf import setting

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dateline.articles.models import Article
    from dateline.fronts.models import Front
    from dateline.people.models import Person
    from dateline.stories.models import Story
    from dateline.taxonomy.models import Section, Topic


# The characters reverse() leaves as they are in a path (django.urls.resolvers).
_PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def canonical_path(path: str) -> str:
    """Return ``path`` in the one form the site compares, keys, bakes and looks paths up in.

    ``request.path`` is decoded (``/ar/news/1/خبر/``) while ``reverse()`` and so every URL the
    site writes is percent-encoded (``/ar/news/1/%D8%AE%D8%A8%D8%B1/``); comparing the two never
    matches for a non-ASCII slug. Either form, with upper- or lower-case hex, comes back
    percent-encoded exactly as ``reverse()`` encodes it; applying it twice changes nothing.
    A query string is not part of ``path``.
    """
    return quote(unquote(path), safe=_PATH_SAFE)


def request_path(request: HttpRequest) -> str:
    """Return the canonical form (``canonical_path``) of the path ``request`` asked for."""
    return canonical_path(request.path)


def _edition(language: str | None) -> str:
    editions = setting("DATELINE_LANGUAGES")
    if language in editions:
        return language
    active = translation.get_language()
    return active if active in editions else editions[0]


# Values a path takes as they are: reverse() would neither encode nor refuse them.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
# Stand-ins reverse() is given once per route and edition, replaced by the values after:
# numbers, since every converter the routes use (int, slug, str) takes one.
_STAND_IN = 918273645546372810


def _plain(value: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return value >= 0
    return isinstance(value, str) and _PLAIN.fullmatch(value) is not None


class UrlBuilder:
    """Build site-relative paths, and absolute URLs with ``absolute()``."""

    def __init__(self) -> None:
        self._shapes: dict[tuple, str] = {}

    def _reverse(self, name: str, language: str | None, **kwargs) -> str:
        edition = _edition(language)
        if not all(_plain(value) for value in kwargs.values()):
            with translation.override(edition):
                return reverse(name, kwargs=kwargs or None)
        # reverse() resolves the route anew for every link (5% of an article page); its
        # shape is the same for every id and plain slug, so it is asked once per route,
        # edition, URL configuration and script prefix.
        urlconf = get_urlconf()
        key = (name, edition, tuple(sorted(kwargs)), get_resolver(urlconf), get_script_prefix())
        shape = self._shapes.get(key)
        if shape is None:
            shape = self._shape(name, edition, list(kwargs), urlconf)
            self._shapes[key] = shape
        return shape.format(**kwargs)

    @staticmethod
    def _shape(name: str, edition: str, names: list[str], urlconf: str | None) -> str:
        """Return the path of route ``name`` as a format string with one field per kwarg."""
        stand_ins = {key: _STAND_IN + n for n, key in enumerate(names)}
        with translation.override(edition):
            path = reverse(name, kwargs=stand_ins or None, urlconf=urlconf)
        shape = path.replace("{", "{{").replace("}", "}}")
        for key, value in stand_ins.items():
            shape = shape.replace(str(value), "{" + key + "}", 1)
        return shape

    def home(self, language: str | None = None) -> str:
        return self._reverse("public:home", language)

    def article(self, article: Article) -> str:
        slug = article.slug or "-"
        return self._reverse("public:article", article.language, pk=article.pk, slug=slug)

    def section(self, section: Section, language: str | None = None) -> str:
        return self._reverse("public:section", language, slug=section.slug)

    def topic(self, topic: Topic, language: str | None = None) -> str:
        return self._reverse("public:topic", language, slug=topic.slug)

    def front(self, front: Front) -> str:
        """Return the address of an arranged front: its edition's home, its section's front
        or its landing page."""
        if front.kind == "home":
            return self.home(front.language)
        if front.kind == "section":
            return self.section(front.section, front.language)
        return self._reverse("public:front", front.language, slug=front.slug)

    def hit(self, article: Article) -> str:
        """Return the read beacon's endpoint for ``article`` (outside the editions)."""
        return reverse("read-hit", kwargs={"pk": article.pk})

    def story(self, story: Story, language: str | None = None) -> str:
        return self._reverse("public:story", language, pk=story.pk)

    def author(self, person: Person, language: str | None = None) -> str:
        return self._reverse("public:author", language, slug=person.slug)

    def api_author(self, person: Person) -> str:
        return f"/api/v1/authors/{person.slug}"

    def media(self, path: str) -> str:
        """Return the URL of a stored media file given its reference path."""
        return settings.MEDIA_URL.rstrip("/") + quote(path)

    def live_entries(self, article: Article) -> str:
        """Return the update resource of a live item (``dateline.live.views.entries``)."""
        return self._reverse("public:live-entries", article.language, pk=article.pk)

    def related_json(self, article: Article) -> str:
        return f"/api/v1/articles/{article.pk}/related"

    def api_article(self, article: Article) -> str:
        return f"/api/v1/articles/{article.pk}"

    def absolute(self, path: str) -> str:
        """Return ``path`` joined to ``DATELINE_SITE_URL``."""
        return setting("DATELINE_SITE_URL").rstrip("/") + path


urls = UrlBuilder()
