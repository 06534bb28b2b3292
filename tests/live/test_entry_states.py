"""One entry embargoed, unpublished, killed or corrected, as an article can be: every output
follows (page, JSON-LD, update resource, feeds, API, ninjs), and only the right roles may."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from dateline import events
from dateline.desk import roles
from dateline.desk.models import UnfinishedRelease
from dateline.live import posting
from dateline.live.models import Entry, EntryAudit
from dateline.site.urlbuilder import urls
from tests.live.conftest import post

pytestmark = pytest.mark.django_db

SECRET = "Zanzibar-7 secret words"


def outputs(item) -> dict[str, str]:
    """Return every public output that shows ``item``'s entries, by address, as text."""
    client = Client()
    paths = [
        urls.article(item),
        urls.live_entries(item),
        f"{urls.live_entries(item)}?after=0",
        f"/api/v1/articles/{item.pk}",
        "/api/v1/articles.ninjs?version=3.1",
        *[f"/api/v1/articles/{item.pk}.ninjs?version={v}" for v in ("2.2", "3.1")],
        *[f"/feeds/live/{item.pk}.{fmt}" for fmt in ("rss", "atom", "json")],
    ]
    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        found[path] = body.decode()
    return found


def shown_anywhere(item, text: str = SECRET) -> list[str]:
    return [path for path, body in outputs(item).items() if text in body]


def shown_everywhere(item, text: str = SECRET) -> bool:
    found = outputs(item)
    return [path for path, body in found.items() if text in body] == list(found)


def jsonld_bodies(item) -> list[str]:
    page = BeautifulSoup(Client().get(urls.article(item)).content, "lxml")
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        for node in data.get("@graph", [data]):
            if node.get("@type") == "LiveBlogPosting":
                return [u["articleBody"] for u in node["liveBlogUpdate"]]
    raise AssertionError("no LiveBlogPosting on the page")


@pytest.fixture
def chief(db):
    from tests.desk.conftest import make_user

    return make_user(roles.DESK_CHIEF, "chief")


@pytest.fixture
def shown(live_item, editor):
    post(live_item, editor, "<p>Public entry.</p>")
    entry = post(live_item, editor, f"<p>{SECRET}.</p>", headline="Secret headline")
    assert shown_everywhere(live_item)  # every output shows it before the change
    return entry


def test_an_embargoed_entry_is_invisible_everywhere_until_it_lifts(live_item, editor):
    until = timezone.now() + timedelta(hours=2)
    entry = post(live_item, editor, f"<p>{SECRET}.</p>", embargo_until=until)
    assert entry.embargo_until == until and entry.posted_at == until
    assert shown_anywhere(live_item) == []
    assert shown_anywhere(live_item, "Secret headline") == []
    # Its id is not given away either (it was never shown, so nothing to take back).
    document = json.loads(Client().get(urls.live_entries(live_item)).content)
    assert entry.pk not in document["deleted"]
    assert posting.lift_passed_embargoes() == []

    # Two hours later: the worker's round announces it, and every output shows it.
    Entry.objects.filter(pk=entry.pk).update(
        embargo_until=timezone.now() - timedelta(seconds=1),
        posted_at=timezone.now() - timedelta(seconds=1),
    )
    assert posting.lift_passed_embargoes() == [entry.pk]
    assert posting.lift_passed_embargoes() == []  # announced once
    assert shown_everywhere(live_item)
    lifted = EntryAudit.objects.get(entry=entry, action="lifted")
    assert UnfinishedRelease.objects.filter(pk=lifted.event_id).exists()


def test_an_editor_lifts_an_embargo_early_and_cannot_embargo_a_seen_entry(live_item, editor, shown):
    held = post(live_item, editor, "<p>Held back.</p>", embargo_until=timezone.now() + timedelta(1))
    assert shown_anywhere(live_item, "Held back") == []
    posting.set_embargo(held, editor, None, reason="cleared by legal")
    assert shown_everywhere(live_item, "Held back")
    with pytest.raises(ValidationError, match="unpublish it instead"):
        posting.set_embargo(shown, editor, timezone.now() + timedelta(hours=1))


def test_a_killed_entry_disappears_from_every_output_for_good(live_item, chief, shown):
    posting.kill_entry(shown, chief, reason="legal: named a minor")
    assert shown_anywhere(live_item) == []
    assert shown_anywhere(live_item, "Secret headline") == []
    assert all(SECRET not in body for body in jsonld_bodies(live_item))
    assert "Public entry" in outputs(live_item)[urls.article(live_item)]
    document = json.loads(Client().get(urls.live_entries(live_item)).content)
    assert shown.pk in document["deleted"]  # open pages drop it
    for step in (
        lambda: posting.edit_entry(shown, chief, posting.Draft(body="<p>Back?</p>")),
        lambda: posting.republish_entry(shown, chief),
        lambda: posting.unpublish_entry(shown, chief),
    ):
        with pytest.raises(ValidationError, match="killed"):
            step()
    audit = EntryAudit.objects.get(entry=shown, action="killed")
    assert audit.user == chief and audit.reason == "legal: named a minor"
    assert audit.event_id is not None


def test_a_kill_needs_a_reason(chief, shown):
    with pytest.raises(ValidationError, match="reason"):
        posting.kill_entry(shown, chief, reason=" ")
    assert Entry.objects.get(pk=shown.pk).killed_at is None


def test_an_unpublished_entry_leaves_and_a_republished_one_returns(live_item, editor, shown):
    posting.unpublish_entry(shown, editor, reason="checking")
    assert shown_anywhere(live_item) == []
    assert shown.pk in json.loads(Client().get(urls.live_entries(live_item)).content)["deleted"]
    posting.republish_entry(shown, editor, reason="checked")
    assert shown_everywhere(live_item)
    actions = list(EntryAudit.objects.filter(entry=shown).values_list("action", flat=True))
    assert actions == ["posted", "unpublished", "republished"]


def test_a_corrected_entry_shows_as_corrected_with_its_note(live_item, editor, shown):
    posting.edit_entry(
        shown,
        editor,
        posting.Draft(body=f"<p>{SECRET}, 40 not 400.</p>", headline="Secret headline"),
        correction=True,
        reason="The toll is 40, not 400.",
    )
    page = BeautifulSoup(Client().get(urls.article(live_item)).content, "lxml")
    note = page.select_one(f"#entry-{shown.pk} .live-entry__revision--corrected")
    assert note is not None and "The toll is 40, not 400." in note.get_text()
    entries = Client().get(f"/api/v1/articles/{live_item.pk}").json()["live"]["entries"]
    (item,) = [e for e in entries if e["id"] == shown.pk]
    assert (item["revision"], item["revision_note"]) == ("corrected", "The toll is 40, not 400.")
    document = json.loads(Client().get(urls.live_entries(live_item)).content)
    (resource,) = [e for e in document["entries"] if e["id"] == shown.pk]
    assert resource["revision"] == "corrected" and "The toll is 40" in resource["html"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("contributor", set()),
        ("editor", {"unpublish", "republish", "embargo", "lift"}),
        ("desk chief", {"unpublish", "republish", "embargo", "lift", "kill"}),
        ("admin", {"unpublish", "republish", "embargo", "lift", "kill"}),
        (None, set()),
    ],
)
def test_roles_on_entry_states(live_item, editor, role, allowed):
    from tests.desk.conftest import make_user

    user = make_user(role, f"user-{role}")
    later = timezone.now() + timedelta(hours=1)
    steps = {
        "unpublish": lambda e: posting.unpublish_entry(e, user),
        "republish": lambda e: posting.republish_entry(posting.unpublish_entry(e, None), user),
        "embargo": lambda e: posting.set_embargo(e, user, later),
        "lift": lambda e: posting.set_embargo(posting.set_embargo(e, None, later), user, None),
        "kill": lambda e: posting.kill_entry(e, user, reason="legal"),
    }
    for name, step in steps.items():
        # A fresh entry each time, not yet seen by readers (an embargo may be set on it).
        entry = post(live_item, editor, posted_at=timezone.now() + timedelta(minutes=5))
        if name in allowed:
            step(entry)
        else:
            with pytest.raises(PermissionDenied):
                step(entry)
            assert Entry.objects.get(pk=entry.pk).version == entry.version + (
                1 if name in ("republish", "lift") else 0
            )


def test_a_withdrawn_entry_runs_every_step_inline_even_with_baking_in_the_background(
    settings, live_item, editor, shown, django_capture_on_commit_callbacks
):
    settings.DATELINE_BAKE_IN_BACKGROUND = True
    with django_capture_on_commit_callbacks():
        posting.edit_entry(shown, editor, posting.Draft(body="<p>Plain edit.</p>"))
    edited = EntryAudit.objects.filter(entry=shown, action="edited").get()
    event = events.Event("updated", live_item, edited.event_id)
    assert not event.withdraws_part
    assert events.where("publishing", event) == events.WORKER
    with django_capture_on_commit_callbacks():
        posting.unpublish_entry(shown, editor)
    unpublished = EntryAudit.objects.get(entry=shown, action="unpublished")
    event = events.Event("updated", live_item, unpublished.event_id)
    assert event.withdraws_part and not event.hides  # the item stays in search
    assert events.where("publishing", event) == events.INLINE
