"""Publishing events. Each is sent after the transaction that caused it has committed.

Receivers get ``sender=Article``, ``article=<Article>`` and ``event_id`` (the id of the
event's record, or None for a change made outside the desk, such as a test or a script).
Dateline's own consumers (stories, related lists, search, baked pages and purges, webhooks)
do not connect here: they are steps of ``dateline.events``, which runs them in a declared
order. A plugin may connect a receiver; it runs after them.
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
