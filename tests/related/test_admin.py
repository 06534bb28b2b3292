"""The admin shows each pick's score and reasons; editors pin, exclude and merge there."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User

from dateline.related.models import RelatedExclusion, RelatedLink, RelatedPin
from dateline.stories.models import Story
from tests.factories import make_article, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("ed", "ed@example.com", "pw-long-enough-1")
    client.force_login(user)
    return client


def test_links_list_shows_score_and_reasons(editor, engine):
    a, b = make_article("Sirte falls"), make_article("Sirte siege")
    RelatedLink.objects.create(
        article=b,
        target=a,
        rank=0,
        score=1.83,
        reasons="same story; shares Libya, ISIS; 3 days earlier",
    )
    soup = BeautifulSoup(editor.get("/admin/related/relatedlink/").content, "html.parser")
    cells = [td.get_text(strip=True) for td in soup.select("#result_list td")]
    assert "1.83" in cells
    assert "same story; shares Libya, ISIS; 3 days earlier" in cells


def test_pin_and_exclude_actions(editor, engine):
    a, b, c = make_article("one"), make_article("two"), make_article("three")
    first = RelatedLink.objects.create(article=c, target=a, rank=0, score=1.0)
    second = RelatedLink.objects.create(article=c, target=b, rank=1, score=0.5)
    url = "/admin/related/relatedlink/"
    editor.post(url, {"action": "pin", "_selected_action": [first.pk]})
    assert list(RelatedPin.objects.values_list("article", "target")) == [(c.pk, a.pk)]
    editor.post(url, {"action": "exclude", "_selected_action": [second.pk]})
    assert RelatedExclusion.objects.filter(article=c, target=b).exists()


def test_merge_action_and_cycle_message(editor):
    a, b = make_story("A"), make_story("B")
    make_article("x", story=b)
    response = editor.post(
        "/admin/stories/story/",
        {"action": "merge_selected", "_selected_action": [a.pk, b.pk]},
        follow=True,
    )
    assert Story.objects.get(pk=b.pk).merged_into_id == a.pk
    assert "Merged 1 stories" in response.content.decode()
    timeline = editor.get("/admin/stories/timelineentry/")
    assert timeline.status_code == 200
