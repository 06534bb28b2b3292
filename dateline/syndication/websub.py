"""WebSub: tell the hub which feeds changed, so subscribers fetch them at once."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.site.urlbuilder import urls
from dateline.syndication.generators import FORMATS
from dateline.syndication.http import Outcome, post
from dateline.syndication.scopes import Scope
from dateline.syndication.writers import feed_path

logger = logging.getLogger("dateline.syndication")


def scopes_of(article: Article) -> list[Scope]:
    """Return every feed scope that lists (or listed) ``article``."""
    scopes = [Scope("site"), Scope("edition", language=article.language)]
    if article.section_id:
        scopes.append(Scope("section", obj=article.section))
    scopes += [Scope("topic", obj=t) for t in article.topics.all()]
    if article.story_id:
        scopes.append(Scope("story", obj=article.story))
    return scopes


def topics_of(article: Article) -> list[str]:
    """Return the absolute URLs of every feed that changes with ``article``."""
    return [urls.absolute(feed_path(s, fmt)) for s in scopes_of(article) for fmt in FORMATS]


def ping_hub(topic_urls: list[str]) -> Outcome | None:
    """POST ``hub.mode=publish`` for ``topic_urls`` to the configured hub (None: no hub set)."""
    hub = setting("DATELINE_WEBSUB_HUB")
    if not hub:
        return None
    body = urlencode([("hub.mode", "publish")] + [("hub.url", u) for u in topic_urls]).encode()
    outcome = post(hub, body, {"Content-Type": "application/x-www-form-urlencoded"})
    if not outcome.ok:
        logger.warning("WebSub hub %s refused the ping: %s", hub, outcome.error)
    return outcome
