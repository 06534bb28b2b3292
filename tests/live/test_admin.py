"""The desk endpoint of a live item, by role: who may post, delete and end coverage."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from dateline.live.models import Entry
from tests.factories import make_article
from tests.live.conftest import post

pytestmark = pytest.mark.django_db


def _post(client, item, body="<p>From the desk.</p>", **extra):
    url = reverse("admin:live_desk", args=[item.pk])
    return client.post(
        url, {"body": body, "byline": "Desk", **extra}, HTTP_ACCEPT="application/json"
    )


def test_roles_at_the_desk_endpoint(client, people, live_item):
    assert _post(client, live_item).status_code == 302  # anonymous: to the login page
    client.force_login(people["reader"])
    assert _post(client, live_item).status_code == 403
    client.force_login(people["contributor"])
    page = client.get(reverse("admin:live_desk", args=[live_item.pk]))
    assert page.status_code == 200
    assert BeautifulSoup(page.content, "lxml").select_one("#entry-form textarea[name=body]")
    answer = _post(client, live_item, "<p>Winds rise.</p>", is_key_event="on")
    assert answer.status_code == 201
    entry = Entry.objects.get(pk=json.loads(answer.content)["id"])
    assert (entry.body, entry.is_key_event, entry.created_by) == (
        "<p>Winds rise.</p>",
        True,
        people["contributor"],
    )
    delete = reverse("admin:live_delete", args=[live_item.pk, entry.pk])
    assert client.post(delete).status_code == 403
    end = client.post(reverse("admin:live_state", args=[live_item.pk]), {"action": "end"})
    assert end.status_code == 403
    assert Entry.objects.visible().count() == 1
    client.force_login(people["editor"])
    assert client.post(delete).status_code == 302
    assert Entry.objects.visible().count() == 0


def test_bad_posts_name_the_problem(client, people, live_item):
    client.force_login(people["editor"])
    empty = _post(client, live_item, "<p> </p>")
    assert empty.status_code == 400 and "needs a body" in json.loads(empty.content)["error"]
    news = make_article()
    assert _post(client, news).status_code == 404
    post(live_item, people["editor"])
    client.post(reverse("admin:live_state", args=[live_item.pk]), {"action": "end"})
    ended = _post(client, live_item)
    assert ended.status_code == 400 and "has ended" in json.loads(ended.content)["error"]
