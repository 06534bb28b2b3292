"""What a feed covers: the whole site, one edition, a section, a topic, a story, an author,
or the entries of one live item."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.people.credits import articles_by, with_credits
from dateline.people.models import Person
from dateline.site.urlbuilder import urls
from dateline.stories.models import Story
from dateline.taxonomy.models import Section, Topic

KINDS = ("site", "edition", "section", "topic", "story", "author", "live")
# A slug or an id; anything else (a NUL byte, which PostgreSQL refuses) never reaches a query.
_IDENT = re.compile(r"[-\w]{1,100}")


@dataclass(frozen=True)
class Scope:
    """One feed's coverage: ``kind`` plus the language or object it names."""

    kind: str
    language: str | None = None
    obj: Model | None = None

    @property
    def key(self) -> str:
        """Return the part of the feed path after ``/feeds/`` (without the format)."""
        if self.kind == "site":
            return "site"
        if self.kind == "edition":
            return self.language or ""
        ident = self.obj.pk if self.kind in ("story", "live") else self.obj.slug
        return f"{self.kind}/{ident}"

    @property
    def title(self) -> str:
        site = setting("DATELINE_SITE_NAME")
        if self.kind == "site":
            return site
        if self.kind == "edition":
            return f"{site} ({self.language})"
        if self.kind == "live":
            return f"{site}: {self.obj.display_title}"
        return f"{site}: {self.obj}"

    @property
    def link(self) -> str:
        """Return the absolute URL of the page this feed mirrors."""
        if self.kind in ("site", "edition"):
            return urls.absolute(urls.home(self.language))
        if self.kind == "live":
            return urls.absolute(urls.article(self.obj))
        return urls.absolute(self.obj.get_absolute_url(self.language))

    def articles(self) -> QuerySet[Article]:
        """Return the public articles of this scope, newest first."""
        items = with_credits(
            Article.objects.public().for_listing().select_related("signature__desk")
        )
        if self.kind == "edition":
            items = items.filter(language=self.language)
        elif self.kind == "section":
            items = items.filter(section=self.obj)
        elif self.kind == "topic":
            items = items.filter(topics=self.obj)
        elif self.kind == "story":
            items = items.filter(story=self.obj)
        elif self.kind == "author":
            items = items.filter(pk__in=articles_by(self.obj))
        return items.newest_first()


def live_scope(article: Article) -> Scope:
    """Return the feed scope of a live item's entries (in the item's language)."""
    return Scope("live", language=article.language, obj=article)


def _live_item(ident: str | None) -> Article:
    from dateline.live.reader import is_live_item

    if not (ident and ident.isdigit() and len(ident) < 19):
        raise Http404(f"No live item {ident!r}")
    found = Article.objects.public().filter(pk=int(ident)).first()
    if found is None or not is_live_item(found):
        raise Http404(f"No live item {ident!r}")
    return found


def scope_for(kind: str, ident: str | None = None) -> Scope:
    """Return the scope named in a URL, or raise Http404 naming what was not found."""
    if kind == "live":
        return live_scope(_live_item(ident))
    if kind == "site":
        return Scope("site")
    if kind == "edition":
        if ident not in setting("DATELINE_LANGUAGES"):
            raise Http404(f"No edition {ident!r}")
        return Scope("edition", language=ident)
    model = {"section": Section, "topic": Topic, "story": Story, "author": Person}.get(kind)
    if model is None or not _IDENT.fullmatch(str(ident)):
        raise Http404(f"No {kind} feed {ident!r}")
    if model is Story and not (ident.isdigit() and len(ident) < 19):
        raise Http404(f"No story {ident!r}")
    lookup = {"pk": int(ident)} if model is Story else {"slug": ident}
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise Http404(f"No {kind} {ident!r}")
    return Scope(kind, obj=found)
