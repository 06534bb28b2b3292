"""Publishing events. Each is sent after the transaction that caused it has committed.

Receivers get ``sender=Article`` and ``article=<Article>``; connect them in
``AppConfig.ready()``. Do slow work in a background task, not in the receiver.
"""

from django.dispatch import Signal

article_published = Signal()
article_updated = Signal()
article_unpublished = Signal()
article_killed = Signal()
