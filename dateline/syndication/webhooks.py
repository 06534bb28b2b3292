"""Signed webhooks: an HMAC-SHA256 signature over the exact body, retries, a delivery log."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone

from dateline.articles.models import Article
from dateline.conf import setting
from dateline.syndication import facts
from dateline.syndication.http import Outcome, post
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint

SIGNATURE_HEADER = "X-Dateline-Signature"

logger = logging.getLogger("dateline.syndication.webhooks")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """Return ``sha256=<hex>`` of ``timestamp.body`` keyed with ``secret``."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def event_payload(event: str, article: Article) -> dict:
    """Return the JSON body of an event; a killed or unpublished item carries its id only."""
    payload = {"event": event, "id": article.pk, "language": article.language}
    if event in ("published", "updated"):
        modified = facts.modified(article)
        payload.update(
            url=facts.article_url(article),
            title=article.display_title,
            modified_at=modified.isoformat() if modified is not None else None,
        )
    return payload


def record_deliveries(
    event: str, article: Article, event_id: int | None = None
) -> list[WebhookDelivery]:
    """Log one pending delivery per endpoint that wants ``event``; return them.

    With ``event_id`` (the event's record), a delivery already logged for that event and
    endpoint is returned instead of a new one, so a replayed event notifies a partner once.
    """
    payload = event_payload(event, article)
    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(event)]
    deliveries = []
    for endpoint in endpoints:
        fields = {"endpoint": endpoint, "event": event, "article_id": article.pk}
        if event_id is None:
            deliveries.append(WebhookDelivery.objects.create(**fields, payload=payload))
        else:
            deliveries.append(
                WebhookDelivery.objects.get_or_create(
                    event_id=event_id, endpoint=endpoint, defaults=fields | {"payload": payload}
                )[0]
            )
    return deliveries


def attempt(delivery: WebhookDelivery) -> WebhookDelivery:
    """Make one attempt at ``delivery`` and log its outcome; give up after the last attempt."""
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Dateline-Event": delivery.event,
        "X-Dateline-Delivery": str(delivery.pk),
        "X-Dateline-Timestamp": timestamp,
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, timestamp, body),
    }
    outcome = post(delivery.endpoint.url, body, headers)
    delivery.attempts += 1
    delivery.last_status = outcome.status
    delivery.last_error = outcome.error
    if outcome.ok:
        delivery.state = WebhookDelivery.State.DELIVERED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= setting("DATELINE_WEBHOOK_MAX_ATTEMPTS"):
        delivery.state = WebhookDelivery.State.FAILED
    with transaction.atomic():
        delivery.save()
    if not outcome.ok:
        _log_failure(delivery, outcome)
    return delivery


def _log_failure(delivery: WebhookDelivery, outcome: Outcome) -> None:
    gave_up = delivery.state == WebhookDelivery.State.FAILED
    logger.log(
        logging.ERROR if gave_up else logging.WARNING,
        "Webhook delivery %s (%s of article %s) to %s at %s failed on attempt %d%s: %s",
        delivery.pk,
        delivery.event,
        delivery.article_id,
        delivery.endpoint.name,
        # The host only: a partner's URL may carry a token in its path or query.
        urlsplit(delivery.endpoint.url).hostname,
        delivery.attempts,
        "; gave up" if gave_up else "; will retry",
        outcome.error,
        exc_info=outcome.exception,
    )


def retry_delay(attempts: int) -> int:
    """Return the seconds to wait before the next attempt: 30 s, doubling, at most an hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)
