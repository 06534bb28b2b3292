"""An embargo's end is an event: the worker lifts it once, and what is built ahead follows."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk import embargo
from dateline.desk.models import Transition
from dateline.syndication.models import WebhookDelivery, WebhookEndpoint
from tests.factories import make_article


def _embargoed(minutes_left: float) -> Article:
    return make_article(
        "Ministers agree the budget", embargo_until=timezone.now() + timedelta(minutes=minutes_left)
    )


def test_an_item_under_embargo_is_not_lifted_early(db):
    article = _embargoed(5)
    assert embargo.lift_passed() == []
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_a_passed_embargo_is_lifted_once_and_announced(db, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(name="partner", url="http://127.0.0.1:9/hook", secret="s")
    article = _embargoed(-0.1)
    with django_capture_on_commit_callbacks(execute=True):
        assert embargo.lift_passed() == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert embargo.lift_passed() == []  # never twice
    assert Article.objects.get(pk=article.pk).embargo_until is None
    entry = Transition.objects.get(article=article, action="lift embargo")
    assert "passed" in entry.reason and entry.user is None
    # The receivers of article_published ran: partners hear of it once.
    assert WebhookDelivery.objects.filter(article_id=article.pk, event="published").count() == 1
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_the_front_lists_the_item_once_its_embargo_has_passed(db, client):
    article = _embargoed(-0.1)
    embargo.lift_passed()
    assert article.headline in client.get("/en/").content.decode()
