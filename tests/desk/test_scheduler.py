"""Scheduled publishing: on time, late after a worker outage (with an alert), never twice."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk import scheduler, workflow
from dateline.desk.models import Alert, Transition
from tests.factories import make_article

S = Article.Status


def _scheduled(people, delta: timedelta) -> Article:
    """Return an item an editor scheduled, due at now + ``delta`` (negative: time has passed)."""
    article = make_article(status=S.IN_REVIEW)
    workflow.perform(article, "schedule", people["editor"], at=timezone.now() + timedelta(hours=1))
    # Time passes: move the due time rather than wait for it.
    Article.objects.filter(pk=article.pk).update(scheduled_at=timezone.now() + delta)
    return Article.objects.get(pk=article.pk)


def test_item_is_not_published_before_its_time(people):
    article = _scheduled(people, timedelta(minutes=5))
    assert scheduler.publish_due() == []
    assert Article.objects.get(pk=article.pk).status == S.SCHEDULED
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_due_item_goes_out_at_its_scheduled_time(people):
    article = _scheduled(people, timedelta(seconds=-2))
    released = scheduler.publish_due()
    assert [a.pk for a in released] == [article.pk]
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == S.PUBLISHED
    assert abs((stored.published_at - stored.scheduled_at).total_seconds()) < 1
    assert Transition.objects.filter(article=article, action="publish", user=None).exists()
    assert not Alert.objects.exists()
    assert Client().get(stored.get_absolute_url()).status_code == 200
    assert scheduler.publish_due() == []  # never twice


# The worker closes stale connections between rounds, as a long-running process must; inside
# a test's wrapping transaction that would drop the connection, so these tests commit.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_started_after_an_outage_publishes_and_alerts(people, caplog):
    article = _scheduled(people, timedelta(hours=-3))
    with caplog.at_level(logging.WARNING, logger="dateline"):
        call_command("worker", "--once")
    stored = Article.objects.get(pk=article.pk)
    assert stored.status == S.PUBLISHED
    alert = Alert.objects.get(article=article)
    assert "late" in alert.message and str(article.pk) in alert.message
    assert any("missed their time" in r.getMessage() for r in caplog.records)
    assert any("went out" in r.getMessage() for r in caplog.records)
    # Late: the public time is when it really went out, not three hours ago.
    assert stored.published_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_shows_overdue_items_and_alerts(people):
    _scheduled(people, timedelta(hours=-1))
    client = Client()
    client.force_login(people["editor"])
    page = client.get("/admin/articles/article/").content.decode()
    assert "past their time and unpublished" in page
    call_command("worker", "--once")
    page = client.get("/admin/articles/article/").content.decode()
    assert "1 scheduling alert(s) need attention" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_runs_queued_tasks(settings):
    from django_tasks_db.models import DBTaskResult

    from tests.desk.tasks import remember

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = remember.enqueue("hello")
    call_command("worker", "--once")
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == "hello"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_item_does_not_stop_the_ones_after_it(people, caplog):
    from dateline.articles import signals

    first = _scheduled(people, timedelta(seconds=-20))
    second = _scheduled(people, timedelta(seconds=-10))

    def explode(sender, article, **kwargs):
        if article.pk == first.pk:
            raise RuntimeError("receiver broke")

    signals.article_published.connect(explode, dispatch_uid="test-explode")
    try:
        with caplog.at_level(logging.ERROR, logger="dateline"):
            released = scheduler.publish_due()
    finally:
        signals.article_published.disconnect(dispatch_uid="test-explode")
    assert [a.pk for a in released] == [second.pk]
    # The first was published (its commit happened); only its receiver failed, and is logged.
    assert Article.objects.get(pk=first.pk).status == S.PUBLISHED
    assert Article.objects.get(pk=second.pk).status == S.PUBLISHED
    assert any("Publishing scheduled article" in r.getMessage() for r in caplog.records)
