"""Everything a WordPress post carries: categories and tags, comments (an archive for editors,
never public), SEO title and description, the sticky flag, scheduled and draft states."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from dateline.articles.models import Article
from dateline.importers.models import ImportedComment, ImportedItem
from tests.importers.conftest import post

pytestmark = pytest.mark.django_db

COMMENTS = [
    {"id": 11, "author": "Layla", "email": "layla@example.org", "content": "Well reported."},
    {"id": 12, "author": "Sam", "content": "Thanks, Layla.", "parent": 11},
    {"id": 13, "author": "Pending Pete", "content": "Awaiting a moderator", "approved": "0"},
    {"id": 14, "author": "Spammer", "content": "Cheap pills", "approved": "spam"},
    {"id": 15, "author": "Binned", "content": "Deleted one", "approved": "trash"},
    {"id": 16, "author": "Other blog", "content": "Linked here", "type": "pingback"},
]


def _page(client, article: Article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml").get_text(" ")


def test_comments_are_an_archive_editors_see_and_readers_do_not(
    run_import, wxr_file, client, admin_client
):
    source = wxr_file([post(1, comments=COMMENTS), post(2)])
    result = run_import(source)
    assert result.counts["created"] == 2, result.reasons()
    rows = list(
        ImportedComment.objects.order_by("source_id").values_list(
            "article_id",
            "source_id",
            "parent_id",
            "author_name",
            "author_email",
            "approved",
            "kind",
        )
    )
    assert rows == [
        (1, "11", "", "Layla", "layla@example.org", True, "comment"),
        (1, "12", "11", "Sam", "", True, "comment"),
        (1, "13", "", "Pending Pete", "", False, "comment"),
        (1, "16", "", "Other blog", "", True, "pingback"),
    ]
    assert ImportedComment.objects.get(source_id="11").posted_at.isoformat() == (
        "2016-01-18T11:00:00+00:00"
    )

    # Readers: not on the page, not in the API.
    article = Article.objects.get(pk=1)
    assert "Well reported" not in _page(client, article)
    api = client.get(f"/api/v1/articles/{article.pk}")
    assert api.status_code == 200 and b"Well reported" not in api.content

    # Editors: in the admin, by article.
    listing = admin_client.get(
        reverse("admin:importers_importedcomment_changelist"), {"q": "Layla"}
    )
    cells = BeautifulSoup(listing.content, "lxml").select("#result_list tbody tr")
    assert len(cells) == 2  # Layla's comment, and Sam's answer naming her
    detail = admin_client.get(
        reverse(
            "admin:importers_importedcomment_change",
            args=[ImportedComment.objects.get(source_id="11").pk],
        )
    )
    assert detail.status_code == 200 and b"Well reported." in detail.content
    assert admin_client.get(reverse("admin:importers_importedcomment_add")).status_code == 403

    # A re-import keeps them once; a changed post's comments are those of its new version.
    assert run_import(source).counts["unchanged"] == 2
    assert ImportedComment.objects.count() == 4
    changed = wxr_file([post(1, title="New title", comments=COMMENTS[:1]), post(2)])
    assert run_import(changed).counts["updated"] == 1
    assert list(ImportedComment.objects.values_list("source_id", flat=True)) == ["11"]


def test_seo_title_and_description_are_kept_on_the_import_record(run_import, wxr_file):
    posts = [
        post(
            1,
            title="Storm hits the coast",
            meta={
                "_yoast_wpseo_title": "%%title%% %%sep%% %%sitename%%",
                "_yoast_wpseo_metadesc": "Floods &amp; wind along the coast.",
            },
        ),
        post(
            2,
            meta={
                "rank_math_title": "Markets: what changed this week",
                "rank_math_description": "Prices rose %sep% again",
            },
        ),
        post(3, meta={"_yoast_wpseo_title": "Yoast wins", "rank_math_title": "RankMath loses"}),
        post(4, meta={"_yoast_wpseo_title": "   ", "_edit_lock": "1453111200:1"}),
    ]
    assert run_import(wxr_file(posts)).counts["created"] == 4
    meta = dict(ImportedItem.objects.filter(article__isnull=False).values_list("key", "meta"))
    assert meta == {
        "wxr:1": {
            "seo_title": "Storm hits the coast",
            "seo_description": "Floods & wind along the coast.",
        },
        "wxr:2": {
            "seo_title": "Markets: what changed this week",
            "seo_description": "Prices rose again",
        },
        "wxr:3": {"seo_title": "Yoast wins"},
        "wxr:4": {},
    }


def test_sticky_posts_are_flagged_and_recorded(run_import, wxr_file):
    result = run_import(wxr_file([post(1, sticky=True), post(2)]))
    (flag,) = result.reasons("flagged")
    assert "[post 1] sticky in WordPress" in flag and "pin it on a front" in flag
    assert ImportedItem.objects.get(key="wxr:1").meta == {"sticky": True}
    assert ImportedItem.objects.get(key="wxr:2").meta == {}


def test_categories_tags_and_states_come_along(run_import, wxr_file, client):
    terms = [
        ("category", "world", "World"),
        ("category", "africa", "Africa"),
        ("post_tag", "libya", "Libya"),
        ("post_tag", "oil", "Oil"),
    ]
    posts = [
        post(1, terms=terms),
        post(2, status="future", date="2031-05-01 08:00:00", terms=terms),
        post(3, status="draft", terms=terms),
        post(4, status="pending"),
    ]
    assert run_import(wxr_file(posts)).counts["created"] == 4
    for pk in (1, 2, 3):
        article = Article.objects.get(pk=pk)
        assert article.section.slug == "world"
        assert sorted(article.topics.values_list("slug", flat=True)) == ["africa", "libya", "oil"]
    states = dict(Article.objects.values_list("pk", "status"))
    assert states == {1: "published", 2: "scheduled", 3: "draft", 4: "draft"}
    assert Article.objects.get(pk=2).scheduled_at.isoformat() == "2031-05-01T08:00:00+00:00"
    page = BeautifulSoup(client.get(Article.objects.get(pk=1).get_absolute_url()).content, "lxml")
    linked = {a.get_text(strip=True) for a in page.select("a[href]")}
    assert {"Africa", "Libya", "Oil"} <= linked
    for pk in (2, 3, 4):
        assert client.get(Article.objects.get(pk=pk).get_absolute_url()).status_code == 404
