"""Buildable views: each kind of baked page lists its paths and the paths an article touches.

The pages themselves are rendered by the site's own views (see ``rendering``); a buildable
only knows *which* paths exist. Add a kind by one line in ``DATELINE_PUBLISH_BUILDABLES``,
for example a feed: ``LatestPages("feeds", lambda language: [urls.feed(language)])``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator

from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.site.urlbuilder import urls
from dateline.stories.models import Story
from dateline.taxonomy.models import Section, Topic


def _languages() -> list[str]:
    return list(setting("DATELINE_LANGUAGES"))


def _view_name(path: str) -> str | None:
    try:
        return resolve(path.split("?", 1)[0]).view_name
    except Resolver404:
        return None


class Buildable:
    """One kind of baked page. Override ``paths``, ``paths_for`` and ``owns``."""

    name = ""
    # After a change, kinds with a lower urgency are rebuilt first: the article itself, the
    # fronts and the edition feeds are what readers open for news; the long tail comes after.
    urgency = 5

    def urgency_of_path(self, path: str) -> int:
        """Return how soon ``path`` is rebuilt after a change (lower is sooner)."""
        return self.urgency

    def paths(self, latest: int | None = None) -> Iterable[str]:
        """Return every path of this kind for a full bake (article kinds: the ``latest`` only)."""
        return []

    def paths_for(self, article: Article) -> Iterable[str]:
        """Return the paths that should show ``article`` in its current state.

        Pages that showed it before are found from the dependency record; this adds the
        pages it newly belongs on (its own page, its fronts)."""
        return []

    def owns(self, path: str) -> bool:
        """Return whether a requested ``path`` is a page of this kind (baked on first read)."""
        return False


def _public_rows(latest: int | None) -> Iterator[Article]:
    rows = Article.objects.public().order_by("sort").values_list("pk", "slug", "language")
    if latest is not None:
        rows = rows[:latest]
    for pk, slug, language in rows.iterator(chunk_size=5000):
        yield Article(pk=pk, slug=slug, language=language)


class PerArticle(Buildable):
    """A page per public article, its path given by ``path_of``."""

    path_of: Callable[[Article], str]
    view_names: tuple[str, ...] = ()
    pattern: re.Pattern | None = None

    def paths(self, latest: int | None = None) -> Iterator[str]:
        for article in _public_rows(latest):
            yield self.path_of(article)

    def paths_for(self, article: Article) -> list[str]:
        return [self.path_of(article)]

    def owns(self, path: str) -> bool:
        if self.pattern is not None:
            return bool(self.pattern.match(path))
        return _view_name(path) in self.view_names


class ArticlePages(PerArticle):
    name = "article"
    urgency = 0
    view_names = ("public:article",)

    def path_of(self, article: Article) -> str:
        return urls.article(article)


class RelatedJson(PerArticle):
    name = "related-json"
    urgency = 4
    pattern = re.compile(r"^/api/v1/articles/\d+/related$")

    def path_of(self, article: Article) -> str:
        return urls.related_json(article)


class ApiArticles(PerArticle):
    """The API's article documents; baked once the API serves ``/api/v1/articles/<id>``."""

    name = "api-article"
    urgency = 3
    pattern = re.compile(r"^/api/v1/articles/\d+$")

    def available(self) -> bool:
        return _view_name("/api/v1/articles/1") is not None

    def paths(self, latest: int | None = None) -> Iterator[str]:
        return super().paths(latest) if self.available() else iter(())

    def paths_for(self, article: Article) -> list[str]:
        return super().paths_for(article) if self.available() else []

    def path_of(self, article: Article) -> str:
        return urls.api_article(article)


def _live_items():
    from dateline.live.models import LIVE_TYPE_ID

    return Article.objects.public().filter(article_type_id=LIVE_TYPE_ID)


class LiveEntries(PerArticle):
    """The update resource of each public live item (``dateline.live``): what open reader
    pages poll, so it is rebuilt first, with the item's own page."""

    name = "live-entries"
    urgency = 0
    view_names = ("public:live-entries",)

    def paths(self, latest: int | None = None) -> Iterator[str]:
        rows = _live_items().order_by("sort")
        if latest is not None:
            rows = rows[:latest]
        for pk, language in rows.values_list("pk", "language").iterator():
            yield self.path_of(Article(pk=pk, language=language))

    def paths_for(self, article: Article) -> list[str]:
        from dateline.live.models import LIVE_TYPE_ID

        return super().paths_for(article) if article.article_type_id == LIVE_TYPE_ID else []

    def path_of(self, article: Article) -> str:
        return urls.live_entries(article)


class HomeFronts(Buildable):
    name = "home"
    urgency = 1

    def paths(self, latest: int | None = None) -> list[str]:
        return [urls.home(language) for language in _languages()]

    def paths_for(self, article: Article) -> list[str]:
        return [urls.home(article.language)] if article.language in _languages() else []

    def owns(self, path: str) -> bool:
        return _view_name(path) == "public:home"


class SectionFronts(Buildable):
    name = "section"
    urgency = 3

    def paths(self, latest: int | None = None) -> list[str]:
        sections = list(Section.objects.all())
        return [urls.section(s, language) for language in _languages() for s in sections]

    def paths_for(self, article: Article) -> list[str]:
        if article.section_id is None or article.language not in _languages():
            return []
        return [urls.section(article.section, article.language)]

    def owns(self, path: str) -> bool:
        return _view_name(path) == "public:section"


class TopicPages(Buildable):
    name = "topic"

    def paths(self, latest: int | None = None) -> Iterator[str]:
        for topic in Topic.objects.all().iterator():
            for language in _languages():
                yield urls.topic(topic, language)

    def paths_for(self, article: Article) -> list[str]:
        if article.language not in _languages():
            return []
        return [urls.topic(t, article.language) for t in article.topics.all()]

    def owns(self, path: str) -> bool:
        return _view_name(path) == "public:topic"


class StoryPages(Buildable):
    name = "story"

    def paths(self, latest: int | None = None) -> Iterator[str]:
        for story in Story.objects.filter(articles__isnull=False).distinct().iterator():
            for language in _languages():
                yield urls.story(story, language)

    def paths_for(self, article: Article) -> list[str]:
        if article.story_id is None:
            return []
        return [urls.story(article.story, language) for language in _languages()]

    def owns(self, path: str) -> bool:
        return _view_name(path) == "public:story"


class LatestPages(Buildable):
    """Pages that list the latest items of an edition (feeds, news sitemaps).

    ``paths_of_language(language)`` returns the paths; every publish in that language
    rebuilds them.
    """

    def __init__(self, name: str, paths_of_language: Callable[[str], Iterable[str]]) -> None:
        self.name = name
        self.paths_of_language = paths_of_language

    def paths(self, latest: int | None = None) -> list[str]:
        return [p for language in _languages() for p in self.paths_of_language(language)]

    def paths_for(self, article: Article) -> list[str]:
        if article.language not in _languages():
            return []
        return list(self.paths_of_language(article.language))

    def owns(self, path: str) -> bool:
        return path in self.paths()


FEED_FORMATS = ("rss", "atom", "json")


def _reverse_syndication(name: str, **kwargs) -> str:
    # dateline.syndication's URLs sit outside the language prefixes; the URL builder has no
    # method for them yet, so they are reversed here, in one place.
    from django.urls import reverse

    return reverse(f"syndication:{name}", kwargs=kwargs)


class FeedsAndSitemaps(Buildable):
    """Feeds (site, edition, section, topic, story, live item) and the news sitemap: they
    list the latest items, so each publish rebuilds the ones its article belongs to."""

    name = "syndication"
    urgency = 2
    view_names = ("syndication:feed-site", "syndication:feed-edition", "syndication:feed")

    def paths(self, latest: int | None = None) -> Iterator[str]:
        yield _reverse_syndication("sitemap", section="news")
        scopes = [("section", s.slug) for s in Section.objects.all()]
        scopes += [("topic", t.slug) for t in Topic.objects.all()]
        stories = Story.objects.filter(articles__isnull=False).distinct()
        for fmt in FEED_FORMATS:
            yield _reverse_syndication("feed-site", kind="site", fmt=fmt)
            for language in _languages():
                yield _reverse_syndication("feed-edition", ident=language, fmt=fmt)
            for kind, ident in scopes:
                yield _reverse_syndication("feed", kind=kind, ident=ident, fmt=fmt)
            for pk in stories.values_list("pk", flat=True).iterator():
                yield _reverse_syndication("feed", kind="story", ident=str(pk), fmt=fmt)
            for pk in _live_items().values_list("pk", flat=True).iterator():
                yield _reverse_syndication("feed", kind="live", ident=str(pk), fmt=fmt)

    def paths_for(self, article: Article) -> list[str]:
        scopes: list[tuple[str, str]] = []
        if article.section_id:
            scopes.append(("section", article.section.slug))
        scopes += [("topic", t.slug) for t in article.topics.all()]
        if article.story_id:
            scopes.append(("story", str(article.story_id)))
        if LiveEntries().paths_for(article):
            # A live item's own feed of its entries.
            scopes.append(("live", str(article.pk)))
        paths = [_reverse_syndication("sitemap", section="news")]
        for fmt in FEED_FORMATS:
            paths.append(_reverse_syndication("feed-site", kind="site", fmt=fmt))
            if article.language in _languages():
                paths.append(_reverse_syndication("feed-edition", ident=article.language, fmt=fmt))
            paths += [
                _reverse_syndication("feed", kind=kind, ident=ident, fmt=fmt)
                for kind, ident in scopes
            ]
        return paths

    def owns(self, path: str) -> bool:
        name = _view_name(path)
        return name in self.view_names or path == _reverse_syndication("sitemap", section="news")

    def urgency_of_path(self, path: str) -> int:
        # The site and edition feeds and the news sitemap carry the news to aggregators at
        # once; a section's, topic's or story's feed can follow with the long tail.
        return self.urgency if _view_name(path) != "syndication:feed" else Buildable.urgency


def buildables() -> list[Buildable]:
    """Return the configured buildables (``DATELINE_PUBLISH_BUILDABLES``), in order."""
    return list(_load(tuple(setting("DATELINE_PUBLISH_BUILDABLES"))))


@functools.cache
def _load(paths: tuple[str, ...]) -> tuple[Buildable, ...]:
    from django.core.exceptions import ImproperlyConfigured

    loaded = []
    for dotted in paths:
        try:
            found = import_string(dotted)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"DATELINE_PUBLISH_BUILDABLES names {dotted!r}, which cannot be imported ({exc})"
            ) from exc
        loaded.append(found() if isinstance(found, type) else found)
    return tuple(loaded)


# Pages at or below this urgency are rebuilt in the publishing process itself; with
# DATELINE_BAKE_TAIL_IN_BACKGROUND the others go to the worker.
URGENT = 2


def urgency_of(kind: str, path: str) -> int:
    """Return the rebuild urgency of ``path``, a page of the buildable named ``kind``."""
    found = next((b for b in buildables() if b.name == kind), None)
    return found.urgency_of_path(path) if found is not None else Buildable.urgency


def buildable_for(path: str) -> Buildable | None:
    """Return the buildable that owns a requested ``path``, if any."""
    for buildable in buildables():
        if buildable.owns(path):
            return buildable
    return None
