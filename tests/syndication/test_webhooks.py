"""Webhooks: HMAC-signed POSTs on publish, update and kill, retried, every attempt logged."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from dateline.articles import lifecycle
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint
from dateline.syndication.webhooks import SIGNATURE_HEADER, sign
from tests.factories import make_article
from tests.syndication.receiver import receiver

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate(settings):
    settings.TASKS = IMMEDIATE
    settings.DATELINE_WEBSUB_HUB = ""
    settings.DATELINE_SITE_URL = "https://news.example"


def publish(article, capture):
    with capture(execute=True):
        lifecycle.publish(article)


def test_signed_delivery(db, django_capture_on_commit_callbacks):
    with receiver() as server:
        WebhookEndpoint.objects.create(name="partner", url=server.url, secret="s3cret")
        article = make_article("Signed", status="draft")
        publish(article, django_capture_on_commit_callbacks)
    [request] = server.received
    headers = {k.lower(): v for k, v in request.headers.items()}
    expected = hmac.new(
        b"s3cret", headers["x-dateline-timestamp"].encode() + b"." + request.body, hashlib.sha256
    ).hexdigest()
    assert headers[SIGNATURE_HEADER.lower()] == f"sha256={expected}"
    body = json.loads(request.body)
    assert body["event"] == "published" and body["id"] == article.pk
    assert body["url"] == f"https://news.example{article.get_absolute_url()}"
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 204)


def test_failures_are_retried_and_logged(db, django_capture_on_commit_callbacks):
    with receiver(statuses=[500, 503]) as server:
        WebhookEndpoint.objects.create(name="flaky", url=server.url, secret="k")
        publish(make_article("Retried", status="draft"), django_capture_on_commit_callbacks)
    assert len(server.received) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 3, 204)


def test_gives_up_after_max_attempts(db, settings, django_capture_on_commit_callbacks):
    settings.DATELINE_WEBHOOK_MAX_ATTEMPTS = 2
    with receiver(statuses=[500] * 5) as server:
        WebhookEndpoint.objects.create(name="down", url=server.url, secret="k")
        publish(make_article("Failing", status="draft"), django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("failed", 2, 500)
    assert delivery.last_error == "HTTP 500"


def test_kill_and_update_events_and_subscriptions(db, django_capture_on_commit_callbacks):
    with receiver() as server:
        WebhookEndpoint.objects.create(name="all", url=server.url, secret="k")
        WebhookEndpoint.objects.create(
            name="kills only", url=server.url, secret="k", events=["killed"]
        )
        WebhookEndpoint.objects.create(name="off", url=server.url, secret="k", is_active=False)
        article = make_article("Lifecycle", status="draft")
        publish(article, django_capture_on_commit_callbacks)
        publish(article, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.kill(article)
    events = [json.loads(r.body)["event"] for r in server.received]
    assert events == ["published", "updated", "killed", "killed"]
    killed = json.loads(server.received[-1].body)
    assert "title" not in killed and "url" not in killed


def test_signature_changes_with_secret_and_body():
    assert sign("a", "1", b"x") != sign("b", "1", b"x") != sign("a", "1", b"y")
