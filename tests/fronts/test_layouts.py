"""Layout versions: publish now or at a time (through the worker), history with revert, and
breaking takeovers on every front of an edition, ended by an action or at a time."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from dateline.fronts import layouts
from dateline.fronts.models import Front, FrontChange, Layout
from tests.factories import make_article, make_section
from tests.fronts.helpers import add_block, lead_title, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return Front.objects.create(language="en", kind="home")


def test_a_scheduled_layout_goes_live_when_the_worker_reaches_its_time(
    home, django_capture_on_commit_callbacks
):
    morning = make_article("Morning briefing", published_at=timezone.now() - timedelta(days=1))
    make_article("Latest")
    add_block(home, "lead", "manual", items=[morning])
    at = timezone.now() + timedelta(hours=1)
    layout = layouts.publish(home, at=at)
    assert layout.live_since is None and layout.go_live_at == at
    assert lead_title(soup("/en/")) == "Latest"  # still the automatic front
    assert layouts.run_due(now=timezone.now()) == []
    with django_capture_on_commit_callbacks(execute=True):
        changes = layouts.run_due(now=at + timedelta(seconds=1))
    assert [c.kind for c in changes] == ["went_live"]
    assert changes[0].paths == ["/en/"]
    assert lead_title(soup("/en/")) == "Morning briefing"


# The worker closes the connection between rounds (close_old_connections), as a long-running
# process should; inside a test's transaction PostgreSQL then loses the test's own connection
# (a transactional test instead flushes rows later tests need). The same round runs on
# PostgreSQL in test_a_scheduled_layout_goes_live_when_the_worker_reaches_its_time.
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the worker closes the test's connection inside its transaction on PostgreSQL",
)
def test_the_worker_command_puts_a_due_layout_live(home):
    chosen = make_article("Chosen", published_at=timezone.now() - timedelta(days=1))
    make_article("Latest")
    add_block(home, "lead", "manual", items=[chosen])
    layout = layouts.publish(home, at=timezone.now() + timedelta(seconds=1))
    Layout.objects.filter(pk=layout.pk).update(go_live_at=timezone.now() - timedelta(seconds=1))
    call_command("worker", "--once")
    assert lead_title(soup("/en/")) == "Chosen"


def test_history_keeps_every_version_and_revert_publishes_an_old_one(home):
    first, second = make_article("First lead"), make_article("Second lead")
    block = add_block(home, "lead", "manual", items=[first])
    v1 = layouts.publish(home)
    block.placed.update(article=second)
    v2 = layouts.publish(home)
    assert (v1.version, v2.version) == (1, 2)
    assert lead_title(soup("/en/")) == "Second lead"
    v3 = layouts.revert(v1)
    assert v3.version == 3 and v3.blocks == v1.blocks
    assert lead_title(soup("/en/")) == "First lead"
    # The working blocks are the restored ones, so the next edit starts from them.
    assert [p.article_id for b in home.blocks.all() for p in b.placed.all()] == [first.pk]


def test_a_takeover_tops_every_front_of_its_edition_only():
    world = make_section()
    alarm = make_article("Earthquake strikes", section=world)
    make_article("Other news", section=world)
    make_article("خبر", language="ar")
    takeover = layouts.start_takeover(alarm)
    for path in ("/en/", "/en/section/world/"):
        page = soup(path)
        first_block = page.select_one("main section.block")
        assert "block--takeover" in first_block["class"], path
        assert first_block.select_one(".item__title a").get_text() == "Earthquake strikes"
        assert (
            len([a for a in page.select(".item__title a") if a.get_text() == alarm.headline]) == 1
        )
    assert soup("/ar/").select(".block--takeover") == []
    change = FrontChange.objects.get(kind="takeover_on")
    assert set(change.paths) == {"/en/", "/en/section/world/"}
    assert layouts.end_takeover(takeover) is True
    assert soup("/en/").select(".block--takeover") == []
    assert layouts.end_takeover(takeover) is False


def test_a_takeover_ends_at_its_time_through_the_worker(django_capture_on_commit_callbacks):
    alarm = make_article("Storm warning")
    ends = timezone.now() + timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        layouts.start_takeover(alarm, ends_at=ends)
    assert soup("/en/").select(".block--takeover")
    with django_capture_on_commit_callbacks(execute=True):
        changes = layouts.run_due(now=ends + timedelta(seconds=1))
    assert [c.kind for c in changes] == ["takeover_off"]
    assert soup("/en/").select(".block--takeover") == []


def test_a_change_left_unfinished_is_sent_again_by_the_worker(
    home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        layouts.publish(home)
    change = FrontChange.objects.get()
    assert change.done_at is not None  # baking is off: nothing to rebuild, done at once
    FrontChange.objects.filter(pk=change.pk).update(
        done_at=None, created_at=timezone.now() - timedelta(minutes=5)
    )
    assert [c.pk for c in layouts.run_due()] == [change.pk]
    change.refresh_from_db()
    assert change.done_at is not None


def test_a_takeover_in_an_unknown_edition_is_refused():
    with pytest.raises(ValueError, match="not an edition"):
        layouts.start_takeover(make_article(), language="xx")
