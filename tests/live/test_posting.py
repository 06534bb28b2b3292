"""Entries and their audit trail: post, edit (updated or corrected), delete, by role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dateline.articles.models import Article
from dateline.desk.models import UnfinishedRelease
from dateline.live import posting
from dateline.live.models import Entry, EntryAudit
from tests.factories import make_article
from tests.live.conftest import make_live_item, post

pytestmark = pytest.mark.django_db


def test_a_post_is_an_entry_with_its_audit_row_and_the_item_modified(live_item, contributor):
    before = timezone.now()
    entry = post(
        live_item,
        contributor,
        '<p onclick="x()">Winds reach 120 km/h.</p><script>alert(1)</script>',
        headline="Winds strengthen",
        byline="Carol Reporter",
        is_key_event=True,
    )
    row = Entry.objects.get(pk=entry.pk)
    assert row.body == "<p>Winds reach 120 km/h.</p>"
    assert (row.headline, row.byline, row.is_key_event) == (
        "Winds strengthen",
        "Carol Reporter",
        True,
    )
    assert row.created_by == contributor and row.posted_at >= before
    audit = list(EntryAudit.objects.filter(entry=row).values("action", "user", "data"))
    assert audit == [
        {
            "action": "posted",
            "user": contributor.pk,
            "data": {
                "headline": "Winds strengthen",
                "body": "<p>Winds reach 120 km/h.</p>",
                "byline": "Carol Reporter",
                "is_key_event": True,
                "posted_at": row.posted_at.isoformat(),
                "state": "live",
                "embargo_until": None,
                "authors": [],
            },
        }
    ]
    assert Article.objects.get(pk=live_item.pk).modified_at >= before


def test_every_post_to_a_published_item_is_one_recorded_event(
    live_item, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as hooks:
        post(live_item, contributor)
    assert len(hooks) == 1
    assert list(UnfinishedRelease.objects.values_list("article_id", "event")) == [
        (live_item.pk, "updated")
    ]


def test_a_draft_live_item_takes_entries_without_an_event(contributor):
    draft = make_live_item(status=Article.Status.DRAFT)
    post(draft, contributor)
    assert not UnfinishedRelease.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "<script>alert(1)</script>", "<p> </p><p><br></p>"])
def test_an_empty_body_is_refused(live_item, contributor, body):
    with pytest.raises(ValidationError, match="needs a body"):
        post(live_item, contributor, body)
    assert not Entry.objects.exists()


def test_only_live_items_take_entries(contributor):
    news = make_article()
    with pytest.raises(ValidationError, match=f"article {news.pk} is not a live item"):
        post(news, contributor)


def test_an_ended_coverage_takes_no_entries_until_reopened(live_item, editor):
    posting.end_coverage(live_item, editor)
    with pytest.raises(ValidationError, match="has ended"):
        post(live_item, editor)
    posting.reopen_coverage(live_item, editor)
    assert post(live_item, editor).pk


def test_an_edit_after_publication_shows_as_updated_then_corrected(live_item, contributor, editor):
    entry = post(live_item, contributor, "<p>Two dead.</p>")
    draft = posting.Draft(body="<p>Two dead, five hurt.</p>")
    posting.edit_entry(entry, contributor, draft)
    entry.refresh_from_db()
    assert (entry.revision, entry.version) == ("updated", 2) and entry.revised_at
    fixed = posting.Draft(body="<p>Three dead, five hurt.</p>")
    posting.edit_entry(entry, editor, fixed, correction=True, reason="police figure")
    entry.refresh_from_db()
    assert (entry.revision, entry.version) == ("corrected", 3)
    # A later plain update does not hide that the entry was corrected.
    posting.edit_entry(entry, editor, posting.Draft(body="<p>Three dead, six hurt.</p>"))
    entry.refresh_from_db()
    assert entry.revision == "corrected"
    trail = list(EntryAudit.objects.filter(entry=entry).values_list("action", "user", "reason"))
    assert trail == [
        ("posted", contributor.pk, ""),
        ("edited", contributor.pk, ""),
        ("corrected", editor.pk, "police figure"),
        ("edited", editor.pk, ""),
    ]
    assert [a.data["body"] for a in EntryAudit.objects.filter(entry=entry)] == [
        "<p>Two dead.</p>",
        "<p>Two dead, five hurt.</p>",
        "<p>Three dead, five hurt.</p>",
        "<p>Three dead, six hurt.</p>",
    ]


def test_an_edit_before_readers_saw_the_entry_is_no_revision(contributor):
    draft_item = make_live_item(status=Article.Status.DRAFT)
    entry = post(draft_item, contributor)
    posting.edit_entry(entry, contributor, posting.Draft(body="<p>Better.</p>"))
    entry.refresh_from_db()
    assert (entry.revision, entry.revised_at, entry.body) == ("", None, "<p>Better.</p>")


def test_a_deleted_entry_keeps_its_row_and_audit(live_item, contributor, editor):
    entry = post(live_item, contributor)
    posting.delete_entry(entry, editor, reason="duplicate")
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    assert list(Entry.objects.visible()) == []
    assert list(EntryAudit.objects.filter(entry=entry).values_list("action", "reason")) == [
        ("posted", ""),
        ("deleted", "duplicate"),
    ]
    with pytest.raises(ValidationError, match="deleted"):
        posting.edit_entry(entry, editor, posting.Draft(body="<p>Back.</p>"))


def test_a_future_entry_is_not_visible_yet(live_item, editor):
    later = timezone.now() + timedelta(hours=1)
    post(live_item, editor, posted_at=later)
    assert list(Entry.objects.visible()) == []


# Who may do what: the newsroom roles of dateline.desk.roles.


def test_roles_post_edit_correct_and_delete(people, live_item):
    contributor, editor = people["contributor"], people["editor"]
    with pytest.raises(PermissionDenied, match="needs articles.change_article"):
        post(live_item, people["reader"])
    mine = post(live_item, contributor)
    theirs = post(live_item, editor)
    posting.edit_entry(mine, contributor, posting.Draft(body="<p>Mine, edited.</p>"))
    with pytest.raises(PermissionDenied, match="another journalist posted"):
        posting.edit_entry(theirs, contributor, posting.Draft(body="<p>Not mine.</p>"))
    with pytest.raises(PermissionDenied, match="as a correction"):
        posting.edit_entry(mine, contributor, posting.Draft(body="<p>x</p>"), correction=True)
    with pytest.raises(PermissionDenied, match="needs articles.publish_article"):
        posting.delete_entry(theirs, contributor)
    with pytest.raises(PermissionDenied, match="needs articles.publish_article"):
        posting.set_summary(live_item, contributor, "<p>We know little.</p>")
    posting.edit_entry(mine, editor, posting.Draft(body="<p>Fixed.</p>"), correction=True)
    posting.delete_entry(mine, people["desk chief"])
    posting.set_summary(live_item, people["admin"], "<p>We know little.</p>")
    assert list(Entry.objects.visible().values_list("pk", flat=True)) == [theirs.pk]
