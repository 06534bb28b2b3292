"""Every workflow step against every role: allowed ones happen and are audited, others refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk import workflow
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
