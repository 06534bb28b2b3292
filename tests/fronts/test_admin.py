"""The fronts admin follows the roles: editors arrange and publish, contributors only read
articles, and a user without ``fronts.publish_front`` can edit blocks but never publish."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from dateline.fronts.models import Front, Layout, Takeover
from tests.desk.conftest import make_user
from tests.factories import make_article
from tests.fronts.helpers import add_block

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(front: Front, **extra) -> dict:
    data = {
        "language": front.language,
        "kind": front.kind,
        "section": "",
        "slug": "",
        "title": "",
        "blocks-TOTAL_FORMS": "0",
        "blocks-INITIAL_FORMS": "0",
        "layouts-TOTAL_FORMS": "0",
        "layouts-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_a_contributor_cannot_open_the_fronts():
    contributor = _client(make_user("contributor"))
    assert contributor.get("/admin/fronts/front/").status_code == 403
    assert contributor.get("/admin/fronts/takeover/add/").status_code == 403


def test_an_editor_publishes_a_front_from_its_form():
    front = Front.objects.create(language="en", kind="home")
    add_block(front, "lead", "manual", items=[make_article("Chosen")])
    editor = _client(make_user("editor"))
    response = editor.post(f"/admin/fronts/front/{front.pk}/change/", _form(front, publish="now"))
    assert response.status_code == 302, response.content[:2000]
    layout = Layout.objects.get(front=front)
    assert layout.live_since is not None and layout.blocks[0]["kind"] == "lead"
    assert editor.get("/admin/fronts/front/add/").status_code == 403  # desk chiefs add fronts


def test_without_the_publish_permission_blocks_change_but_nothing_goes_live():
    front = Front.objects.create(language="en", kind="home")
    arranger = make_user(None, "arranger")
    arranger.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="fronts",
            codename__in=["view_front", "change_front", "view_block", "change_block"],
        )
    )
    client = _client(arranger)
    page = client.get(f"/admin/fronts/front/{front.pk}/change/")
    assert page.status_code == 200 and b'name="publish"' not in page.content
    response = client.post(f"/admin/fronts/front/{front.pk}/change/", _form(front, publish="now"))
    assert response.status_code == 302
    assert not Layout.objects.exists()


def test_an_editor_starts_and_ends_a_takeover():
    item = make_article("Breaking now")
    editor = _client(make_user("editor"))
    response = editor.post(
        "/admin/fronts/takeover/add/", {"language": "en", "article": item.pk, "ends_at": ""}
    )
    assert response.status_code == 302
    takeover = Takeover.objects.get()
    assert takeover.created_by.username == "editor" and takeover.ended_at is None
    editor.post(
        "/admin/fronts/takeover/",
        {"action": "end_now", "_selected_action": [takeover.pk]},
    )
    takeover.refresh_from_db()
    assert takeover.ended_at is not None


def test_the_item_picker_searches_articles_as_you_type():
    make_article("Harbour reopens")
    make_article("Budget passes")
    editor = _client(make_user("editor"))
    response = editor.get(
        "/admin/autocomplete/",
        {"term": "harb", "app_label": "fronts", "model_name": "blockitem", "field_name": "article"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Harbour reopens"]
