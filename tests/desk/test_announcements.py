"""A step's event reaches its receivers even when the process that took the step dies after
the commit: the next worker sends it again, once."""

from __future__ import annotations

import socket

import pytest

from dateline.articles.models import Article
from dateline.desk import announcements, workflow
from dateline.desk.models import UnfinishedRelease
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint
from tests.factories import make_article

S = Article.Status
# Above Linux's largest pid (2**22): no process of this host has it.
DEAD_PROCESS = f"{socket.gethostname()}:4194305:x"


def _died_after_commit(step) -> None:
    """Take ``step`` as a process that is killed between its commit and its receivers."""
    from django.db import transaction

    with transaction.atomic():
        step()
        UnfinishedRelease.objects.update(owner=DEAD_PROCESS)
        # The commit hooks (the signal, the row's removal) are lost with the process.
        transaction.get_connection().run_on_commit.clear()


@pytest.fixture
def partner(db):
    return WebhookEndpoint.objects.create(name="partner", url="http://127.0.0.1:9/h", secret="s")


@pytest.mark.parametrize(
    ("status", "step", "event"),
    [
        (S.IN_REVIEW, "publish", "published"),
        (S.PUBLISHED, "unpublish", "unpublished"),
        (S.PUBLISHED, "kill", "killed"),
    ],
)
def test_an_editors_step_is_announced_by_the_next_worker(people, partner, status, step, event):
    article = make_article(status=status)
    reason = "legal" if step == "kill" else ""
    _died_after_commit(lambda: workflow.perform(article, step, people["desk chief"], reason=reason))
    assert UnfinishedRelease.objects.get().event == event
    assert not WebhookDelivery.objects.filter(article_id=article.pk).exists()

    assert announcements.finish_interrupted() == [article.pk]
    assert WebhookDelivery.objects.filter(article_id=article.pk, event=event).count() == 1
    assert not UnfinishedRelease.objects.exists()
    assert announcements.finish_interrupted() == []  # once


def test_a_correction_is_announced_as_an_update(people, partner):
    article = make_article()
    _died_after_commit(
        lambda: workflow.correct(article, people["editor"], "correction", "The toll was 12.")
    )
    assert announcements.finish_interrupted() == [article.pk]
    assert WebhookDelivery.objects.filter(article_id=article.pk, event="updated").count() == 1


def test_an_event_overtaken_by_a_later_step_is_not_sent_again(people, partner):
    article = make_article(status=S.IN_REVIEW)
    _died_after_commit(lambda: workflow.perform(article, "publish", people["desk chief"]))
    Article.objects.filter(pk=article.pk).update(status=S.UNPUBLISHED)
    assert announcements.finish_interrupted() == [article.pk]
    assert not WebhookDelivery.objects.filter(article_id=article.pk).exists()


def test_a_step_whose_receivers_ran_leaves_no_row(people, django_capture_on_commit_callbacks):
    article = make_article(status=S.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(article, "publish", people["desk chief"])
    assert not UnfinishedRelease.objects.exists()
