"""Receivers of the publishing events: ping the WebSub hub and queue webhooks."""

from __future__ import annotations

from django.db import transaction

from dateline.articles import signals as events
from dateline.articles.models import Article
from dateline.syndication import tasks, websub
from dateline.syndication.webhooks import record_deliveries

EVENT_NAMES = {signal: name for name, signal in events.BY_NAME.items()}


def distribute(event: str, article: Article) -> None:
    """Queue the hub ping and one webhook delivery per subscribed endpoint."""
    topic_urls = websub.topics_of(article)
    deliveries = record_deliveries(event, article)

    def enqueue() -> None:
        tasks.ping_hub.enqueue(topic_urls)
        for delivery in deliveries:
            tasks.deliver_webhook.enqueue(delivery.pk)

    transaction.on_commit(enqueue)


def connect() -> None:
    """Connect one receiver per publishing event (called from ``AppConfig.ready``)."""
    for signal, event in EVENT_NAMES.items():

        def receiver(sender, article: Article, _event: str = event, **kwargs) -> None:
            distribute(_event, article)

        signal.connect(receiver, sender=Article, weak=False, dispatch_uid=f"syndication-{event}")
