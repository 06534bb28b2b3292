"""Bad input: each problem is named with its place, good records still import, and a failed
record changes nothing already stored."""

from __future__ import annotations

import pytest

from dateline.articles.models import Article
from dateline.importers.records import MAX_FIELD_CHARS
from tests.factories import make_article
from tests.importers.conftest import post

pytestmark = pytest.mark.django_db


def _lines(path) -> list[str]:
    return path.read_text().split("\n")


def test_broken_xml_keeps_the_items_before_it(run_import, wxr_file):
    source = wxr_file([post(1), post(2), post(3)])
    text = source.read_text()
    # Break the third item's markup.
    source.write_text(text.replace("<title>Post number 3</title>", "<title>Post number 3</titel>"))
    result = run_import(source)
    assert result.counts["created"] == 2
    assert result.counts["failed"] == 1
    (reason,) = result.reasons()
    line = next(n for n, ln in enumerate(_lines(source), 1) if "</titel>" in ln)
    assert f"export.xml, line {line}" in reason
    assert "broken XML" in reason and "reading stopped" in reason
    assert result.error and "1 record(s) failed" in result.error
    assert set(Article.objects.values_list("pk", flat=True)) == {1, 2}


def test_a_truncated_export_keeps_its_complete_items(run_import, wxr_file):
    source = wxr_file([post(n) for n in range(1, 6)])
    data = source.read_bytes()
    cut = data.index(b"<wp:post_id>4</wp:post_id>")
    source.write_bytes(data[:cut])
    result = run_import(source)
    assert result.counts["created"] == 3
    (reason,) = result.reasons()
    assert "truncated" in reason
    # The half-read fourth post is not stored at all.
    assert set(Article.objects.values_list("pk", flat=True)) == {1, 2, 3}


def test_invalid_utf8_refuses_only_its_post(run_import, wxr_file):
    source = wxr_file([post(1), post(2, title="Caf\u00e9 BADBYTES here"), post(3)])
    source.write_bytes(source.read_bytes().replace(b"BADBYTES", b"\xff\xfe"))
    result = run_import(source)
    assert result.counts["created"] == 2
    (reason,) = result.reasons()
    line = next(n for n, ln in enumerate(source.read_bytes().split(b"\n"), 1) if b"\xff" in ln)
    assert f"line {line} [post 2] invalid UTF-8" in reason
    assert set(Article.objects.values_list("pk", flat=True)) == {1, 3}


def test_a_50_mb_field_is_refused_and_the_rest_imports(run_import, wxr_file):
    huge = "x" * (50 * 1024 * 1024)
    result = run_import(wxr_file([post(1), post(2, content=huge), post(3)]))
    assert result.counts["created"] == 2
    (reason,) = result.reasons()
    assert "[post 2] field content:encoded is 52,428,800 characters long" in reason
    assert f"the limit is {MAX_FIELD_CHARS:,}" in reason
    assert not Article.objects.filter(pk=2).exists()


def test_unknown_post_type_is_skipped_with_its_reason(run_import, wxr_file):
    result = run_import(wxr_file([post(1, type="product"), post(2)]))
    assert result.counts["created"] == 1
    assert result.counts["skipped"] == 1
    (reason,) = result.reasons("skips")
    assert "[post 1] unknown post type 'product': only posts are imported" in reason
    assert "line " in reason


def test_duplicate_ids_in_one_file_keep_the_first(run_import, wxr_file):
    result = run_import(wxr_file([post(7, title="First"), post(8), post(7, title="Second")]))
    assert result.counts["created"] == 2
    (reason,) = result.reasons()
    assert "[post 7] duplicate post id 7" in reason
    assert Article.objects.get(pk=7).headline == "First"


def test_an_id_taken_by_another_article_changes_nothing(run_import, wxr_file):
    other = make_article("An article written in Dateline")
    before = Article.objects.filter(pk=other.pk).values().get()
    result = run_import(wxr_file([post(other.pk, title="Imported"), post(other.pk + 1)]))
    assert result.counts["created"] == 1
    (reason,) = result.reasons()
    assert f"id {other.pk} already belongs to another article" in reason
    assert Article.objects.filter(pk=other.pk).values().get() == before


def test_a_bad_id_is_refused(run_import, wxr_file):
    source = wxr_file([post(2)])
    source.write_text(source.read_text().replace("<wp:post_id>2<", "<wp:post_id>x2<"))
    result = run_import(source)
    reasons = " | ".join(result.reasons())
    assert "wp:post_id 'x2' is not a positive id" in reasons
    assert not Article.objects.exists()


def test_not_a_wordpress_file(run_import, tmp_path):
    source = tmp_path / "other.xml"
    source.write_text("<?xml version='1.0'?><rss><channel></channel></rss>")
    result = run_import(source, "--format", "wxr")
    assert "no <item> found" in result.reasons()[0]
