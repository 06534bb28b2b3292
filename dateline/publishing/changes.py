"""Change detection: from one event to exactly the pages to rebuild, then their purge."""

from __future__ import annotations

import logging

from dateline import events
from dateline.articles.models import Article
from dateline.media.visibility import assets_only_hidden_items_show
from dateline.publishing.baker import BakeReport, bake_pages, mark_dirty
from dateline.publishing.buildables import URGENT, PerArticle, buildables, urgency_of
from dateline.publishing.models import BakedPage
from dateline.publishing.targets import publish_target
from dateline.site import surrogates
from dateline.site.processes import new_worker_id

logger = logging.getLogger("dateline.publishing")


def affected_pages(article_id: int) -> dict[str, str]:
    """Return ``path -> kind`` of every page a change to the article can alter.

    These are the pages that showed it (the dependency record) and the pages that should
    show it now (each buildable's ``paths_for``). A killed or unpublished article's own page
    is among them; rendering it answers 410 or 404, which removes the file.
    """
    pages = dict(
        BakedPage.objects.filter(dependencies__article_id=article_id).values_list("path", "kind")
    )
    article = Article.objects.select_related("section", "story").filter(pk=article_id).first()
    if article is not None:
        for buildable in buildables():
            for path in buildable.paths_for(article):
                pages.setdefault(path, buildable.name)
    return pages


def own_pages(article_id: int) -> dict[str, str]:
    """Return ``path -> kind`` of the article's own pages (its page, its related list...)."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return {}
    return {
        path: buildable.name
        for buildable in buildables()
        if isinstance(buildable, PerArticle)
        for path in buildable.paths_for(article)
    }


def pages_of(event: events.Event) -> dict[str, str]:
    """Return ``path -> kind`` of the pages ``event`` can alter.

    A follow-up of the related step names the articles whose story or related list it
    changed: the event's own article (whose story may have moved) rebuilds every page that
    shows it, the others their own pages, where their list is shown.
    """
    if not event.follow_up:
        return affected_pages(event.article.pk)
    pages: dict[str, str] = {}
    for article_id in sorted(event.touched):
        if article_id == event.article.pk:
            pages.update(affected_pages(article_id))
        else:
            pages.update(own_pages(article_id))
    return pages


def split_urgent(pages: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split ``pages`` into the urgent ones (the article, the home fronts, the site and
    edition feeds, the news sitemap) and the long tail."""
    urgent = {p: k for p, k in pages.items() if urgency_of(k, p) <= URGENT}
    return urgent, {p: k for p, k in pages.items() if p not in urgent}


def rebuild(pages: dict[str, str], article_id: int | None = None) -> BakeReport:
    """Rebuild ``pages`` now; return the report, whose ``keys`` are the surrogate keys to
    purge: those of the pages written or removed and, for a change to ``article_id``, its
    article key and the keys of the media files the change made private."""
    report = bake_pages(mark_dirty(pages), new_worker_id(), publish_target())
    if article_id is not None:
        report.keys.add(surrogates.article_key(article_id))
        report.keys.update(_media_keys_hidden_by(article_id))
    _log_failures(report, f"a change to article {article_id}")
    return report


def rebuild_marked(page_ids: list[int]) -> BakeReport:
    """Rebuild the ledger's pages ``page_ids`` (marked dirty before); return the report."""
    report = bake_pages(page_ids, new_worker_id(), publish_target())
    _log_failures(report, "the long tail of a change")
    return report


def _log_failures(report: BakeReport, cause: str) -> None:
    if report.failures:
        logger.error("Rebuild after %s: %d pages failed", cause, len(report.failures))


def _media_keys_hidden_by(article_id: int) -> list[str]:
    """Return the keys of the media files a change to ``article_id`` made private: those of
    the assets it shows that no public item shows any more (none while it is public)."""
    return [surrogates.media_key(i) for i in assets_only_hidden_items_show(article_id)]
