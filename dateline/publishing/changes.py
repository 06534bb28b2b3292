"""Change detection: from one article change to exactly the pages to rebuild."""

from __future__ import annotations

import logging

from dateline.articles.models import Article
from dateline.publishing import headers
from dateline.publishing.baker import BakeReport, bake_pages, mark_dirty, new_worker_id
from dateline.publishing.buildables import buildables
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


def rebuild_article(article_id: int) -> BakeReport:
    """Rebuild the pages affected by a change to article ``article_id``, then purge them and
    the media files the change made private."""
    pages = affected_pages(article_id)
    report = bake_pages(mark_dirty(pages), new_worker_id(), publish_target())
    report.keys.add(headers.article_key(article_id))
    report.keys.update(headers.media_keys_hidden_by(article_id))
    dispatch_purge(sorted(report.keys))
    if report.failures:
        logger.error(
            "Rebuild after a change to article %s: %d pages failed",
            article_id,
            len(report.failures),
        )
    return report
