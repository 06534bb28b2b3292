"""WordPress WXR: what a post becomes, media from --media-root, re-import, updates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage

from dateline.articles.models import Article
from dateline.importers.models import ImportedItem, Redirect
from dateline.media.models import MediaAsset
from dateline.taxonomy.models import Section, Topic
from tests.factories import make_article
from tests.importers.conftest import attachment, post

pytestmark = pytest.mark.django_db


def test_a_post_keeps_its_id_and_becomes_a_full_article(run_import, wxr_file):
    source = wxr_file(
        [
            post(
                42,
                title="Storm &amp; floods hit the coast",
                content="A <strong>big</strong> storm.<script>x()</script>\n\nMore news.",
                excerpt="The short version.",
                terms=[
                    ("category", "world", "World"),
                    ("category", "europe", "Europe"),
                    ("post_tag", "storms", "Storms"),
                    ("post_format", "post-format-video", "Video"),
                ],
            )
        ]
    )
    result = run_import(source)
    assert result.error is None
    assert result.counts == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 0,
    }
    article = Article.objects.get(pk=42)
    assert article.headline == "Storm & floods hit the coast"
    assert article.slug == "post-number-42"
    assert article.article_type_id == 22
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime(2016, 1, 18, 10, 0, tzinfo=UTC)
    assert article.byline == "Rania Reporter"
    assert article.summary == "The short version."
    assert article.section == Section.objects.get(slug="world")
    assert sorted(t.slug for t in article.topics.all()) == ["europe", "storms"]
    assert article.language == "en"
    paragraphs = [p.get_text() for p in BeautifulSoup(article.body, "html.parser").find_all("p")]
    assert paragraphs == ["A big storm.", "More news."]
    assert "script" not in article.body
    assert article.legacy_key == "wxr:42"
    assert set(Redirect.objects.values_list("old_path", flat=True)) == {
        "/2016/01/post-number-42/",
        "/?p=42",
    }


def test_gallery_format_and_statuses(run_import, wxr_file):
    source = wxr_file(
        [
            post(1, terms=[("post_format", "post-format-gallery", "Gallery")]),
            post(2, status="draft", date_gmt="0000-00-00 00:00:00"),
            post(3, status="future", date="2030-01-01 08:00:00"),
            post(4, status="private"),
            post(5, status="trash"),
            post(6, type="page"),
            post(7, type="nav_menu_item"),
            post(8, comments=[1, 2]),
        ]
    )
    result = run_import(source)
    assert result.counts["created"] == 5
    assert result.counts["skipped"] == 3
    assert Article.objects.get(pk=1).article_type_id == 23
    assert Article.objects.get(pk=2).status == "draft"
    scheduled = Article.objects.get(pk=3)
    assert (scheduled.status, scheduled.scheduled_at.year) == ("scheduled", 2030)
    assert Article.objects.get(pk=4).status == "review"
    assert not Article.objects.filter(pk__in=[5, 6, 7]).exists()
    reasons = result.reasons("skips")
    assert any("post 5" in r and "trashed" in r for r in reasons)
    assert any("post 6" in r and "WordPress page" in r for r in reasons)
    # Drafts, scheduled and private posts never reach readers.
    assert list(Article.objects.public().values_list("pk", flat=True).order_by("pk")) == [1, 8]


def test_reimport_is_a_no_op_and_a_change_updates(run_import, wxr_file):
    posts = [post(n) for n in range(1, 6)]
    source = wxr_file(posts)
    assert run_import(source).counts["created"] == 5
    before = list(Article.objects.order_by("pk").values_list("pk", "sort", "updated_at"))
    again = run_import(source)
    assert again.counts == {
        "created": 0,
        "updated": 0,
        "unchanged": 5,
        "skipped": 0,
        "failed": 0,
    }
    assert list(Article.objects.order_by("pk").values_list("pk", "sort", "updated_at")) == before
    posts[2]["title"] = "A corrected title"
    posts[2]["terms"] = [("category", "sport", "Sport")]
    changed = run_import(wxr_file(posts))
    assert (changed.counts["updated"], changed.counts["unchanged"]) == (1, 4)
    article = Article.objects.get(pk=3)
    assert article.headline == "A corrected title"
    assert article.section.slug == "sport"
    assert list(article.topics.all()) == []
    assert Article.objects.count() == 5
    assert ImportedItem.objects.filter(key__startswith="wxr:").count() == 5


def test_dry_run_stores_nothing(run_import, wxr_file):
    result = run_import(wxr_file([post(1), post(2)]), "--dry-run")
    assert result.counts["created"] == 2
    assert "dry run" in result.output
    assert not Article.objects.exists()


def _attachment(att_id: int, parent: int, file: str) -> dict:
    return attachment(att_id, f"https://news.example.com/wp-content/uploads/{file}", parent, file)


def test_featured_image_and_attachments_come_from_media_root(
    run_import, wxr_file, tmp_path, media_root
):
    uploads = tmp_path / "uploads"
    (uploads / "2016/01").mkdir(parents=True)
    (uploads / "2016/01/storm.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    (uploads / "2016/01/second.png").write_bytes(b"\x89PNG fake")
    source = wxr_file(
        [
            # The post comes before its attachments, as WordPress often writes them.
            post(10, meta={"_thumbnail_id": 11}),
            _attachment(11, 10, "2016/01/storm.jpg"),
            _attachment(12, 10, "2016/01/second.png"),
            _attachment(13, 10, "2016/01/missing.jpg"),
            _attachment(14, 10, "../../etc/passwd.jpg"),
        ]
    )
    result = run_import(source, "--media-root", uploads)
    assert result.error is None
    assert result.counts["created"] == 1
    article = Article.objects.get(pk=10)
    lead = article.lead_media
    assert lead is not None and lead.alt_text == "Photo 11" and lead.caption == "A caption"
    assert lead.path.endswith("_orig_orig.jpg")
    with default_storage.open(lead.file.name) as stored:
        assert stored.read() == b"\xff\xd8\xff fake jpeg"
    assert MediaAsset.objects.count() == 2
    warnings = " | ".join(result.reasons("warnings"))
    assert "'2016/01/missing.jpg' is missing from --media-root" in warnings
    assert "'../../etc/passwd.jpg' points outside --media-root; refused" in warnings
    assert "post 10" in warnings
    old = Redirect.objects.get(old_path="/wp-content/uploads/2016/01/storm.jpg")
    assert old.media == lead
    # Importing again copies nothing and makes no new asset.
    again = run_import(source, "--media-root", uploads)
    assert again.counts["unchanged"] == 1
    assert MediaAsset.objects.count() == 2


def test_media_without_media_root_is_reported_not_fatal(run_import, wxr_file):
    source = wxr_file([post(10, meta={"_thumbnail_id": 11}), _attachment(11, 10, "a/b.jpg")])
    result = run_import(source)
    assert result.counts["created"] == 1
    assert Article.objects.get(pk=10).lead_media is None
    assert any("no --media-root was given" in r for r in result.reasons("warnings"))


@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_reads(run_import, wxr_file, version, scheme):
    source = wxr_file(
        [post(5, terms=[("category", "world", "World"), ("tag", "oil", "Oil")], excerpt="Short.")],
        version=version,
        language="ar",
        scheme=scheme,
    )
    result = run_import(source)
    assert result.counts["created"] == 1
    article = Article.objects.get(pk=5)
    assert article.language == "ar"
    assert [t.slug for t in article.topics.all()] == ["oil"]
    assert Topic.objects.filter(slug="oil").exists()
    assert article.summary == "Short."


def test_new_articles_get_ids_after_the_imported_ones(run_import, wxr_file):
    assert run_import(wxr_file([post(5000)])).counts["created"] == 1
    assert make_article("Written after the import").pk > 5000


def test_untitled_posts_take_their_first_words_and_are_flagged(run_import, wxr_file, client):
    words = "Markets <em>opened</em> higher on Monday after a week of losses in every sector"
    source = wxr_file([post(1, title="", content=words), post(2, title=" ", content="")])
    result = run_import(source)
    assert result.error is None, result.output
    assert result.counts["created"] == 2
    article = Article.objects.get(pk=1)
    assert article.headline == "Markets opened higher on Monday after a week of losses…"
    assert Article.objects.get(pk=2).headline == "Untitled post 2"
    flags = result.reasons("flagged")
    assert len(flags) == 2
    assert "[post 1] untitled in WordPress: headline made up as 'Markets opened" in flags[0]
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    assert page.h1.get_text(strip=True) == article.headline
