"""The ``syndication`` step of ``dateline.events``: ping the WebSub hub and queue webhooks."""

from __future__ import annotations

from dateline import events
from dateline.syndication import tasks, websub
from dateline.syndication.webhooks import record_deliveries


def distribute(event: events.Event) -> None:
    """Queue the hub ping and one webhook delivery per subscribed endpoint.

    Deliveries are recorded once per event and endpoint, so an event run again after a
    crash queues the ones still pending instead of new copies.
    """
    tasks.ping_hub.enqueue(websub.topics_of(event.article))
    for delivery in record_deliveries(event.kind, event.article, event_id=event.id):
        if delivery.attempts == 0 and delivery.state == delivery.State.PENDING:
            tasks.deliver_webhook.enqueue(delivery.pk)


def connect() -> None:
    """Register the step (from ``SyndicationConfig.ready``)."""
    events.register("syndication", distribute)
