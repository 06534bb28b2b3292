"""Sitemaps on Django's framework: articles, fronts, images, videos and Google News."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.live.reader import fresh_live_items
from dateline.media.models import MediaAsset
from dateline.people.models import Authorship, Person
from dateline.site.urlbuilder import urls
from dateline.syndication import facts, sitemap_xml
from dateline.taxonomy.models import Section, Topic

# Google reads news sitemaps for items of the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
# Rows of the window read to find those 1,000: room for hidden items (embargoed, killed) too.
NEWS_CANDIDATES = 5 * NEWS_LIMIT
# What a news entry and ``is_public`` read; bodies stay in the database.
NEWS_FIELDS = (
    "id",
    "slug",
    "language",
    "headline",
    "label_separator",
    "label__code",
    "status",
    "published_at",
    "modified_at",
    "embargo_until",
)


class SiteSitemap(Sitemap):
    """A sitemap whose URLs are built on ``DATELINE_SITE_URL``, whatever host was asked."""

    # The sitemaps protocol caps a file at 50,000 URLs; bigger sections are paginated.
    limit = 50_000
    # The extension writer of ``sitemap_xml`` that adds elements to each URL (None: plain).
    extra = None

    def get_protocol(self, protocol=None):
        return urlsplit(setting("DATELINE_SITE_URL")).scheme

    def get_domain(self, site=None):
        return urlsplit(setting("DATELINE_SITE_URL")).netloc


class ArticleSitemap(SiteSitemap):
    """Every public article, newest first."""

    def items(self) -> QuerySet[Article]:
        return (
            Article.objects.public()
            .newest_first()
            .only("id", "slug", "language", "published_at", "modified_at")
        )

    def location(self, item: Article) -> str:
        return urls.article(item)

    def lastmod(self, item: Article) -> datetime:
        return facts.modified(item)

    def get_latest_lastmod(self) -> datetime | None:
        found = Article.objects.public().aggregate(p=Max("published_at"), m=Max("modified_at"))
        return max((d for d in found.values() if d is not None), default=None)


class MediaSitemap(ArticleSitemap):
    """Public articles with lead media of one kind, for Google's image or video extension."""

    kind = MediaAsset.Kind.IMAGE

    def items(self) -> QuerySet[Article]:
        found = Article.objects.public().filter(lead_media__kind=self.kind)
        return found.select_related("lead_media", "lead_media__poster").newest_first()


class ImageSitemap(MediaSitemap):
    extra = staticmethod(sitemap_xml.image)


class VideoSitemap(MediaSitemap):
    extra = staticmethod(sitemap_xml.video)
    kind = MediaAsset.Kind.VIDEO

    def items(self) -> QuerySet[Article]:
        # The video extension requires a thumbnail: videos without a poster are left out.
        return super().items().filter(lead_media__poster__isnull=False)


class NewsSitemap(ArticleSitemap):
    """Google News: items published in the last two days, newest first, at most 1,000.

    A live item is news while it is live: its publication date and last change follow its
    newest entry (``dateline.live``), so it stays listed as long as entries come.
    """

    extra = staticmethod(sitemap_xml.news)

    @cached_property
    def _live(self) -> dict[int, datetime]:
        return fresh_live_items(timezone.now() - NEWS_WINDOW)

    def news_date(self, item: Article) -> datetime:
        """Return the date the entry gives as ``news:publication_date``."""
        newest = self._live.get(item.pk)
        return max(item.published_at, newest) if newest else item.published_at

    def items(self) -> list[Article]:
        now = timezone.now()
        # Read the window through the publication-time index, newest first, and keep the
        # rows that ``is_public`` (the per-row form of ``public()``). Filtering on status in
        # SQL instead lets SQLite, lacking statistics, pick the status index and visit every
        # published row of the archive: seconds at a million articles instead of milliseconds.
        window = Article.objects.filter(published_at__gte=now - NEWS_WINDOW, published_at__lte=now)
        rows = list(
            window.select_related("label")
            .only(*NEWS_FIELDS)
            .order_by("-published_at")[:NEWS_CANDIDATES]
        )
        older = set(self._live) - {article.pk for article in rows}
        rows += Article.objects.filter(pk__in=older).select_related("label").only(*NEWS_FIELDS)
        rows.sort(key=self.news_date, reverse=True)
        return [article for article in rows if article.is_public][:NEWS_LIMIT]

    def lastmod(self, item: Article) -> datetime:
        return max(facts.modified(item), self.news_date(item))

    def get_latest_lastmod(self) -> datetime | None:
        return max((self.lastmod(a) for a in self.items()), default=None)

    def get_urls(self, *args, **kwargs) -> list[dict]:
        urls_ = super().get_urls(*args, **kwargs)
        for url in urls_:
            url["news_date"] = self.news_date(url["item"])
        return urls_


class FrontSitemap(SiteSitemap):
    """Each edition's front page and its section and topic fronts."""

    def items(self) -> list[tuple[str, object]]:
        fronts: list[tuple[str, object]] = []
        for language in setting("DATELINE_LANGUAGES"):
            fronts.append((language, None))
            fronts += [(language, s) for s in Section.objects.order_by("pk")]
            fronts += [(language, t) for t in Topic.objects.order_by("pk")]
        return fronts

    def location(self, item: tuple[str, object]) -> str:
        language, front = item
        return urls.home(language) if front is None else front.get_absolute_url(language)

    def lastmod(self, item: tuple[str, object]) -> datetime | None:
        """Return the last change of what the front lists: its newest publication or
        correction in its edition (None for a front with no public item)."""
        language, front = item
        kind = None if front is None else ("topic" if isinstance(front, Topic) else "section")
        return self._latest.get((language, kind, getattr(front, "pk", None)))

    def get_latest_lastmod(self) -> datetime | None:
        return max(self._latest.values(), default=None)

    @cached_property
    def _latest(self) -> dict[tuple[str, str | None, int | None], datetime]:
        """Return the last change of each front, keyed (language, kind, pk), kind None for
        the edition's home: three grouped queries for every front of every edition."""
        public = Article.objects.public().order_by()
        latest = {"p": Max("published_at"), "m": Max("modified_at")}
        found: dict[tuple[str, str | None, int | None], datetime] = {}
        for kind, field in ((None, None), ("section", "section"), ("topic", "topics")):
            names = ("language", field) if field else ("language",)
            for row in public.values(*names).annotate(**latest):
                pk = row[field] if field else None
                moments = [d for d in (row["p"], row["m"]) if d is not None]
                if moments and (field is None or pk is not None):
                    found[(row["language"], kind, pk)] = max(moments)
        return found


class AuthorSitemap(SiteSitemap):
    """Each author's page in each edition where they have public items."""

    def items(self) -> list[tuple[str, Person]]:
        pairs = (
            Authorship.objects.filter(article__in=Article.objects.public())
            .values_list("person", "article__language")
            .distinct()
        )
        editions = set(setting("DATELINE_LANGUAGES"))
        wanted = {(person, lang) for person, lang in pairs if lang in editions}
        people = Person.objects.in_bulk({person for person, _ in wanted})
        return sorted(
            ((lang, people[pk]) for pk, lang in wanted), key=lambda item: (item[1].pk, item[0])
        )

    def location(self, item: tuple[str, Person]) -> str:
        language, person = item
        return urls.author(person, language)


SITEMAPS: dict[str, type[SiteSitemap]] = {
    "articles": ArticleSitemap,
    "fronts": FrontSitemap,
    "images": ImageSitemap,
    "videos": VideoSitemap,
    "news": NewsSitemap,
    "authors": AuthorSitemap,
}
