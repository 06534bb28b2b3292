"""Change detection: from one article change to exactly the pages to rebuild."""

from __future__ import annotations

import logging

from dateline.articles.models import Article
from dateline.publishing import headers
from dateline.publishing.baker import BakeReport, bake_pages, mark_dirty, new_worker_id
from dateline.publishing.buildables import URGENT, buildables, urgency_of
from dateline.publishing.models import BakedPage
from dateline.publishing.purge import dispatch_purge
from dateline.publishing.targets import publish_target

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


def rebuild_article(article_id: int, *, tail_in_background: bool = False) -> BakeReport:
    """Rebuild the pages affected by a change to article ``article_id``, then purge them and
    the media files the change made private.

    With ``tail_in_background``, only the urgent pages (the article, the home fronts, the site and
    edition feeds, the news sitemap) are rebuilt here; the others are marked in the ledger
    and left to a ``rebuild_pages`` task, so an editor's step does not wait for them.
    """
    pages = affected_pages(article_id)
    if tail_in_background:
        urgent = {p: k for p, k in pages.items() if urgency_of(k, p) <= URGENT}
        tail = mark_dirty({p: k for p, k in pages.items() if p not in urgent})
        if tail:
            from dateline.publishing.tasks import rebuild_pages

            rebuild_pages.enqueue(tail)
        pages = urgent
    report = bake_pages(mark_dirty(pages), new_worker_id(), publish_target())
    report.keys.add(headers.article_key(article_id))
    report.keys.update(headers.media_keys_hidden_by(article_id))
    dispatch_purge(sorted(report.keys))
    _log_failures(report, f"a change to article {article_id}")
    return report


def rebuild_marked(page_ids: list[int]) -> BakeReport:
    """Rebuild the ledger's pages ``page_ids`` (marked dirty before), then purge them."""
    report = bake_pages(page_ids, new_worker_id(), publish_target())
    dispatch_purge(sorted(report.keys))
    _log_failures(report, "the long tail of a change")
    return report


def _log_failures(report: BakeReport, cause: str) -> None:
    if report.failures:
        logger.error("Rebuild after %s: %d pages failed", cause, len(report.failures))
