"""The permissions matrix: every role and anonymous readers try every write; only the ones
``dateline.desk.roles`` grants succeed, and a contributor never publishes, however it asks."""

from __future__ import annotations

import base64

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dateline.articles.models import Article
from dateline.desk import roles
from dateline.desk.models import Transition
from dateline.stories.models import Story
from tests.desk.conftest import make_user
from tests.desk.test_conflict import _form_data
from tests.factories import make_article

ANONYMOUS = "anonymous"
READER = "reader"  # staff, but in no newsroom group
WHO = [ANONYMOUS, READER, *roles.ROLES]
S = Article.Status


def granted(who: str, permission: str) -> bool:
    """Return whether the role table grants ``permission`` (the spec, not the code under test)."""
    if who in (ANONYMOUS, READER):
        return False
    names = roles.ROLES[who]
    return names == ["*"] or permission in names


@pytest.fixture
def people(db):
    found = {who: make_user(who if who != READER else None, who) for who in WHO[1:]}
    for user in found.values():
        user.set_password("a long enough passphrase")
        user.save()
    return found


def client_for(people, who: str) -> Client:
    client = Client()
    if who != ANONYMOUS:
        client.force_login(people[who])
    return client


def _admin_models():
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        yield f"{opts.app_label}.{opts.model_name}", model_admin


@pytest.mark.parametrize("who", WHO)
def test_admin_add_pages_follow_the_role_table(people, who):
    client = client_for(people, who)
    wrong = []
    for name, model_admin in _admin_models():
        app_label, model_name = name.split(".")
        response = client.get(f"/admin/{app_label}/{model_name}/add/")
        if who == ANONYMOUS:
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
            continue
        # An admin class may forbid adding for everyone (computed rows); never allow more.
        by_code = model_admin.has_add_permission.__qualname__.startswith("ModelAdmin.")
        expected = granted(who, f"{app_label}.add_{model_name}") or people[who].is_superuser
        allowed = response.status_code == 200
        if allowed != expected and (allowed or by_code):
            wrong.append((name, response.status_code))
    assert not wrong, f"{who}: {wrong}"


def _article_form(url: str, **extra) -> dict:
    """Return the admin article form as a superuser's browser would submit it, plus ``extra``."""
    boss = Client()
    boss.force_login(User.objects.get(username=roles.ADMIN))
    return _form_data(boss, url) | extra


def _new_article(**extra) -> dict:
    """Return the add form with a headline typed in, plus ``extra``."""
    fields = {"headline": "Crafted headline", "slug": "crafted-headline", "body": "<p>Crafted.</p>"}
    return _article_form("/admin/articles/article/add/", **fields, **extra)


@pytest.mark.parametrize("who", WHO)
def test_a_crafted_status_is_refused_for_every_role(people, who):
    client = client_for(people, who)
    data = _new_article(status=S.PUBLISHED, published_at_0="2026-01-01", published_at_1="10:00:00")
    response = client.post("/admin/articles/article/add/", data)
    assert not Article.objects.filter(headline="Crafted headline").exists(), who
    if granted(who, "articles.add_article"):
        assert response.status_code == 200
        errors = BeautifulSoup(response.content, "html.parser").select(".errornote, .errorlist")
        assert "set by the workflow steps" in " ".join(e.get_text() for e in errors), who


@pytest.mark.parametrize("who", WHO)
def test_adding_an_article_follows_the_role_table(people, who):
    client = client_for(people, who)
    # A request that also presses the publish button.
    data = _new_article(_workflow="publish")
    response = client.post("/admin/articles/article/add/", data, follow=True)
    created = Article.objects.filter(headline="Crafted headline").first()
    if granted(who, "articles.add_article"):
        assert response.status_code == 200
        assert created is not None, (who, response.content.decode()[-2000:])
        if not granted(who, "articles.publish_article"):
            assert created.status != S.PUBLISHED
    else:
        assert created is None, who
    if not granted(who, "articles.publish_article"):
        assert not Article.objects.public().filter(headline="Crafted headline").exists(), who


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("step", ["publish", "schedule", "unpublish", "kill"])
def test_a_crafted_workflow_post_never_exceeds_the_role(people, who, step):
    start = S.PUBLISHED if step in ("unpublish", "kill") else S.IN_REVIEW
    article = make_article(status=start)
    client = client_for(people, who)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = {
        **_article_form(url),
        "_workflow": step,
        "_reason": "crafted",
        "_schedule_at": "2099-01-01T10:00",
    }
    client.post(url, data)
    permission = "articles.kill_article" if step == "kill" else "articles.publish_article"
    changed = Article.objects.get(pk=article.pk).status != start
    if not granted(who, permission):
        assert not changed, (who, step)
        assert not Transition.objects.filter(article=article).exists(), (who, step)
    else:
        # The role may take the step: the crafted form is a real one, so the step happens.
        assert changed, (who, step)


@pytest.mark.parametrize("who", WHO)
def test_deleting_an_article_follows_the_role_table(people, who):
    # A live one is deleted by no one (tests/desk/test_field_matrix.py): kill it first.
    article = make_article(status=S.UNPUBLISHED)
    client = client_for(people, who)
    client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    gone = not Article.objects.filter(pk=article.pk).exists()
    assert gone == granted(who, "articles.delete_article"), who


@pytest.mark.parametrize("who", WHO)
def test_adding_a_story_follows_the_role_table(people, who):
    client = client_for(people, who)
    client.post("/admin/stories/story/add/", {"title": "Crafted story"})
    made = Story.objects.filter(title="Crafted story").exists()
    assert made == granted(who, "stories.add_story"), who


@pytest.mark.parametrize("who", WHO)
def test_nobody_but_the_admin_role_grants_itself_more(people, who):
    """Editing one's own account (groups, superuser flag) is a permission change: admin only."""
    if who == ANONYMOUS:
        response = Client().post("/admin/auth/user/1/change/", {"is_superuser": "on"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        return
    user = people[who]
    client = client_for(people, who)
    admin_group = roles.ADMIN
    from django.contrib.auth.models import Group

    client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=admin_group).pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    user = User.objects.get(pk=user.pk)
    if not granted(who, "auth.change_user"):
        assert not user.is_superuser, who
        assert not user.groups.filter(name=admin_group).exists() or who == roles.ADMIN


def _basic(username: str) -> dict[str, str]:
    token = base64.b64encode(f"{username}:a long enough passphrase".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.mark.parametrize("who", WHO)
def test_api_upload_follows_the_role_table(people, media_root, who):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "PNG")
    upload = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    headers = {} if who == ANONYMOUS else _basic(people[who].username)
    response = Client().post("/api/v1/media/uploads", {"file": upload}, **headers)
    if granted(who, "media.add_mediaasset"):
        assert response.status_code == 201, (who, response.content)
    else:
        assert response.status_code == 401, (who, response.status_code)


def test_every_other_api_operation_is_read_only(client, db):
    """The API has one write (uploads); any other method on any path is refused."""
    from dateline.api.api import api

    schema = api.get_openapi_schema()
    writes = [
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    ]
    assert writes == [("/api/v1/media/uploads", "post")]
    for path in ("/api/v1/articles", "/api/v1/sections", "/api/v1/media"):
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(path).status_code == 405, (path, method)
