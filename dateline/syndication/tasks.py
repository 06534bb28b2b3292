"""Background work after a publishing event: the WebSub ping and webhook deliveries."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from dateline.syndication import websub
from dateline.syndication.models import WebhookDelivery
from dateline.syndication.webhooks import attempt, retry_delay


@task()
def ping_hub(topic_urls: list[str]) -> None:
    """Tell the WebSub hub that the feeds at ``topic_urls`` changed."""
    websub.ping_hub(topic_urls)


@task()
def deliver_webhook(delivery_id: int) -> None:
    """Attempt a logged delivery; queue the next attempt after a growing delay if it failed."""
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.state != WebhookDelivery.State.PENDING:
        return
    attempt(delivery)
    if delivery.state != WebhookDelivery.State.PENDING:
        return
    if deliver_webhook.get_backend().supports_defer:
        run_after = timezone.now() + timedelta(seconds=retry_delay(delivery.attempts))
        deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
    else:
        # A backend that cannot defer (the immediate one in tests) retries at once.
        deliver_webhook.enqueue(delivery_id)
