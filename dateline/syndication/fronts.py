"""What the head of a front (home, section, topic, story timeline) says about it: one object
that knows the front's name, address in every edition, description and structured data."""

from __future__ import annotations

from dataclasses import dataclass, field

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.site.urlbuilder import urls
from dateline.syndication import facts, jsonld, meta


@dataclass
class Front:
    """A front of ``kind`` (home, section, topic, story) in ``language``, about ``subject``
    (None for home), listing ``items``; ``page`` is the page number beyond the first."""

    kind: str
    language: str
    subject: object = None
    items: list[Article] = field(default_factory=list)
    page: int | None = None

    def path(self, language: str) -> str:
        if self.kind == "home":
            return urls.home(language)
        build = {"section": urls.section, "topic": urls.topic, "story": urls.story}[self.kind]
        return build(self.subject, language)

    @property
    def url(self) -> str:
        query = f"?page={self.page}" if self.page else ""
        return urls.absolute(self.path(self.language)) + query

    @property
    def name(self) -> str:
        if self.kind == "home":
            return setting("DATELINE_SITE_NAME")
        if self.kind == "story":
            return self.subject.title
        return facts.term_name(self.subject, self.language)

    def versions(self) -> dict[str, str]:
        """Return this front in every edition (sections, topics and stories exist in all)."""
        query = f"?page={self.page}" if self.page else ""
        return {
            code: urls.absolute(self.path(code)) + query for code in setting("DATELINE_LANGUAGES")
        }

    def description(self) -> str:
        if self.kind == "home":
            return jsonld.site_description(self.language)
        return meta.front_description(self.name, self.items)

    def trail(self) -> list[tuple[str, str]]:
        trail = [jsonld.home_step(self.language)]
        if self.kind != "home":
            trail.append((self.name, urls.absolute(self.path(self.language))))
        return trail

    def page_meta(self) -> meta.PageMeta:
        site = setting("DATELINE_SITE_NAME")
        title = self.name if self.kind == "home" else f"{self.name} · {site}"
        return meta.front_meta(
            title, self.url, self.language, self.versions(), self.description(), self.items
        )

    def jsonld(self) -> list[dict]:
        """Return the JSON-LD blocks: the WebSite on the home page, the CollectionPage with
        its ItemList, and (beyond the home page) the BreadcrumbList."""
        page = jsonld.collection_page(
            self.name, self.url, self.language, self.description(), self.items
        )
        if self.kind == "home":
            return [jsonld.website(self.language), page]
        return [page, jsonld.breadcrumb_list(self.trail())]
