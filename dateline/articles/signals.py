"""Publishing events. Each is sent after the transaction that caused it has committed.

Receivers get ``sender=Article`` and ``article=<Article>``; connect them in
``AppConfig.ready()``. Do slow work in a background task, not in the receiver.
"""

from django.dispatch import Signal

article_published = Signal()
article_updated = Signal()
article_unpublished = Signal()
article_killed = Signal()

# The events by the names webhooks, the audit and the desk's announcements use.
BY_NAME = {
    "published": article_published,
    "updated": article_updated,
    "unpublished": article_unpublished,
    "killed": article_killed,
}

# Every event after which an article's public outputs may differ.
EVERY_CHANGE = (article_published, article_updated, article_unpublished, article_killed)


def connect_to_every_change(receiver, uid: str) -> None:
    """Connect ``receiver`` to every event in ``EVERY_CHANGE``, once per process."""
    for signal in EVERY_CHANGE:
        signal.connect(receiver, dispatch_uid=f"{uid}-{id(signal)}")
