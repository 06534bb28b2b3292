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


def _desk(client, item) -> BeautifulSoup:
    return BeautifulSoup(client.get(reverse("admin:live_desk", args=[item.pk])).content, "lxml")


def test_entry_states_from_the_desk_page_by_role(client, people, live_item):
    entry = post(live_item, people["editor"], "<p>Seen by readers.</p>")
    state = reverse("admin:live_entry_state", args=[live_item.pk, entry.pk])
    assert client.post(state, {"action": "unpublish"}).status_code == 302  # to the login
    assert Entry.objects.get(pk=entry.pk).unpublished_at is None
    client.force_login(people["contributor"])
    assert client.post(state, {"action": "unpublish"}).status_code == 403
    client.force_login(people["editor"])
    page = _desk(client, live_item)
    row = page.select_one(f"#desk-entry-{entry.pk}")
    assert row["data-state"] == "live" and not row.select("button[value=kill]")
    assert client.post(state, {"action": "kill", "reason": "legal"}).status_code == 403
    assert client.post(state, {"action": "unpublish"}).status_code == 302
    assert Entry.objects.get(pk=entry.pk).state == "unpublished"
    assert client.post(state, {"action": "republish"}).status_code == 302
    client.force_login(people["desk chief"])
    page = _desk(client, live_item)
    assert page.select_one(f"#desk-entry-{entry.pk} button[value=kill]")
    # A kill without a reason is refused with a message, and nothing changes.
    client.post(state, {"action": "kill", "reason": ""})
    assert Entry.objects.get(pk=entry.pk).state == "live"
    assert client.post(state, {"action": "kill", "reason": "legal"}).status_code == 302
    assert Entry.objects.get(pk=entry.pk).state == "killed"
    # Hostile input: an unknown action or a malformed time changes nothing and never crashes.
    other = post(live_item, people["editor"], "<p>Another.</p>")
    for data in ({"action": "explode"}, {"action": "embargo", "until": "not a time"}, {}):
        url = reverse("admin:live_entry_state", args=[live_item.pk, other.pk])
        assert client.post(url, data).status_code == 302
        assert Entry.objects.get(pk=other.pk).state == "live"
    assert client.get(state).status_code == 302
