"""The path of a change: a section move, an embargo lift and a related-list change each
rebuild exactly the pages that show them (the files whose bytes the change alters, and no
other), and purge exactly those pages' keys; the consumers run in the declared order."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dateline import events
from dateline.articles import lifecycle
from dateline.articles.models import Article
from dateline.desk import embargo, workflow
from dateline.desk.models import UnfinishedRelease
from dateline.publishing.bakery import enqueue_all, run_workers
from dateline.publishing.models import BakedPage
from dateline.publishing.purge import RecordingPurgeBackend
from dateline.publishing.rendering import render_path
from dateline.related import service
from tests.factories import make_article, make_section, make_topic
from tests.publishing.worker import drain_worker
from tests.related.bilingual import ARTICLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(baked, settings, tmp_path, django_capture_on_commit_callbacks):
    """A baked bilingual site whose related lists and stories the worker has computed."""
    settings.DATELINE_RELATED_INDEX_PATH = str(tmp_path / "related-index.npz")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    service.reset_index()
    world, sport = make_section("world", "World"), make_section("sport", "Sport")
    topic = make_topic()
    editor = User.objects.create_superuser("desk", password="pw")
    made = []
    for n, (_story, language, headline, body) in enumerate(ARTICLES[:6]):
        article = make_article(
            headline,
            status=Article.Status.IN_REVIEW,
            language=language,
            body=f"<p>{body}</p>",
            section=world if n % 2 else sport,
            topics=[topic],
        )
        with django_capture_on_commit_callbacks(execute=True):
            workflow.perform(article, "publish", editor)
        made.append(article)
    drain_worker()
    enqueue_all()
    assert run_workers(1).failures == []
    # As an editor's form would, later steps edit the articles as stored now: the worker has
    # put them in stories since they were made.
    for article in made:
        article.refresh_from_db()
    RecordingPurgeBackend.reset()
    yield {"root": baked, "articles": made, "world": world, "sport": sport, "editor": editor}
    service.reset_index()


def _live() -> dict[str, bytes | None]:
    """Return what the app answers now for every page of the ledger (None: not served)."""
    answers = {}
    for path in BakedPage.objects.values_list("path", flat=True):
        rendered = render_path(path)
        answers[path] = rendered.content if rendered.status == 200 else None
    return answers


def _files(root) -> dict[str, bytes]:
    return {
        path: (root / name).read_bytes()
        for path, name in BakedPage.objects.exclude(file="").values_list("path", "file")
    }


def _purged_pages() -> set[str]:
    return {key[2:] for call in RecordingPurgeBackend.calls for key in call if key[:2] == "p:"}


def _assert_exactly_the_pages_that_changed(root, step) -> set[str]:
    """Take ``step``; return the pages it changed, after checking that exactly those files were
    written or removed and exactly their keys purged."""
    live_before, files_before = _live(), _files(root)
    step()
    drain_worker()
    live_after, files_after = _live(), _files(root)
    changed = {p for p in live_after if live_after[p] != live_before.get(p)}
    rewritten = {
        p
        for p in files_before.keys() | files_after.keys()
        if files_before.get(p) != files_after.get(p)
    }
    assert changed, "the step changed no page"
    assert rewritten == changed
    assert _purged_pages() == changed
    assert files_after == {p: body for p, body in live_after.items() if body is not None}
    return changed


def _headlines(root, path: str) -> list[str]:
    html = BeautifulSoup((root / path).read_text(encoding="utf-8"), "lxml")
    return [a.get_text(strip=True) for a in html.select(".item__title a")]


def test_a_section_move_rebuilds_exactly_the_pages_that_show_it(
    site, django_capture_on_commit_callbacks
):
    root, moved = site["root"], site["articles"][1]
    assert moved.section_id == site["world"].pk

    def move() -> None:
        moved.section = site["sport"]
        with django_capture_on_commit_callbacks(execute=True):
            assert workflow.save_edit(moved, site["editor"]).event == "updated"

    changed = _assert_exactly_the_pages_that_changed(root, move)
    assert {"/en/section/world/", "/en/section/sport/"} <= changed
    assert moved.headline in _headlines(root, "en/section/sport/index.html")
    assert moved.headline not in _headlines(root, "en/section/world/index.html")
    assert "p:/feeds/section/world.rss" in {k for c in RecordingPurgeBackend.calls for k in c}


@pytest.mark.parametrize("how", ["by an editor", "by the worker"])
def test_an_embargo_lift_rebuilds_exactly_the_pages_that_show_it(
    site, how, django_capture_on_commit_callbacks
):
    root = site["root"]
    held = make_article(
        "Held until the minister speaks",
        status=Article.Status.IN_REVIEW,
        section=site["world"],
        embargo_until=timezone.now() + timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(held, "publish", site["editor"])
    drain_worker()
    assert held.headline not in _headlines(root, "en/index.html")
    RecordingPurgeBackend.reset()

    def lift() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            if how == "by an editor":
                held.embargo_until = None
                assert workflow.save_edit(held, site["editor"]).event == "published"
            else:
                assert embargo.lift_passed(timezone.now() + timedelta(hours=3)) == [held.pk]

    changed = _assert_exactly_the_pages_that_changed(root, lift)
    assert {"/en/", "/en/section/world/", held.get_absolute_url()} <= changed
    assert held.headline in _headlines(root, "en/index.html")
    assert held.headline in _headlines(root, "en/section/world/index.html")


def test_a_related_list_change_rebuilds_exactly_the_pages_that_show_it(site):
    root = site["root"]
    article, pinned = site["articles"][0], site["articles"][4]
    client = Client()
    client.force_login(site["editor"])
    url = reverse("admin:related_relatedpin_add")
    form = {"article": str(article.pk), "target": str(pinned.pk), "position": "0"}

    def pin() -> None:
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            assert client.post(url, form).status_code == 302

    changed = _assert_exactly_the_pages_that_changed(root, pin)
    related = f"/api/v1/articles/{article.pk}/related"
    assert related in changed
    listed = json.loads((root / BakedPage.objects.get(path=related).file).read_text())
    assert listed[0]["id"] == str(pinned.pk)


def test_the_consumers_run_in_the_declared_order(site, django_capture_on_commit_callbacks):
    ran = []
    registered = dict(events._steps)
    try:
        for name, step in registered.items():
            events._steps[name] = lambda event, _name=name, _step=step: (
                ran.append(_name),
                _step(event),
            )
        with django_capture_on_commit_callbacks(execute=True):
            workflow.perform(site["articles"][2], "unpublish", site["editor"])
    finally:
        events._steps.update(registered)
    assert ran == list(events.ORDER)
    assert not UnfinishedRelease.objects.exists()


def test_a_replayed_event_runs_only_the_steps_it_had_not_finished(
    site, django_capture_on_commit_callbacks
):
    from dateline.desk import announcements
    from dateline.syndication.models import WebhookDelivery, WebhookEndpoint

    WebhookEndpoint.objects.create(name="partner", url="http://127.0.0.1:9/hook", secret="s")
    article = site["articles"][3]
    with django_capture_on_commit_callbacks(execute=False):
        workflow.perform(article, "kill", site["editor"], reason="legal")
    row = UnfinishedRelease.objects.get()
    # The process ran the first three steps and recorded the delivery, then died.
    row.done = "related search stories"
    row.owner = "somewhere-else:1:x"
    row.created_at = timezone.now() - timedelta(hours=1)
    row.save()
    from dateline.syndication.webhooks import record_deliveries

    record_deliveries("killed", Article.objects.get(pk=article.pk), event_id=row.pk)

    assert announcements.finish_interrupted() == [article.pk]
    assert not (
        root_file := site["root"] / f"en/news/{article.pk}/{article.slug}/index.html"
    ).exists(), root_file
    assert WebhookDelivery.objects.filter(article_id=article.pk).count() == 1
    assert not UnfinishedRelease.objects.exists()


def test_lifecycle_announces_a_transaction_once(django_capture_on_commit_callbacks):
    article = make_article(status=Article.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=False) as hooks:
        from django.db import transaction

        with transaction.atomic():
            lifecycle.publish(article)
            lifecycle.announce(article, "updated")
    assert [(h.kind, h.article.pk) for h in hooks] == [("published", article.pk)]


def test_an_editors_story_move_rebuilds_exactly_the_pages_that_show_it(
    site, django_capture_on_commit_callbacks
):
    from dateline.related import story_edits
    from dateline.site.urlbuilder import urls
    from dateline.stories.models import Story

    root = site["root"]
    articles = [Article.objects.get(pk=a.pk) for a in site["articles"]]
    moved = next(a for a in articles if a.story_id)
    target = next(
        (s for s in Story.objects.exclude(pk=moved.story_id) if s.articles.exists()), None
    ) or Story.objects.create(title="Another story")
    before = Story.objects.get(pk=moved.story_id)

    def move() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            story_edits.move(moved, target)

    changed = _assert_exactly_the_pages_that_changed(root, move)
    assert urls.story(target, moved.language) in changed
    assert urls.story(before, moved.language) in changed
