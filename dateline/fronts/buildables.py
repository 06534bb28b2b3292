"""Arranged fronts as baked pages: landing pages, and every front an item's change reaches
through an automatic block (a home's topic block, a landing page's story block...)."""

from __future__ import annotations

from django.urls import Resolver404, resolve

from dateline.articles.models import Article
from dateline.fronts.blocks import LIVE, OPINION, VIDEO
from dateline.fronts.layouts import live_layout
from dateline.fronts.models import BlockKind, Front, Source
from dateline.publishing.buildables import Buildable
from dateline.site.urlbuilder import urls


class ArrangedFronts(Buildable):
    name = "front"
    urgency = 1

    def paths(self, latest: int | None = None) -> list[str]:
        landing = Front.objects.filter(kind=Front.Kind.LANDING)
        return [urls.front(front) for front in landing]

    def paths_for(self, article: Article) -> list[str]:
        """Return the fronts of ``article``'s edition with an automatic block it matches
        (the pages that showed it are found from the dependency record)."""
        paths = []
        for front in Front.objects.filter(language=article.language).select_related("section"):
            layout = live_layout(front)
            if layout is not None and any(matches(spec, article) for spec in layout.blocks):
                paths.append(urls.front(front))
        return paths

    def owns(self, path: str) -> bool:
        try:
            return resolve(path.split("?", 1)[0]).view_name == "public:front"
        except Resolver404:
            return False


def matches(spec: dict, article: Article) -> bool:
    """Return whether ``article`` answers the automatic query of block ``spec``."""
    if spec.get("source") == Source.MANUAL:
        return article.pk in spec.get("items", [])
    if spec.get("kind") == BlockKind.MOST_READ:
        return False
    if spec.get("language") and spec["language"] != article.language:
        return False
    wanted_type = spec.get("article_type") or {
        BlockKind.VIDEO_RAIL: VIDEO,
        BlockKind.OPINION: OPINION,
    }.get(spec.get("kind"))
    checks = [
        (spec.get("section"), article.section_id),
        (spec.get("story"), article.story_id),
        (spec.get("label"), article.label_id),
        (wanted_type, article.article_type_id),
    ]
    if any(wanted and wanted != actual for wanted, actual in checks):
        return False
    if spec.get("kind") == BlockKind.LIVE_RIBBON and not spec.get("article_type"):
        return article.article_type_id == LIVE or bool(article.label_id)
    if spec.get("topic"):
        return article.topics.filter(pk=spec["topic"]).exists()
    return True
