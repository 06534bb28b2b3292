"""Every workflow step against every role: allowed ones happen and are audited, others refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk import revisions, workflow
from dateline.desk.models import Transition
from tests.factories import make_article

S = Article.Status

# step: (status it starts from, roles allowed)
MATRIX = {
    "submit": (S.DRAFT, {"contributor", "editor", "desk chief", "admin"}),
    "return": (S.IN_REVIEW, {"editor", "desk chief", "admin"}),
    "schedule": (S.IN_REVIEW, {"editor", "desk chief", "admin"}),
    "publish": (S.IN_REVIEW, {"editor", "desk chief", "admin"}),
    "unpublish": (S.PUBLISHED, {"editor", "desk chief", "admin"}),
    "kill": (S.PUBLISHED, {"desk chief", "admin"}),
}
ROLES = ["contributor", "editor", "desk chief", "admin", "reader"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(MATRIX))
def test_each_step_for_each_role(people, step, role):
    start, allowed = MATRIX[step]
    article = make_article(status=start)
    # The contributor wrote it: contributors submit only their own drafts.
    revisions.record(article, people["contributor"])
    user = people[role]
    kwargs = {"reason": "legal" if step == "kill" else "", "at": None}
    if step == "schedule":
        kwargs["at"] = timezone.now() + timedelta(hours=1)
    if role in allowed:
        workflow.perform(article, step, user, **kwargs)
        stored = Article.objects.get(pk=article.pk)
        assert stored.status == workflow.ACTIONS[step].target
        entry = Transition.objects.get(article=article)
        assert (entry.user, entry.action, entry.from_status, entry.to_status) == (
            user,
            step,
            start,
            stored.status,
        )
    else:
        with pytest.raises(PermissionDenied):
            workflow.perform(article, step, user, **kwargs)
        assert Article.objects.get(pk=article.pk).status == start
        assert not Transition.objects.filter(article=article).exists()


@pytest.mark.parametrize("role", ROLES)
def test_correct_for_each_role(people, role):
    article = make_article()
    allowed = role in {"editor", "desk chief", "admin"}
    if allowed:
        workflow.correct(article, people[role], "correction", "The toll was 12, not 21.")
        assert article.corrections.get().text == "The toll was 12, not 21."
        assert Article.objects.get(pk=article.pk).modified_at is not None
    else:
        with pytest.raises(PermissionDenied):
            workflow.correct(article, people[role], "correction", "x")
        assert not article.corrections.exists()


def test_a_contributor_submits_only_their_own_draft(people):
    from tests.desk.conftest import make_user

    article = make_article(status=S.DRAFT)
    revisions.record(article, make_user("contributor", "other_writer"))
    with pytest.raises(PermissionDenied, match="another writer's draft"):
        workflow.perform(article, "submit", people["contributor"])
    assert Article.objects.get(pk=article.pk).status == S.DRAFT
    assert workflow.available_actions(article, people["contributor"]) == []
    workflow.perform(article, "submit", people["editor"])
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW


def test_wrong_status_is_refused(people):
    article = make_article(status=S.DRAFT)
    with pytest.raises(workflow.TransitionNotAllowed, match="is draft; cannot unpublish"):
        workflow.perform(article, "unpublish", people["admin"])
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.correct(article, people["editor"], "update", "text")


def test_kill_needs_a_reason_and_records_it(people):
    article = make_article()
    with pytest.raises(ValueError, match="needs a reason"):
        workflow.perform(article, "kill", people["desk chief"], reason="  ")
    workflow.perform(article, "kill", people["desk chief"], reason="Court order 12/3")
    assert Transition.objects.get(article=article).reason == "Court order 12/3"


def test_unknown_step_and_bad_correction_kind_name_the_problem(people):
    article = make_article()
    with pytest.raises(ValueError, match="unknown workflow step 'explode'"):
        workflow.perform(article, "explode", people["admin"])
    with pytest.raises(ValueError, match="'erratum' is not one of"):
        workflow.correct(article, people["admin"], "erratum", "x")


def test_publish_signs_with_the_releasing_editors_desk(people):
    from dateline.desk.models import Signature

    signature = Signature.get_or_create_from_text("S/SH 11")
    signature.user = people["editor"]
    signature.save()
    article = make_article(status=S.IN_REVIEW)
    workflow.perform(article, "publish", people["editor"])
    assert str(Article.objects.get(pk=article.pk).signature) == "S/SH 11"


def test_available_actions_follow_role_and_status(people):
    article = make_article(status=S.PUBLISHED)
    names = {a.name for a in workflow.available_actions(article, people["editor"])}
    assert names == {"unpublish"}
    names = {a.name for a in workflow.available_actions(article, people["desk chief"])}
    assert names == {"unpublish", "kill"}
    assert workflow.available_actions(article, people["contributor"]) == []


def test_admin_buttons_follow_the_role_and_a_forged_step_is_refused(people):
    from bs4 import BeautifulSoup
    from django.test import Client

    from tests.desk.test_conflict import _form_data

    article = make_article(status=S.IN_REVIEW)
    url = f"/admin/articles/article/{article.pk}/change/"
    contributor, editor = Client(), Client()
    contributor.force_login(people["contributor"])
    editor.force_login(people["editor"])

    buttons = {
        b["value"]
        for b in BeautifulSoup(editor.get(url).content, "html.parser").select(
            "button[name=_workflow]"
        )
    }
    assert buttons == {"return", "schedule", "publish"}
    soup = BeautifulSoup(contributor.get(url).content, "html.parser")
    assert soup.select("button[name=_workflow]") == []

    # A contributor who posts the publish button anyway is refused, and nothing changes.
    data = _form_data(editor, url) | {"_workflow": "publish"}
    page = contributor.post(url, data, follow=True).content.decode()
    assert "contributors edit only their own drafts" in page
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert not Transition.objects.filter(article=article).exists()


def test_editorial_comments_keep_their_author(people):
    from django.test import Client

    from tests.desk.test_conflict import _form_data

    article = make_article(status=S.DRAFT)
    revisions.record(article, people["contributor"])
    url = f"/admin/articles/article/{article.pk}/change/"
    client = Client()
    client.force_login(people["contributor"])
    data = _form_data(client, url) | {"editorial_comments-0-text": "Check the toll with AP."}
    assert client.post(url, data).status_code == 302
    comment = article.editorial_comments.get()
    assert (comment.text, comment.author) == ("Check the toll with AP.", people["contributor"])


def test_schedule_needs_a_time_that_is_not_past(people):
    article = make_article(status=S.IN_REVIEW)
    with pytest.raises(ValueError, match="needs a time"):
        workflow.perform(article, "schedule", people["editor"])
    with pytest.raises(ValueError, match="is in the past"):
        workflow.perform(
            article, "schedule", people["editor"], at=timezone.now() - timedelta(hours=1)
        )
    assert Article.objects.get(pk=article.pk).status == S.IN_REVIEW
    assert not Transition.objects.filter(article=article).exists()
